/**
 * Worker-thread entry: Sampledeck's MIDI clock, off the main event loop so a busy main (a scan,
 * a big list) cannot make it late, and the hardware MIDI outputs (see clock-protocol.ts). It
 * asks for real-time scheduling, sleeps with a timer until shortly before each deadline and
 * then waits the rest in Atomics.wait, which blocks only this thread.
 */
import { parentPort } from 'node:worker_threads';
import { CLOCK, CONTINUE, START, STOP } from '../../shared/midi/midi-message';
import { raiseThreadPriority } from '../thread-priority';
import type { MidiOutputHandle } from './midi-backend';
import { type ClockCommand, type ClockEvent, epochNow } from './clock-protocol';
import { ClockSchedule } from './clock-schedule';
import { describeRtMidiFailure, loadRtMidi, openRtMidiOutput } from './rtmidi-backend';

/** Timers wake up to ~1 ms late; hand over to the fine wait this long before a deadline. */
const COARSE_MARGIN_MS = 6;

const gate = new Int32Array(new SharedArrayBuffer(4));

function post(event: ClockEvent): void {
  parentPort?.postMessage(event);
}

post({ type: 'priority', priority: raiseThreadPriority() });

type RtMidi = Awaited<ReturnType<typeof loadRtMidi>>;

/** Hardware outputs by name, opened on first use. */
const outputs = new Map<string, MidiOutputHandle>();
let clockOutputs: string[] = [];
let rtmidi: RtMidi | null = null;
let loading: Promise<RtMidi> | null = null;
let queue: Promise<void> = Promise.resolve();

function fail(name: string, error: unknown): void {
  try {
    outputs.get(name)?.close();
  } catch {
    // Already gone.
  }
  outputs.delete(name);
  clockOutputs = clockOutputs.filter((n) => n !== name);
  post({ type: 'output-error', name, message: describeRtMidiFailure(error) });
}

/** Runs `use` on the output once RtMidi is loaded, in the order the commands came. */
function withOutput(name: string, use: (output: MidiOutputHandle) => void): void {
  const run = (midi: RtMidi) => {
    try {
      let output = outputs.get(name);
      if (!output) outputs.set(name, (output = openRtMidiOutput(midi, name)));
      use(output);
    } catch (error) {
      fail(name, error);
    }
  };
  if (rtmidi) return run(rtmidi);
  loading ??= loadRtMidi().then((midi) => (rtmidi = midi));
  const loaded = loading;
  queue = queue.then(() => loaded).then(run, (error: unknown) => fail(name, error));
}

/** The clock's outputs first (they are what external gear times itself by), then main. */
function emit(bytes: number[], due: number): void {
  const sent = epochNow();
  for (const name of clockOutputs) withOutput(name, (output) => output.send(bytes));
  post({ type: 'midi', bytes, due, sent });
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
    emit([CLOCK], due);
    schedule.advance();
  }
}

parentPort?.on('message', (command: ClockCommand) => {
  switch (command.type) {
    case 'start':
    case 'continue': {
      generation += 1;
      const now = epochNow();
      emit([command.type === 'start' ? START : CONTINUE], now);
      schedule = new ClockSchedule(command.bpm, now);
      void run(generation);
      break;
    }
    case 'stop':
      generation += 1;
      schedule = null;
      emit([STOP], epochNow());
      break;
    case 'tempo':
      schedule?.setTempo(command.bpm);
      break;
    case 'clock-outputs':
      clockOutputs = [];
      // Opened now, so the first pulse does not wait for RtMidi.
      for (const name of command.names) {
        withOutput(name, () => {
          if (!clockOutputs.includes(name)) clockOutputs.push(name);
        });
      }
      break;
    case 'send':
      withOutput(command.name, (output) => output.send(command.bytes));
      break;
    case 'close-output':
      outputs.get(command.name)?.close();
      outputs.delete(command.name);
      clockOutputs = clockOutputs.filter((n) => n !== command.name);
      break;
  }
});
