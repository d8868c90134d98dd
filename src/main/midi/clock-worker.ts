/**
 * Worker-thread entry: Sampledeck's MIDI clock, off the main event loop so a busy main (a scan,
 * a big list) cannot make it late. It sleeps with a timer until shortly before each deadline
 * and then waits the rest in Atomics.wait, which blocks only this thread.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { CLOCK, CONTINUE, START, STOP } from '../../shared/midi/midi-message';
import { type ClockCommand, type ClockEvent, epochNow } from './clock-protocol';
import { ClockSchedule } from './clock-schedule';

/** Timers wake up to ~1 ms late; hand over to the fine wait this long before a deadline. */
const COARSE_MARGIN_MS = 6;

const gate = new Int32Array(new SharedArrayBuffer(4));

// A higher priority for this thread where the system allows it (root, or CAP_SYS_NICE).
try {
  setPriority(-10);
} catch {
  // Normal priority; the scan threads lower themselves instead.
}

let schedule: ClockSchedule | null = null;
let generation = 0;

function post(bytes: number[], due: number): void {
  parentPort?.postMessage({ type: 'midi', bytes, due, sent: epochNow() } satisfies ClockEvent);
}

async function run(mine: number): Promise<void> {
  while (generation === mine && schedule) {
    const due = schedule.next();
    const coarse = due - epochNow() - COARSE_MARGIN_MS;
    if (coarse > 0) {
      await new Promise((resolve) => setTimeout(resolve, coarse));
      continue; // commands may have arrived while asleep
    }
    // Short futex waits: they block only this thread and wake within tens of microseconds on
    // an idle core. (Spinning the last millisecond was tried: on two busy cores it starved
    // main and made things worse.)
    for (let left = due - epochNow(); left > 0; left = due - epochNow()) {
      Atomics.wait(gate, 0, 0, Math.min(left, 0.2));
    }
    post([CLOCK], due);
    schedule.advance();
  }
}

parentPort?.on('message', (command: ClockCommand) => {
  switch (command.type) {
    case 'start':
    case 'continue': {
      generation += 1;
      const now = epochNow();
      post([command.type === 'start' ? START : CONTINUE], now);
      schedule = new ClockSchedule(command.bpm, now);
      void run(generation);
      break;
    }
    case 'stop':
      generation += 1;
      schedule = null;
      post([STOP], epochNow());
      break;
    case 'tempo':
      schedule?.setTempo(command.bpm);
      break;
  }
});
