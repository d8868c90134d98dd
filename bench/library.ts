/**
 * A 100,000-file library: memory held by the index, cache write, restart from the cache, and
 * search per keystroke, each beside a naive baseline in the same run; then the search syntax
 * over marks (20% of the files with 10 tags, a 10,000-file collection): `tag:` and `in:` plus
 * words per keystroke beside plain words typed into the same index. Prints one JSON line.
 * Run with --expose-gc (npm run bench:library does) so memory figures are after collection.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { libraryQuery } from '../src/shared/contract';
import type { FileRecord } from '../src/main/formats/file-record';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { loadLibraryCache, saveLibraryCache } from '../src/main/library/library-cache';
import { LibraryIndex } from '../src/main/library/library-index';
import { MarksMirror } from '../src/main/marks/marks-view';
import { scanFolder } from '../src/main/library/scanner';
import { median, round, sampleFolder } from './bench-data';

const TARGET = 100_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => round(bytes / 1e6, 1);

async function realRecords(): Promise<FileRecord[]> {
  const pool = new WorkerPool(resolve(__dirname, '..', 'out', 'main', 'file-worker.js'));
  const records: FileRecord[] = [];
  await scanFolder({
    root: sampleFolder(10_000),
    pool,
    onRecords: (r) => records.push(...r),
    onProblem: () => {},
  });
  await pool.dispose();
  return records;
}

/** 100,000 records: the 10,000 real ones again under other folder names. */
function library(real: FileRecord[]): FileRecord[] {
  const out: FileRecord[] = [];
  for (let copy = 0; out.length < TARGET; copy++) {
    for (const r of real) {
      if (out.length >= TARGET) break;
      const dir = `${r.dir}/set ${copy}`;
      out.push({ ...r, dir, path: `${dir}/${r.name}`, meta: { ...r.meta } });
    }
  }
  return out;
}

/** 20% of the files with 10 of 50 tags each, and a 10,000-file collection named "crate". */
function marksFor(records: readonly FileRecord[]): MarksMirror {
  const marks = new MarksMirror();
  const vocabulary = Array.from({ length: 50 }, (_, i) => (i === 0 ? 'kick' : `tag ${i}`));
  records.forEach((r, i) => {
    if (i % 5 !== 0) return;
    const tags = Array.from({ length: 10 }, (_, t) => vocabulary[(i + t * 7) % 50]!);
    marks.set(r.path, { fav: i % 3 === 0, rating: i % 6, color: null, tags: tags.sort() });
  });
  const crate = records.filter((_, i) => i % 10 === 3).map((r) => r.path);
  marks.setCollection({ id: 1, name: 'crate', paths: crate });
  return marks;
}

/** Typing `filter + words` one key at a time, sorted by name, as the window asks (ms). */
interface Typing {
  filter: string;
  words: string;
  /** Per keystroke, over every round: a page, and the page with the facets beside it. */
  page: number[];
  pageAndFacets: number[];
  /** The keystrokes typing the words once the filter is whole. */
  wordsPage: number[];
}

function type(index: LibraryIndex, typing: Typing): void {
  const typed = typing.filter + typing.words;
  for (let i = 1; i <= typed.length; i++) {
    const query = libraryQuery.parse({ search: typed.slice(0, i) });
    const page = timed(() => index.page(query, 0, 200)).ms;
    const facets = timed(() => index.facets(query)).ms;
    typing.page.push(page);
    typing.pageAndFacets.push(page + facets);
    if (i > typing.filter.length) typing.wordsPage.push(page);
  }
}

const p95 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.95)]!;

function figures({ page, pageAndFacets, wordsPage }: Typing) {
  return {
    wordsMedianMs: round(median(wordsPage), 2),
    wordsP95Ms: round(p95(wordsPage), 2),
    everyKeyMedianMs: round(median(page), 2),
    everyKeyP95Ms: round(p95(page), 2),
    everyKeyWithFacetsMedianMs: round(median(pageAndFacets), 2),
  };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

async function main() {
  const records = library(await realRecords());
  const root = records[0]!.root;
  gc();
  const rssBefore = process.memoryUsage().rss;
  const index = new LibraryIndex();
  index.upsert(records);
  const firstPage = timed(() => index.page(libraryQuery.parse({}), 0, 200));
  gc();
  const rssWithIndex = process.memoryUsage().rss;

  // Cache write, with the event loop watched: it must not stall main.
  const cacheFile = join(mkdtempSync(join(tmpdir(), 'sd-bench-')), 'library.json');
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const saveStart = performance.now();
  await saveLibraryCache(cacheFile, [root], index.filesByName());
  const saveMs = performance.now() - saveStart;
  delay.disable();

  // Restart in a new process, as main would: read the cache, build the index, first page.
  const fresh = JSON.parse(
    execFileSync(process.execPath, [
      ...process.execArgv,
      __filename,
      '--restart',
      cacheFile,
    ]).toString(),
  ) as { ms: number; rssMb: number; total: number };
  if (fresh.total !== TARGET) throw new Error(`restart found ${fresh.total} files`);
  const parseOnly = timed(() => JSON.parse(readFileSync(cacheFile, 'utf8')) as unknown);
  const restarted = new LibraryIndex();
  restarted.upsert((await loadLibraryCache(cacheFile)).library!.files);

  // Typing "sample 12 bpm" one key at a time, sorted by name, into a list already on screen.
  restarted.page(libraryQuery.parse({}), 0, 200);
  const typed = 'sample 12 bpm';
  const keystrokes: number[] = [];
  const naiveKeystrokes: number[] = [];
  const plain = records.map((r) => ({ ...r }));
  for (let i = 1; i <= typed.length; i++) {
    const search = typed.slice(0, i);
    keystrokes.push(timed(() => restarted.page(libraryQuery.parse({ search }), 0, 200)).ms);
    // Baseline: filter the records and sort the result with localeCompare on every keystroke.
    naiveKeystrokes.push(
      timed(() => {
        const terms = search.toLowerCase().split(/\s+/).filter(Boolean);
        return plain
          .filter((r) => terms.every((t) => `${r.name}\n${r.dir}`.toLowerCase().includes(t)))
          .sort((a, b) => a.name.localeCompare(b.name))
          .slice(0, 200);
      }).ms,
    );
  }

  // The search syntax over marks, each typed a key at a time into a fresh index with marks.
  const marks = marksFor(records);
  const withMarks = new LibraryIndex(marks);
  withMarks.upsert(records.map((r) => ({ ...r })));
  withMarks.page(libraryQuery.parse({}), 0, 200);
  const typings: Typing[] = [
    ['', 'sample 12 bpm'],
    ['tag:kick ', 'sample 12 bpm'],
    ['in:"crate" ', 'sample 12 bpm'],
  ].map(([filter = '', words = '']) => ({
    filter,
    words,
    page: [],
    pageAndFacets: [],
    wordsPage: [],
  }));
  // Taken in turns, five times, so that a busy moment of the machine falls on all three.
  for (let round = 0; round < 5; round++) for (const typing of typings) type(withMarks, typing);
  const [plainTyped, tagTyped, inTyped] = typings.map(figures);
  const tagged = withMarks.page(libraryQuery.parse({ search: 'tag:kick' }), 0, 1).total;
  const inCrate = withMarks.page(libraryQuery.parse({ search: 'in:"crate"' }), 0, 1).total;

  console.log(
    JSON.stringify({
      bench: 'library',
      files: TARGET,
      memory: {
        indexMb: mb(rssWithIndex - rssBefore),
        restartedProcessRssMb: fresh.rssMb,
      },
      cache: {
        sizeMb: mb(statSync(cacheFile).size),
        saveMs: Math.round(saveMs),
        eventLoopDelayMaxDuringSaveMs: round(delay.max / 1e6, 1),
      },
      restart: {
        fromCacheToFirstPageMs: fresh.ms,
        baselineJsonParseOnlyMs: Math.round(parseOnly.ms),
      },
      search: {
        firstQueryAfterChangeMs: round(firstPage.ms, 1),
        keystrokeMedianMs: round(median(keystrokes), 2),
        keystrokeMaxMs: round(Math.max(...keystrokes), 2),
        baselineKeystrokeMedianMs: round(median(naiveKeystrokes), 1),
        baseline: 'filter + localeCompare sort per keystroke',
      },
      marks: {
        taggedFiles: records.length / 5,
        filesWithTagKick: tagged,
        filesInCrate: inCrate,
        tagFilterAndWords: tagTyped,
        collectionFilterAndWords: inTyped,
        baselinePlainWords: plainTyped,
        typed: typings.map((t) => t.filter + t.words),
      },
    }),
  );
}

/** The restarted process: what main does on start with a 100,000-file cache. */
async function restart(cacheFile: string) {
  const start = performance.now();
  const index = new LibraryIndex();
  index.upsert((await loadLibraryCache(cacheFile)).library!.files);
  const page = index.page(libraryQuery.parse({}), 0, 200);
  const ms = Math.round(performance.now() - start);
  gc();
  console.log(JSON.stringify({ ms, rssMb: mb(process.memoryUsage().rss), total: page.total }));
}

if (process.argv[2] === '--restart') void restart(process.argv[3]!);
else void main();
