/**
 * Analysis speed: BENCH_FILES (default 10,000) synthesised one-shots of about 1 s analysed
 * through the real worker pool on 2 threads (target < 60 s), against the header scan of the
 * same files in the same run; and one 5-minute stereo 44.1 kHz WAV analysed on a worker thread
 * (target < 1 s), against decoding it alone: the first on a thread (whose planes are fresh
 * memory) and the ones after (scratch-planes.ts lends them again). Prints one JSON line.
 */
import { resolve, join } from 'node:path';
import { decodeFile } from '../src/main/analysis/decode-signal';
import type { AnalysisTaskResult } from '../src/main/analysis/analysis-task';
import { scanFolder } from '../src/main/library/scanner';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { oneShotFolder } from './analysis-data';
import { listFiles, longWav, median, round } from './bench-data';

const FILES = Number(process.env.BENCH_FILES ?? 10_000);
const THREADS = 2;
const OUT = resolve(__dirname, '..', 'out', 'main');
const FIVE_MINUTES_BYTES = 44 + 300 * 44_100 * 4;

/** Every file through the pool, two tasks queued per thread (as the service keeps them busy). */
async function analyseAll(pool: WorkerPool, paths: string[]) {
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const result: AnalysisTaskResult = await pool.analyse({ path: paths[next++]! });
      if (!result.ok) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: THREADS * 2 }, worker));
  return failed;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

async function main() {
  const root = oneShotFolder(FILES);
  const paths = listFiles(root).filter((p) => p.endsWith('.wav'));
  const long = longWav(FIVE_MINUTES_BYTES);
  const pool = new WorkerPool(join(OUT, 'file-worker.js'), THREADS);
  // Warm both threads (their start-up and first JIT are not the files').
  await analyseAll(pool, paths.slice(0, 40));

  const scan = await timed(() =>
    scanFolder({ root, pool, onRecords: () => undefined, onProblem: () => undefined }),
  );
  const analysis = await timed(() => analyseAll(pool, paths));

  await pool.dispose();

  // One thread, warmed on one-shots, so every long run lands on the same thread.
  const single = new WorkerPool(join(OUT, 'file-worker.js'), 1);
  await analyseAll(single, paths.slice(0, 40));
  const longRuns: number[] = [];
  const decodeRuns: number[] = [];
  for (let run = 0; run < 5; run++) {
    const one = await timed(() => single.analyse({ path: long }));
    if (!one.value.ok) throw new Error(one.value.error);
    longRuns.push(one.ms);
    decodeRuns.push((await timed(() => decodeFile(long))).ms);
  }
  await single.dispose();

  console.log(
    JSON.stringify({
      bench: 'analysis-speed',
      machine: 'shared (2 cores, other agents running)',
      oneShots: {
        files: paths.length,
        threads: THREADS,
        analysisSec: round(analysis.ms / 1000, 2),
        filesPerSec: round(paths.length / (analysis.ms / 1000)),
        failed: analysis.value,
        targetSec: (60 * paths.length) / 10_000,
        baselineHeaderScanSec: round(scan.ms / 1000, 2),
      },
      fiveMinuteStereoWav: {
        analysisMs: round(median(longRuns.slice(1))),
        firstOnThreadMs: round(longRuns[0]!),
        targetMs: 1000,
        baselineDecodeOnlyMs: round(median(decodeRuns)),
      },
    }),
  );
}

void main();
