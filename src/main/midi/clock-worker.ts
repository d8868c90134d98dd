/**
 * Worker-thread entry: Sampledeck's MIDI clock, the sequencer and the hardware outputs (see
 * clock-protocol.ts), off the main event loop so a busy main (a scan, a big list) cannot make
 * them late. It asks for real-time scheduling, sleeps with a timer until shortly before each
 * deadline and then waits the rest in Atomics.wait, which blocks only this thread.
 */
import { parentPort } from 'node:worker_threads';
import { songPosition } from '../../shared/midi/midi-encode';
import { CLOCK, CONTINUE, START, STOP } from '../../shared/midi/midi-message';
import { raiseThreadPriority } from '../platform/thread-priority';
import { type ClockCommand, type ClockEvent, epochNow } from './clock-protocol';
import { ClockSchedule } from './clock-schedule';
import { HardwareOutputs } from './hardware-outputs';
import { SequencerService, type TimingType } from './sequencer-service';
import { SongPosition } from './song-position';

/** Timers wake up to ~1 ms late; hand over to the fine wait this long before a deadline. */
const COARSE_MARGIN_MS = 6;
const HARDWARE = 'hardware:';

/** What the sequencer throws for patterns or edits that do not fit (zod, its own checks). */
const BAD_INPUT_ERRORS = new Set(['PatternEditError', 'RangeError', 'ZodError']);

const gate = new Int32Array(new SharedArrayBuffer(4));

function post(event: ClockEvent): void {
  parentPort?.postMessage(event);
}

post({ type: 'priority', priority: raiseThreadPriority() });

let clockOutputs: string[] = [];
/** Whether RtMidi's outputs are ours to send to (main says so once it has RtMidi). */
let hardwareHere = false;
const hardware = new HardwareOutputs((name, message) => {
  clockOutputs = clockOutputs.filter((n) => n !== name);
  post({ type: 'output-error', name, message });
});

const sequencer = new SequencerService({
  send: (bytes, outputs) => {
    const sent = epochNow();
    const forMain: string[] = [];
    for (const id of outputs) {
      if (hardwareHere && id.startsWith(HARDWARE)) hardware.send(id.slice(HARDWARE.length), bytes);
      else forMain.push(id);
    }
    post({ type: 'sequencer-midi', bytes, outputs: forMain, sent });
  },
  onState: ({ playing, step, current, queued }) =>
    post({ type: 'sequencer-step', step: { playing, step, current, queued } }),
});

/** The song position of this thread's own clock, for the sequencer when it follows it. */
const position = new SongPosition();
let followOwn = true;

/**
 * Sends one timing message: the clock's outputs first (they are what external gear times
 * itself by), then main; then the position moves and the sequencer plays if it follows us.
 */
function emit(timing: TimingType, bytes: number[], due: number, moveTo: () => void): void {
  const sent = epochNow();
  for (const name of clockOutputs) hardware.send(name, bytes);
  post({ type: 'midi', bytes, due, sent });
  moveTo();
  if (followOwn) guarded(() => sequencer.onTiming(timing, position.pulses));
}

/** Nothing the sequencer or a bad command does may stop the clock or kill the thread. */
function guarded(action: () => void): void {
  try {
    action();
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

let schedule: ClockSchedule | null = null;
let generation = 0;

async function run(mine: number): Promise<void> {
  while (generation === mine && schedule) {
    const due = schedule.next();
    const coarse = due - epochNow() - COARSE_MARGIN_MS;
    if (coarse > 0) {
      await new Promise((resolve) => setTimeout(resolve, coarse));
      continue; // commands may have arrived while asleep
    }
    // Short futex waits: they block only this thread and wake within tens of microseconds.
    // (Spinning the last millisecond was tried: on two busy cores it starved main.)
    for (let left = due - epochNow(); left > 0; left = due - epochNow()) {
      Atomics.wait(gate, 0, 0, Math.min(left, 0.2));
    }
    emit('clock', [CLOCK], due, () => position.clock());
    schedule.advance();
  }
}

function handle(command: ClockCommand): void {
  switch (command.type) {
    case 'start':
    case 'continue': {
      generation += 1;
      const now = epochNow();
      if (command.type === 'start') emit('start', [START], now, () => position.start());
      else emit('continue', [CONTINUE], now, () => position.continue());
      schedule = new ClockSchedule(command.bpm, now);
      void run(generation);
      break;
    }
    case 'stop':
      generation += 1;
      schedule = null;
      emit('stop', [STOP], epochNow(), () => position.stop());
      break;
    case 'tempo':
      schedule?.setTempo(command.bpm);
      break;
    case 'song-position':
      emit('song-position', songPosition(command.sixteenths), epochNow(), () =>
        position.songPosition(command.sixteenths),
      );
      break;
    case 'clock-outputs':
      clockOutputs = [];
      // Opened now, so the first pulse does not wait for RtMidi.
      for (const name of command.names) {
        hardware.prepare(name, () => {
          if (!clockOutputs.includes(name)) clockOutputs.push(name);
        });
      }
      break;
    case 'send':
      hardware.send(command.name, command.bytes);
      break;
    case 'close-output':
      hardware.close(command.name);
      clockOutputs = clockOutputs.filter((n) => n !== command.name);
      break;
    case 'hardware-here':
      hardwareHere = command.value;
      break;
    case 'follow-own':
      followOwn = command.value;
      break;
    case 'timing':
      if (!followOwn) sequencer.onTiming(command.timing, command.pulses);
      break;
    case 'sequencer-configure':
      try {
        post({
          type: 'sequencer-state',
          state: sequencer.configure(command.change),
          id: command.id,
        });
      } catch (error) {
        post({
          type: 'sequencer-state',
          state: sequencer.state(),
          id: command.id,
          error: {
            message: error instanceof Error ? error.message : String(error),
            badInput: error instanceof Error && BAD_INPUT_ERRORS.has(error.name),
          },
        });
      }
      break;
  }
}

parentPort?.on('message', (command: ClockCommand) => guarded(() => handle(command)));
