/**
 * Restart to the first page (issue 13): what a user waits for when Sampledeck starts with a
 * 100,000-file library. In a new process each time: a user-data folder with the library cache
 * (and, in the full run, a marks database of 100,000 marked paths with 10 tags on 20% of them,
 * made through importMarks as an import would), then createCore, `ready`, and the first
 * 'library:query' answered, then the marks in the mirror (which the first page does not wait
 * for). Baselines in the same run: the cache alone, and the cache alone in
 * the previous (version 3, a tuple per file) format. Medians of RUNS runs, taken in turns.
 * Module loading goes through tsx here (not the bundle), so `modulesMs` is reported apart.
 * Needs `npm run build` (the workers). Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { libraryQuery, type InvokeResult, type LibraryPage } from '../src/shared/contract';
import type { MarksExport } from '../src/shared/contract';
import type { FileRecord } from '../src/main/formats/file-record';
import { createCore } from '../src/main/core';
import { saveLibraryCache } from '../src/main/library/library-cache';
import { scanFolder } from '../src/main/library/scanner';
import { openDatabaseFile } from '../src/main/marks/marks-db-file';
import { MarksDb } from '../src/main/marks/marks-db';
import { importMarks } from '../src/main/marks/marks-transfer';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { oldLibraryCache } from '../test/fixtures/old-library-cache';
import { BENCH_DATA, median, round, sampleFolder } from './bench-data';

const FILES = 100_000;
const RUNS = 3;
const OUT = resolve(__dirname, '..', 'out', 'main');
const worker = (name: string) => join(OUT, `${name}.js`);

/**
 * 100,000 real files: 10,000 read by the scanner, and hard links to them in ten folders (made
 * once, under .bench-data), so that the scan that checks the cache after the restart finds
 * every file on disk unchanged, as a user's would.
 */
async function records(): Promise<{ root: string; files: FileRecord[] }> {
  const pool = new WorkerPool(worker('file-worker'));
  const real: FileRecord[] = [];
  const samples = sampleFolder(10_000);
  await scanFolder({ root: samples, pool, onRecords: (r) => real.push(...r), onProblem: () => {} });
  await pool.dispose();
  const root = join(BENCH_DATA, `restart-${FILES}`);
  const linked = existsSync(join(root, '.complete'));
  const files: FileRecord[] = [];
  for (let copy = 0; files.length < FILES; copy++) {
    for (const r of real) {
      if (files.length >= FILES) break;
      const dir = join(root, relative(samples, r.dir), `set ${copy}`);
      const path = join(dir, relative(r.dir, r.path));
      if (!linked) {
        mkdirSync(dir, { recursive: true });
        if (!existsSync(path)) linkSync(r.path, path);
      }
      files.push({ ...r, root, dir, path, meta: { ...r.meta } });
    }
  }
  writeFileSync(join(root, '.complete'), '');
  // In name order, as the library saves its cache.
  const key = (f: FileRecord) => `${f.name.toLowerCase()}\0${f.path}`;
  files.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return { root, files };
}

/** Every file marked (a rating), 20% of them with 10 of 50 tags, in a marks.db in `dir`. */
function writeMarks(dir: string, files: readonly FileRecord[]): void {
  const tags = Array.from({ length: 50 }, (_, i) => `tag ${i}`);
  const data: MarksExport = {
    format: 'sampledeck-marks',
    version: 1,
    exportedAt: new Date().toISOString(),
    files: files.map((f, i) => ({
      path: f.path,
      fav: i % 7 === 0,
      rating: 1 + (i % 5),
      color: null,
      tags: i % 5 === 0 ? Array.from({ length: 10 }, (_, k) => tags[(i + k * 5) % 50]!) : [],
    })),
    collections: [],
  };
  const { db } = openDatabaseFile(join(dir, 'marks.db'));
  const store = new MarksDb(db);
  importMarks(store, data, 'replace');
  // Identities as if taken already: the restart has none to take.
  db.exec("UPDATE files SET size = 0, hash = 'bench'");
  store.close();
}

interface Restart {
  /** Since the process started, when the bench's own code began (module loading). */
  modulesMs: number;
  readyMs: number;
  firstPageMs: number;
  sinceProcessStartMs: number;
  /** The marks in the mirror (the first page does not wait for them; 'marks:changed' follows). */
  marksMs: number;
  total: number;
  /** Rows of the first page shown again once the marks are in, that carry a rating. */
  marked: number;
}

/** The restarted process: createCore on the folder, `ready`, the first page. */
async function child(userDataDir: string): Promise<void> {
  const modulesMs = performance.now();
  const start = performance.now();
  const core = createCore({
    appVersion: 'bench',
    shell: 'cli',
    versions: { node: process.versions.node, v8: process.versions.v8 },
    userDataDir,
    launchAudioProcess: null,
    fileWorkerPath: worker('file-worker'),
    clockWorkerPath: worker('clock-worker'),
    marksWorkerPath: worker('marks-worker'),
    createMidiHardware: () => Promise.reject(new Error('no MIDI in this bench')),
    watchFolders: false,
    log: () => undefined,
  });
  await core.ready;
  const ready = performance.now();
  const firstPage = async () => {
    const answer = (await core.dispatch('library:query', {
      query: libraryQuery.parse({}),
      offset: 0,
      limit: 200,
    })) as InvokeResult<LibraryPage>;
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.result;
  };
  const page = await firstPage();
  const end = performance.now();
  await core.marks.open();
  const marksIn = performance.now();
  const again = await firstPage();
  const result: Restart = {
    modulesMs,
    readyMs: ready - start,
    firstPageMs: end - start,
    sinceProcessStartMs: end,
    marksMs: marksIn - start,
    total: page.total,
    marked: again.rows.filter((r) => r.marks.rating > 0).length,
  };
  console.log(JSON.stringify(result));
  await core.dispose();
}

function restartIn(template: string, files: string[]): Restart {
  const dir = mkdtempSync(join(tmpdir(), 'sd-bench-restart-'));
  for (const file of files) copyFileSync(join(template, file), join(dir, file));
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', dir]);
  return JSON.parse(out.toString().trim().split('\n').at(-1)!) as Restart;
}

function summary(runs: Restart[]) {
  return {
    firstPageFromCreateCoreMs: round(median(runs.map((r) => r.firstPageMs)), 0),
    readyFromCreateCoreMs: round(median(runs.map((r) => r.readyMs)), 0),
    firstPageFromProcessStartMs: round(median(runs.map((r) => r.sinceProcessStartMs)), 0),
    marksInFromCreateCoreMs: round(median(runs.map((r) => r.marksMs)), 0),
    modulesMs: round(median(runs.map((r) => r.modulesMs)), 0),
    runsMs: runs.map((r) => round(r.firstPageMs, 0)),
  };
}

async function main(): Promise<void> {
  const { root, files } = await records();
  const template = mkdtempSync(join(tmpdir(), 'sd-bench-restart-template-'));
  await saveLibraryCache(join(template, 'library.json'), [root], files);
  // The same library as the previous version saved it.
  mkdirSync(join(template, 'v3'));
  writeFileSync(join(template, 'v3', 'library.json'), oldLibraryCache(3, [root], files));
  const marksStart = performance.now();
  writeMarks(template, files);
  const marksBuildMs = performance.now() - marksStart;
  if (!existsSync(join(template, 'marks.db'))) throw new Error('no marks.db written');

  const full: Restart[] = [];
  const cacheOnly: Restart[] = [];
  const cacheOnlyV3: Restart[] = [];
  for (let run = 0; run < RUNS; run++) {
    full.push(restartIn(template, ['library.json', 'marks.db']));
    cacheOnly.push(restartIn(template, ['library.json']));
    cacheOnlyV3.push(restartIn(join(template, 'v3'), ['library.json']));
  }
  for (const r of [...full, ...cacheOnly, ...cacheOnlyV3]) {
    if (r.total !== FILES) throw new Error(`a restart found ${r.total} files`);
  }
  if (full.some((r) => r.marked !== 200)) throw new Error('the marks never reached the page');
  console.log(
    JSON.stringify({
      bench: 'restart',
      files: FILES,
      markedFiles: FILES,
      taggedFiles: FILES / 5,
      marksBuildMs: round(marksBuildMs, 0),
      withMarks: summary(full),
      baselineCacheOnly: summary(cacheOnly),
      baselineCacheOnlyVersion3: summary(cacheOnlyV3),
    }),
  );
}

if (process.argv[2] === '--child') void child(process.argv[3]!);
else void main();
