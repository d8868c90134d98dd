/**
 * The background analysis against main's event loop and the MIDI clock: main's event-loop
 * delay (p99, max) while an AnalysisService (the real worker pool, analysis.db's thread) analyses
 * BENCH_FILES (default 2,000) one-shots, against the same time idle in the same run (target p99
 * < 20 ms); and the internal clock's pulses (as bench/clock-generator.ts measures them: leaving
 * the clock thread and reaching main) for BENCH_SECONDS (default 10) at 120 BPM with the analysis
 * running over and over, against the same without it. The service's time for the files, with
 * every thread (short files) against one file in flight (its rule before). Prints one JSON line.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AnalysisDbClient } from '../src/main/analysis/analysis-db-client';
import { AnalysisService, type AnalysableFile } from '../src/main/analysis/analysis-service';
import { SimilarityIndex } from '../src/main/analysis/similarity-index';
import { InternalBus } from '../src/main/midi/internal-bus';
import { WorkerPool } from '../src/main/workers/worker-pool';
import type { AnalysisProgress } from '../src/shared/contract';
import { oneShotFolder } from './analysis-data';
import { errorSummary, probedMidi } from './bench-clock';
import { listFiles, round } from './bench-data';

const FILES = Number(process.env.BENCH_FILES ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const OUT = resolve(__dirname, '..', 'out', 'main');

function filesOf(root: string): AnalysableFile[] {
  return listFiles(root)
    .filter((p) => p.endsWith('.wav'))
    .map((path) => {
      const { size, mtimeMs } = statSync(path);
      return { path, sizeBytes: size, mtimeMs };
    });
}

/** One whole analysis of `files` by a fresh service (a fresh analysis.db): resolves when done. */
async function analyseOnce(
  pool: WorkerPool,
  files: AnalysableFile[],
  inFlight?: number,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-bench-analysis-'));
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const service = new AnalysisService({
    pool,
    store: new AnalysisDbClient(join(OUT, 'analysis-worker.js'), {
      file: join(dir, 'analysis.db'),
    }),
    finder: new SimilarityIndex(),
    files: () => files,
    ...(inFlight ? { inFlight } : {}),
    onProgress: (p: AnalysisProgress) => {
      if (!p.active && p.done + p.failed === p.total) finish();
    },
  });
  const start = performance.now();
  await service.open();
  await done;
  const ms = performance.now() - start;
  await service.dispose();
  return ms;
}

async function loopDelay(run: () => Promise<unknown>) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  delay.disable();
  return { ms, p99Ms: round(delay.percentile(99) / 1e6, 2), maxMs: round(delay.max / 1e6, 2) };
}

/** The clock at 120 BPM for SECONDS: each pulse's error leaving its thread and reaching main. */
async function clockPulses() {
  const sent: number[] = [];
  const received: number[] = [];
  const dues: number[] = [];
  const bus = new InternalBus();
  let start = 0;
  let firstPulse: () => void = () => undefined;
  const started = new Promise<void>((r) => (firstPulse = r));
  const midi = probedMidi(bus, {
    clockSent: (bytes, at, due) => {
      if (bytes[0] !== 0xf8) return;
      if (start === 0) {
        start = due;
        firstPulse();
      }
      sent.push(at - due);
      dues.push(due);
    },
  });
  const receiver = bus.openInput('Sampledeck Clock', (bytes) => {
    if (bytes[0] !== 0xf8) return;
    const due = dues[received.length];
    if (due !== undefined) received.push(performance.now() - due);
  });
  midi.master.configure({ bpm: 120 });
  midi.master.transport('start');
  // Measured from the first pulse: the clock thread's start-up is not its timing.
  const ceiling = setTimeout(() => firstPulse(), 30_000);
  await started;
  clearTimeout(ceiling);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  midi.master.transport('stop');
  receiver.close();
  await midi.dispose();
  bus.dispose();
  return { leavingClockThread: errorSummary(sent), receivedOnMain: errorSummary(received) };
}

async function main() {
  const files = filesOf(oneShotFolder(FILES));
  const pool = new WorkerPool(join(OUT, 'file-worker.js'));
  await analyseOnce(pool, files.slice(0, 50)); // threads started and warm

  const busy = await loopDelay(() => analyseOnce(pool, files));
  const idle = await loopDelay(() => new Promise((r) => setTimeout(r, busy.ms)));
  const oneInFlightMs = await analyseOnce(pool, files, 1);

  let running = true;
  let rounds = 0;
  const load = (async () => {
    while (running) {
      await analyseOnce(pool, files);
      rounds += 1;
    }
  })();
  const withAnalysis = await clockPulses();
  running = false;
  await load;
  const without = await clockPulses();
  await pool.dispose();

  console.log(
    JSON.stringify({
      bench: 'analysis-loop',
      machine: 'shared (2 cores, other agents running)',
      files: files.length,
      eventLoop: {
        analysing: { seconds: round(busy.ms / 1000, 2), p99Ms: busy.p99Ms, maxMs: busy.maxMs },
        baselineOneFileInFlightSeconds: round(oneInFlightMs / 1000, 2),
        targetP99Ms: 20,
        baselineIdle: { p99Ms: idle.p99Ms, maxMs: idle.maxMs },
      },
      clock: {
        bpm: 120,
        seconds: SECONDS,
        withAnalysis: { ...withAnalysis, analysisRounds: rounds },
        baselineWithout: without,
      },
    }),
  );
  process.exit(0);
}

void main();
