/**
 * Clock master timing: Sampledeck's clock (its own real-time thread) against a naive
 * setInterval generator on main, each for BENCH_SECONDS (default 60) at 120 BPM while the
 * library rescans 10,000 files on main over and over. Errors against each pulse's ideal time
 * (start + n × period):
 * - every pulse as it leaves the clock thread, which is when the hardware clock outputs and
 *   the sequencer (the receiving end in that thread) get it;
 * - every sequencer note-on as it leaves the thread, against the pulse it belongs to;
 * - every pulse as it reaches the receivers on main (the monitor, the tempo display).
 * Prints one JSON line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LibraryService } from '../src/main/library/library-service';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { InternalBus } from '../src/main/midi/internal-bus';
import { errorSummary, probedMidi } from './bench-clock';
import { round, sampleFolder } from './bench-data';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BPM = 120;
const PERIOD = 60_000 / (BPM * 24);
const OUT = resolve(__dirname, '..', 'out', 'main');

/** Rescans the 10,000-file folder on main until stopped: the load the clock must ignore. */
function scanLoad() {
  const pool = new WorkerPool(join(OUT, 'file-worker.js'));
  const library = new LibraryService({
    cacheFile: join(mkdtempSync(join(tmpdir(), 'sd-bench-')), 'library.json'),
    pool,
    onChanged: () => undefined,
    watch: false,
  });
  let running = true;
  let scans = 0;
  const done = (async () => {
    await library.load();
    await library.add([sampleFolder(10_000)]);
    while (running) {
      await library.idle();
      scans += 1;
      library.rescan();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      await library.dispose();
      await pool.dispose();
      return scans;
    },
  };
}

async function ours(): Promise<{
  sent: number[];
  notes: number[];
  received: number[];
  lastDrift: number;
  thread: string | null;
}> {
  const sent: number[] = [];
  const notes: number[] = [];
  const received: number[] = [];
  const dues: number[] = [];
  const bus = new InternalBus();
  let start = 0;
  let lastDrift = 0;
  const midi = probedMidi(bus, {
    clockSent: (bytes, at, due) => {
      if (bytes[0] !== 0xf8) return;
      if (start === 0) start = due;
      sent.push(at - due);
      dues.push(due);
      // Drift: the pulse's due time against start + n × period, n counted here.
      lastDrift = due - (start + (dues.length - 1) * PERIOD);
    },
    sequencerSent: (bytes, at) => {
      if ((bytes[0]! & 0xf0) !== 0x90 || bytes[2] === 0 || start === 0) return;
      // Its pulse: the last one due at or before it (notes are a fraction of a period late).
      const n = Math.floor((at - start) / PERIOD + 1e-9);
      notes.push(at - (start + n * PERIOD));
    },
  });
  const receiver = bus.openInput('Sampledeck Clock', (bytes) => {
    if (bytes[0] !== 0xf8) return;
    const due = dues[received.length];
    if (due !== undefined) received.push(performance.now() - due);
  });
  midi.master.configure({ bpm: BPM });
  midi.master.transport('start');
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  midi.master.transport('stop');
  const thread = midi.master.generator().thread;
  receiver.close();
  await midi.dispose();
  bus.dispose();
  return { sent, notes, received, lastDrift, thread };
}

/** The baseline: setInterval(period) on main, each pulse "due" one period after the last ideal. */
async function naive(): Promise<number[]> {
  const errors: number[] = [];
  const start = performance.now();
  let n = 0;
  const timer = setInterval(() => {
    n += 1;
    errors.push(performance.now() - (start + n * PERIOD));
  }, PERIOD);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(timer);
  return errors;
}

async function main() {
  sampleFolder(10_000);
  let load = scanLoad();
  const result = await ours();
  const scansOurs = await load.stop();
  load = scanLoad();
  const baseline = await naive();
  const scansBaseline = await load.stop();
  console.log(
    JSON.stringify({
      bench: 'clock-generator',
      bpm: BPM,
      seconds: SECONDS,
      load: { what: 'library rescans of 10,000 files on main', scansOurs, scansBaseline },
      sampledeck: {
        thread: result.thread,
        pulsesLeavingClockThread: errorSummary(result.sent),
        sequencerNoteOnsAgainstTheirPulse: errorSummary(result.notes),
        pulsesReceivedOnMain: errorSummary(result.received),
        driftOfLastPulseMs: round(result.lastDrift, 6),
        lastPulseLeftAfterItsIdealTimeMs: round(result.sent.at(-1) ?? NaN, 3),
      },
      baselineSetInterval: {
        receivedOnMain: errorSummary(baseline),
        driftOfLastPulseMs: round(baseline.at(-1) ?? NaN, 3),
      },
    }),
  );
  process.exit(0);
}

void main();
