/**
 * Library scan speed: 10,000 files on a warm disk cache, our scanner against a naive baseline
 * in the same run, and the main event loop's delay while ours runs. Prints one JSON line.
 */
import { open } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { LibraryService } from '../src/main/library/library-service';
import { scanFolder } from '../src/main/library/scanner';
import { listFiles, median, round, sampleFolder } from './bench-data';

const FILES = Number(process.env.BENCH_FILES ?? 10_000);
const RUNS = 5;

async function naive(paths: string[]): Promise<void> {
  const buffer = Buffer.alloc(4096);
  for (const path of paths) {
    const handle = await open(path, 'r');
    await handle.read(buffer, 0, buffer.length, 0);
    await handle.close();
  }
}

async function ours(root: string, pool: WorkerPool): Promise<number> {
  let read = 0;
  await scanFolder({
    root,
    pool,
    onRecords: (records) => {
      read += records.length;
    },
    onProblem: (p) => {
      throw new Error(`${p.path}: ${p.reason}`);
    },
  });
  return read;
}

/** The same files through the whole library service: index, events and cache included. */
async function throughLibrary(
  root: string,
  pool: WorkerPool,
): Promise<{ ms: number; p99: number; max: number }> {
  const library = new LibraryService({
    cacheFile: join(mkdtempSync(join(tmpdir(), 'sd-bench-')), 'library.json'),
    pool,
    onChanged: () => undefined,
  });
  await library.load();
  await library.add([root]);
  await library.idle();
  const ms: number[] = [];
  const p99: number[] = [];
  const max: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const start = performance.now();
    library.rescan();
    await library.idle();
    ms.push(performance.now() - start);
    delay.disable();
    p99.push(delay.percentile(99) / 1e6);
    max.push(delay.max / 1e6);
  }
  if (library.state().total !== FILES) throw new Error('library missed files');
  await library.dispose();
  return { ms: median(ms), p99: median(p99), max: Math.max(...max) };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main() {
  const root = sampleFolder(FILES);
  const paths = listFiles(root);
  const pool = new WorkerPool(resolve(__dirname, '..', 'out', 'main', 'file-worker.js'));

  // Warm the disk cache; the first scan also shows what a user's first scan costs (new threads,
  // nothing compiled yet), then two more let the workers' JIT settle before the timed runs.
  await naive(paths);
  const coldMs = await timed(async () => {
    if ((await ours(root, pool)) !== paths.length) throw new Error('scan missed files');
  });
  for (let i = 0; i < 2; i++) await ours(root, pool);

  const baselineMs: number[] = [];
  const oursMs: number[] = [];
  const delayP99: number[] = [];
  const delayMax: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    baselineMs.push(await timed(() => naive(paths)));
    // A fresh histogram per run: one re-enabled after a pause counts the pause as delay.
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    oursMs.push(await timed(() => ours(root, pool)));
    delay.disable();
    delayP99.push(delay.percentile(99) / 1e6);
    delayMax.push(delay.max / 1e6);
  }
  const library = await throughLibrary(root, pool);
  await pool.dispose();

  const baseline = paths.length / (median(baselineMs) / 1000);
  const sampledeck = paths.length / (median(oursMs) / 1000);
  console.log(
    JSON.stringify({
      bench: 'scan',
      files: paths.length,
      runs: RUNS,
      baseline: {
        what: 'fs.promises open/read 4 KB/close per file, one after another (file list given)',
        filesPerSec: Math.round(baseline),
      },
      sampledeck: {
        what: 'scanFolder: walk + stat + 4 KB header read + parse in worker threads',
        threads: pool.threads,
        filesPerSec: Math.round(sampledeck),
        firstScanFilesPerSec: Math.round(paths.length / (coldMs / 1000)),
        eventLoopDelayP99Ms: round(median(delayP99), 2),
        eventLoopDelayMaxMs: round(Math.max(...delayMax), 2),
      },
      library: {
        what: 'the same through LibraryService (index and change events), rescan',
        filesPerSec: Math.round(paths.length / (library.ms / 1000)),
        eventLoopDelayP99Ms: round(library.p99, 2),
        eventLoopDelayMaxMs: round(library.max, 2),
      },
      ratio: round(sampledeck / baseline, 2),
    }),
  );
}

void main();
