/**
 * The marks database (issue 13): 100,000 marked paths, 10 tags on 20% of them. Tagging 1,000
 * files through the marks service (its worker thread) and main's event-loop p99 meanwhile,
 * against the same tagging run synchronously on main; and a restart: open + load the mirror
 * in a new process. Needs `npm run build` (out/main/marks-worker.js). Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { MarksExport } from '../src/shared/contract';
import { MarksDb } from '../src/main/marks/marks-db';
import { openDatabaseFile } from '../src/main/marks/marks-db-file';
import { MarksService } from '../src/main/marks/marks-service';
import { MarksStore } from '../src/main/marks/marks-store';
import { MarksMirror } from '../src/main/marks/marks-view';
import { importMarks } from '../src/main/marks/marks-transfer';
import { median, round } from './bench-data';

const FILES = 100_000;
const TAGS = Array.from({ length: 50 }, (_, i) => `tag-${i}`);
const SELECTED = 1_000;
const RUNS = 9;
const WORKER = resolve(__dirname, '..', 'out', 'main', 'marks-worker.js');

const pathOf = (i: number) => `/bench/library/folder-${i % 500}/sample-${i}.wav`;

/** A user-data folder whose marks.db holds the bench's marks (identities set: none to take). */
function buildMarks(): { dir: string; ms: number } {
  const dir = mkdtempSync(join(tmpdir(), 'sd-bench-marks-'));
  const data: MarksExport = {
    format: 'sampledeck-marks',
    version: 1,
    exportedAt: new Date().toISOString(),
    files: Array.from({ length: FILES }, (_, i) => ({
      path: pathOf(i),
      fav: i % 7 === 0,
      rating: 1 + (i % 5),
      color: null,
      tags: i % 5 === 0 ? Array.from({ length: 10 }, (_, k) => TAGS[(i + k * 5) % 50]!) : [],
    })),
    collections: [],
  };
  const start = performance.now();
  const { db } = openDatabaseFile(join(dir, 'marks.db'));
  const store = new MarksDb(db);
  importMarks(store, data, 'replace');
  db.exec("UPDATE files SET size = 0, hash = 'bench'");
  store.close();
  return { dir, ms: performance.now() - start };
}

/** Tags 1,000 spread-out files per run with a tag of its own: the ids (= indexes) of each run. */
const selection = (run: number) =>
  Array.from({ length: SELECTED }, (_, k) => (run * 7919 + k * 97) % FILES);

async function throughService(dir: string) {
  const mirror = new MarksMirror();
  const service = new MarksService({
    userDataDir: dir,
    workerPath: WORKER,
    mirror,
    pathOf: (id) => pathOf(id),
    onChanged: () => undefined,
    onNotice: (message) => console.error(message),
    backupDelayMs: 3_600_000,
  });
  await service.open();
  const ms: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const { changed } = await service.tag({
      ids: selection(run),
      add: [`bench-${run}`],
      remove: [],
    });
    ms.push(performance.now() - start);
    if (changed !== SELECTED) throw new Error(`tagged ${changed} files, not ${SELECTED}`);
  }
  delay.disable();
  // The state the window gets after each change (tag counts over every marked file).
  const stateMs = timed(() => service.state()).ms;
  await service.dispose();
  return { ms: median(ms), p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, stateMs };
}

/** The baseline: the same store, run synchronously on main. */
async function onMain(dir: string) {
  const store = new MarksStore({ file: join(dir, 'marks.db'), backupsDir: join(dir, 'backups') });
  store.open();
  const ms: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (let run = 0; run < RUNS; run++) {
    await yieldToLoop();
    const start = performance.now();
    const { changed } = store.tag(selection(run).map(pathOf), [`main-${run}`], []);
    ms.push(performance.now() - start);
    if (changed !== SELECTED) throw new Error(`tagged ${changed} files, not ${SELECTED}`);
  }
  await yieldToLoop();
  delay.disable();
  store.close();
  return { ms: median(ms), p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** In a new process: open the database in its worker and load every mark into the mirror. */
async function restartChild(dir: string): Promise<void> {
  const start = performance.now();
  const mirror = new MarksMirror();
  const service = new MarksService({
    userDataDir: dir,
    workerPath: WORKER,
    mirror,
    pathOf: () => '',
    onChanged: () => undefined,
    onNotice: (message) => console.error(message),
  });
  await service.open();
  const ms = performance.now() - start;
  const marked = [...mirror.marked()].length;
  await service.dispose();
  console.log(JSON.stringify({ ms, sinceProcessStart: performance.now(), marked }));
}

async function main(): Promise<void> {
  const built = buildMarks();
  const serviceDir = built.dir;
  const mainDir = mkdtempSync(join(tmpdir(), 'sd-bench-marks-main-'));
  copyFileSync(join(serviceDir, 'marks.db'), join(mainDir, 'marks.db'));

  const restarts = Array.from(
    { length: 3 },
    () =>
      JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, __filename, '--restart', serviceDir])
          .toString()
          .trim()
          .split('\n')
          .at(-1)!,
      ) as { ms: number; sinceProcessStart: number; marked: number },
  );
  if (restarts[0]!.marked !== FILES) throw new Error(`restart loaded ${restarts[0]!.marked} marks`);

  const service = await throughService(serviceDir);
  const baseline = await onMain(mainDir);
  console.log(
    JSON.stringify({
      files: FILES,
      taggedFiles: FILES / 5,
      buildMs: round(built.ms),
      tag1000: {
        serviceMs: round(service.ms),
        mainLoopP99Ms: round(service.p99, 1),
        mainLoopMaxMs: round(service.max, 1),
        stateMs: round(service.stateMs, 1),
      },
      baselineSyncOnMain: {
        ms: round(baseline.ms),
        mainLoopP99Ms: round(baseline.p99, 1),
        mainLoopMaxMs: round(baseline.max, 1),
      },
      restart: {
        openAndMirrorMs: round(median(restarts.map((r) => r.ms))),
        sinceProcessStartMs: round(median(restarts.map((r) => r.sinceProcessStart))),
      },
    }),
  );
}

if (process.argv[2] === '--restart') void restartChild(process.argv[3]!);
else void main();
