/**
 * The marks database (issue 13): 100,000 marked paths, 10 tags on 20% of them. Tagging 1,000
 * files through the marks service (its worker thread) and main's event-loop p99 meanwhile,
 * against the same tagging run synchronously on main; and a restart in a new process: the
 * marks in the mirror (the first page does not wait for them), main's longest block meanwhile,
 * and quick_check done after them, against the old load (quick_check first, then one row
 * object per file). Needs `npm run build` (out/main/marks-worker.js). Prints one JSON line.
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
import type { MarkColor } from '../src/shared/contract';
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
  // The state the window gets after a change: tag counts kept by each change, against the
  // old recount of every marked file's tags.
  const marks = mirror.of(pathOf(0));
  mirror.set(pathOf(0), { ...marks, tags: [...marks.tags, 'bench-state'] });
  const stateMs = timed(() => service.state()).ms;
  const recountMs = timed(() => {
    const counts = new Map<string, { name: string; count: number }>();
    for (const [, m] of mirror.marked()) {
      for (const name of m.tags) {
        const key = name.toLowerCase();
        const count = counts.get(key);
        if (count) count.count += 1;
        else counts.set(key, { name, count: 1 });
      }
    }
    return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }).ms;
  await service.dispose();
  return {
    ms: median(ms),
    p99: delay.percentile(99) / 1e6,
    max: delay.max / 1e6,
    stateMs,
    recountMs,
  };
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

/** In a new process: open the database in its worker, load every mark into the mirror, check. */
async function restartChild(dir: string): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
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
  const loadedAt = performance.now();
  delay.disable();
  await service.checked();
  const checkedMs = performance.now() - start;
  const marked = [...mirror.marked()].length;
  await service.dispose();
  console.log(
    JSON.stringify({
      loadedMs: loadedAt - start,
      sinceProcessStartMs: loadedAt,
      mainLoopMaxMs: delay.max / 1e6,
      checkedMs,
      marked,
    }),
  );
}

/**
 * The baseline in a new process: the old load, quick_check first, then a row object per file,
 * on the calling thread (the old code ran it in the worker and sent the rows to main: more).
 */
function oldRestartChild(dir: string): void {
  const start = performance.now();
  const { db } = openDatabaseFile(join(dir, 'marks.db'));
  const rows = db.all(`SELECT f.path, f.fav, f.rating, f.color, (SELECT group_concat(name,
    char(31)) FROM (SELECT t.name FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
    WHERE ft.file_id = f.id ORDER BY t.name COLLATE NOCASE)) AS tags FROM files f`) as {
    path: string;
    fav: number;
    rating: number;
    color: MarkColor | null;
    tags: string | null;
  }[];
  const mirror = new MarksMirror();
  for (const r of rows) {
    mirror.set(r.path, {
      fav: r.fav === 1,
      rating: r.rating,
      color: r.color,
      tags: r.tags ? r.tags.split('\u001f') : [],
    });
  }
  // The old open also read the identities in two more passes.
  db.all('SELECT path FROM files WHERE hash IS NULL');
  db.all('SELECT path, size, hash FROM files WHERE hash IS NOT NULL');
  const ms = performance.now() - start;
  db.close();
  console.log(JSON.stringify({ loadedMs: ms, marked: [...mirror.marked()].length }));
}

/** Runs this file in a new process with `args`; its last line of output, parsed. */
function inChild<T>(...args: string[]): T {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, ...args]);
  return JSON.parse(out.toString().trim().split('\n').at(-1)!) as T;
}

async function main(): Promise<void> {
  const built = buildMarks();
  const serviceDir = built.dir;
  const mainDir = mkdtempSync(join(tmpdir(), 'sd-bench-marks-main-'));
  copyFileSync(join(serviceDir, 'marks.db'), join(mainDir, 'marks.db'));

  type Restart = {
    loadedMs: number;
    sinceProcessStartMs: number;
    mainLoopMaxMs: number;
    checkedMs: number;
    marked: number;
  };
  const restarts: Restart[] = [];
  const oldRestarts: { loadedMs: number; marked: number }[] = [];
  for (let run = 0; run < 3; run++) {
    restarts.push(inChild<Restart>('--restart', serviceDir));
    oldRestarts.push(inChild('--old-restart', serviceDir));
  }
  for (const r of [...restarts, ...oldRestarts]) {
    if (r.marked !== FILES) throw new Error(`a restart loaded ${r.marked} marks, not ${FILES}`);
  }

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
        stateMs: round(service.stateMs, 2),
        baselineRecountMs: round(service.recountMs, 1),
      },
      baselineSyncOnMain: {
        ms: round(baseline.ms),
        mainLoopP99Ms: round(baseline.p99, 1),
        mainLoopMaxMs: round(baseline.max, 1),
      },
      restart: {
        marksInMirrorMs: round(median(restarts.map((r) => r.loadedMs))),
        sinceProcessStartMs: round(median(restarts.map((r) => r.sinceProcessStartMs))),
        mainLoopMaxMs: round(median(restarts.map((r) => r.mainLoopMaxMs))),
        checkedMs: round(median(restarts.map((r) => r.checkedMs))),
        baselineOldLoadMs: round(median(oldRestarts.map((r) => r.loadedMs))),
      },
    }),
  );
}

if (process.argv[2] === '--restart') void restartChild(process.argv[3]!);
else if (process.argv[2] === '--old-restart') oldRestartChild(process.argv[3]!);
else void main();
