/**
 * AnalysisService on real files, the real worker pool (run from source) and a real analysis.db
 * (the store's class, in this thread): everything missing is analysed once and kept, changed
 * files again, bad files are counted and named, the rows on screen go first, cancel stops.
 * The DSP measures are another slice's: nothing here depends on their values.
 */
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AnalysisDb, type StoredAnalysis } from '../../src/main/analysis/analysis-db';
import type { AnalysisStore, Loaded } from '../../src/main/analysis/analysis-db-client';
import {
  AnalysisService,
  GONE_KEPT_MS,
  type AnalysableFile,
  type AnalysisPool,
  type AnalysisServiceOptions,
} from '../../src/main/analysis/analysis-service';
import type { AnalysisTask } from '../../src/main/analysis/analysis-task';
import { SimilarityIndex } from '../../src/main/analysis/similarity-index';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import type { AnalysisProgress } from '../../src/shared/contract';
import { makeWav } from '../fixtures/audio-files';
import { sourceWorker } from '../fixtures/source-worker';

const pool = new WorkerPool(sourceWorker('file-worker'), 2);
afterAll(() => pool.dispose());

/** analysis.db's store in this thread, behind the interface its thread's client has. */
class InThreadStore implements AnalysisStore {
  readonly db: AnalysisDb;
  puts = 0;
  constructor(file: string) {
    this.db = new AnalysisDb({ file });
  }
  load(): Promise<Loaded> {
    return Promise.resolve({ rows: this.db.load(), rebuilt: null });
  }
  put(rows: StoredAnalysis[]): Promise<void> {
    this.puts += 1;
    this.db.put(rows);
    return Promise.resolve();
  }
  forget(paths: string[]): Promise<void> {
    this.db.forget(paths);
    return Promise.resolve();
  }
  dispose(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

/** The real pool, with the order and overlap of the tasks it was given written down. */
class WatchedPool implements AnalysisPool {
  readonly started: string[] = [];
  running = 0;
  mostAtOnce = 0;
  /** The same for the paths `long` says are long. */
  runningLong = 0;
  mostLongAtOnce = 0;
  aborted = 0;
  readonly threads = pool.threads;
  constructor(private readonly long: (path: string) => boolean = () => false) {}
  async analyse(task: AnalysisTask, signal?: AbortSignal) {
    this.started.push(task.path);
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.running);
    const long = this.long(task.path);
    if (long) this.mostLongAtOnce = Math.max(this.mostLongAtOnce, ++this.runningLong);
    signal?.addEventListener('abort', () => (this.aborted += 1));
    try {
      return await pool.analyse(task, signal);
    } finally {
      this.running -= 1;
      if (long) this.runningLong -= 1;
    }
  }
}

const services: AnalysisService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});

function folderOf(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-analysis-'));
  for (let i = 0; i < count; i++) {
    const name = `f${String(i).padStart(3, '0')}.wav`;
    writeFileSync(join(dir, name), makeWav({ frames: 2000 + i * 10, sampleRate: 22050 }));
  }
  return dir;
}

function filesIn(dir: string): AnalysableFile[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.wav'))
    .sort()
    .map((n) => {
      const path = join(dir, n);
      const { size, mtimeMs } = statSync(path);
      return { path, sizeBytes: size, mtimeMs };
    });
}

function serviceFor(
  dir: string,
  dbFile: string,
  watched = new WatchedPool(),
  more: Partial<AnalysisServiceOptions> = {},
) {
  const progress: AnalysisProgress[] = [];
  const finder = new SimilarityIndex();
  const store = new InThreadStore(dbFile);
  const service = new AnalysisService({
    pool: watched,
    store,
    finder,
    files: () => filesIn(dir),
    onProgress: (p) => progress.push(p),
    applyMs: 50,
    settleMs: 10,
    ...more,
  });
  services.push(service);
  return { service, progress, finder, store, watched };
}

const settled = (progress: AnalysisProgress[]) => {
  const last = progress.at(-1);
  return last !== undefined && !last.active && last.done + last.failed === last.total;
};

describe('AnalysisService', { timeout: 60_000 }, () => {
  it('keeps every thread busy with short files, and one thread free of long ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-analysis-long-'));
    // Long and short files in turn (long: over the 60,000 bytes this service is told).
    for (let i = 0; i < 10; i++) {
      const frames = i % 2 ? 1500 : 40_000;
      writeFileSync(join(dir, `f${i}.wav`), makeWav({ frames, sampleRate: 22050 }));
    }
    const long = new Set(
      filesIn(dir)
        .filter((f) => f.sizeBytes > 60_000)
        .map((f) => f.path),
    );
    expect(long.size).toBe(5);
    const { service, progress, watched } = serviceFor(
      dir,
      join(dir, 'analysis.db'),
      new WatchedPool((path) => long.has(path)),
      { longFileBytes: 60_000 },
    );
    await service.open();
    await vi.waitFor(() => expect(settled(progress)).toBe(true), { timeout: 30_000 });
    expect(progress.at(-1)).toMatchObject({ done: 10, failed: 0 });
    expect(watched.mostAtOnce).toBe(2);
    expect(watched.mostLongAtOnce).toBe(1);
  });

  it('analyses every file once, keeps the results, and skips them at the next start', async () => {
    const dir = folderOf(12);
    const dbFile = join(dir, 'analysis.db');
    const first = serviceFor(dir, dbFile);
    await first.service.open();
    await vi.waitFor(() => expect(settled(first.progress)).toBe(true), { timeout: 30_000 });
    await vi.waitFor(() => expect(first.finder.size).toBe(12), { timeout: 10_000 });
    const files = filesIn(dir);
    for (const f of files) expect(first.service.of(f.path)).not.toBeNull();
    expect(first.progress.at(-1)).toMatchObject({ done: 12, total: 12, failed: 0 });
    expect(new Set(first.watched.started).size).toBe(12);
    // Short files: both threads busy.
    expect(first.watched.mostAtOnce).toBe(2);
    // Results were written in batches, not one transaction per file.
    expect(first.store.puts).toBeLessThan(12);
    expect(first.service.version).toBeGreaterThan(0);
    // Every version's changes can be asked for: from the start, all 12 files; from now, none.
    expect([...first.service.changedSince(0)!].sort()).toEqual(files.map((f) => f.path).sort());
    expect([...first.service.changedSince(first.service.version)!]).toEqual([]);
    await first.service.dispose();

    const again = serviceFor(dir, dbFile);
    await again.service.open();
    for (const f of files) expect(again.service.of(f.path)).toEqual(first.service.of(f.path));
    expect(again.finder.size).toBe(12);
    expect(again.progress.at(-1)).toMatchObject({ active: false, done: 12, total: 12 });
    expect(again.watched.started).toEqual([]);
    // What was loaded at open is not listed path by path: readers look at every file.
    expect(again.service.changedSince(0)).toBeNull();
  });

  it('analyses a changed file again, forgets a removed one, names a bad one', async () => {
    const dir = folderOf(4);
    const { service, progress, finder, watched } = serviceFor(dir, join(dir, 'analysis.db'));
    await service.open();
    await vi.waitFor(() => expect(settled(progress)).toBe(true), { timeout: 30_000 });
    const [a, b] = filesIn(dir);
    utimesSync(a!.path, new Date(), new Date(Date.now() + 5000));
    rmSync(b!.path);
    const bad = join(dir, 'zz-bad.wav');
    writeFileSync(bad, Buffer.from('RIFF....WAVEfmt but nothing a decoder can use'));
    watched.started.length = 0;
    service.libraryChanged(false);
    await vi.waitFor(() => expect(progress.at(-1)).toMatchObject({ active: false, failed: 1 }), {
      timeout: 30_000,
    });
    expect(watched.started.sort()).toEqual([a!.path, bad].sort());
    expect(service.of(b!.path)).toBeNull();
    expect(finder.nearest(b!.path, { timbre: 1, pitch: 1, envelope: 1 }, 5)).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ total: 4, done: 3, failed: 1 });
    const [failure] = service.failed();
    expect(failure!.path).toBe(bad);
    expect(failure!.error).toMatch(/^zz-bad\.wav: /);
    // Unchanged, the bad file is not tried again.
    watched.started.length = 0;
    service.libraryChanged(false);
    await vi.waitFor(() => expect(progress.at(-1)!.active).toBe(false));
    expect(watched.started).toEqual([]);
  });

  it('a moved or renamed file keeps its analysis without a decode; other content is analysed', async () => {
    const dir = folderOf(6);
    const dbFile = join(dir, 'analysis.db');
    let now = 1_000_000;
    const { service, progress, finder, watched } = serviceFor(dir, dbFile, new WatchedPool(), {
      now: () => now,
    });
    await service.open();
    await vi.waitFor(() => expect(settled(progress)).toBe(true), { timeout: 30_000 });
    const [a, b, c, d] = filesIn(dir).map((f) => f.path) as [string, string, string, string];
    const [analysisA, analysisB] = [service.of(a), service.of(b)];
    const vectorA = finder.vectorOf(a);
    expect(analysisA).not.toBeNull();

    // Two renames; c replaced by a file of its size whose content differs.
    const renamedA = join(dir, 'renamed a.wav');
    const renamedB = join(dir, 'zz renamed b.wav');
    renameSync(a, renamedA);
    renameSync(b, renamedB);
    const bytes = readFileSync(c);
    bytes[bytes.length - 2]! ^= 0x7f;
    const other = join(dir, 'other c.wav');
    writeFileSync(other, bytes);
    rmSync(c);
    watched.started.length = 0;
    service.libraryChanged(false);
    await vi.waitFor(() => expect(service.of(other)).not.toBeNull(), { timeout: 30_000 });
    await vi.waitFor(() => expect(settled(progress)).toBe(true));
    expect(watched.started).toEqual([other]);
    expect(service.of(renamedA)).toEqual(analysisA);
    expect(service.of(renamedB)).toEqual(analysisB);
    expect(finder.vectorOf(renamedA)).toEqual(vectorA);
    expect(finder.nearest(renamedA, { timbre: 1, pitch: 1, envelope: 1 }, 10)).toHaveLength(5);
    expect(service.of(a)).toBeNull();

    // A file that left more than GONE_KEPT_MS ago is not recognised: it is analysed again.
    rmSync(d);
    service.libraryChanged(false);
    await vi.waitFor(() => expect(service.of(d)).toBeNull());
    now += GONE_KEPT_MS + 1;
    copyFileSync(renamedA, join(dir, 'copy of a.wav'));
    const back = join(dir, 'back d.wav');
    writeFileSync(back, makeWav({ frames: 2030, sampleRate: 22050 }));
    watched.started.length = 0;
    service.libraryChanged(false);
    await vi.waitFor(() => expect(service.of(back)).not.toBeNull(), { timeout: 30_000 });
    await vi.waitFor(() => expect(service.of(join(dir, 'copy of a.wav'))).not.toBeNull());
    // The copy of a is new content to the service (a was never gone): analysed; d too.
    expect(watched.started.sort()).toEqual([back, join(dir, 'copy of a.wav')].sort());
  });

  it('analyses the rows on screen first', async () => {
    const dir = folderOf(30);
    const files = filesIn(dir).map((f) => f.path);
    const { service, progress, watched } = serviceFor(dir, join(dir, 'analysis.db'));
    const wanted = [files[29]!, files[17]!, files[23]!];
    const opened = service.open();
    service.prioritise(wanted); // before open: nothing queued yet, so it is a no-op
    await opened;
    service.prioritise(wanted);
    await vi.waitFor(() => expect(settled(progress)).toBe(true), { timeout: 30_000 });
    // The first two files started at once (one per thread); the wanted ones come straight after.
    expect(watched.started.slice(2, 5)).toEqual(wanted);
  });

  it('cancel drops the queue and aborts the files in flight; start resumes', async () => {
    const dir = folderOf(40);
    const { service, progress, watched } = serviceFor(dir, join(dir, 'analysis.db'));
    await service.open();
    await vi.waitFor(() => expect(watched.started.length).toBeGreaterThan(0));
    const state = service.cancel();
    expect(state).toMatchObject({ active: false, paused: true });
    expect(watched.aborted).toBe(2);
    const startedBefore = watched.started.length;
    expect(startedBefore).toBeLessThan(40);
    // Nothing new starts while paused, even when the library changes.
    const told = progress.length;
    service.libraryChanged(false);
    await vi.waitFor(() => expect(progress.length).toBeGreaterThan(told));
    expect(progress.at(-1)).toMatchObject({ paused: true, active: false });
    expect(watched.started.length).toBe(startedBefore);
    expect(service.start().paused).toBe(false);
    await vi.waitFor(() => expect(settled(progress)).toBe(true), { timeout: 30_000 });
    expect(progress.at(-1)).toMatchObject({ done: 40, total: 40, paused: false });
  });
});
