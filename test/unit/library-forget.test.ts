import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { libraryQuery } from '../../src/shared/contract';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import type { HeaderTask, HeaderTaskResult } from '../../src/main/workers/header-task';
import { LibraryService } from '../../src/main/library/library-service';
import { loadLibraryCache } from '../../src/main/library/library-cache';
import { makeWav } from '../fixtures/audio-files';
import { sourceWorker } from '../fixtures/source-worker';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { writeOldLibraryCache } from '../fixtures/old-library-cache';

const pool = new WorkerPool(sourceWorker('file-worker'), 2);
afterAll(() => pool.dispose());

/** The real pool, whose reads wait at a gate while it is closed: a scan held mid-read. */
class GatedPool extends WorkerPool {
  private gate: Promise<void> | null = null;
  private release: () => void = () => undefined;
  reached: Promise<void> = Promise.resolve();
  private onReached: () => void = () => undefined;

  close(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
    this.reached = new Promise((resolve) => (this.onReached = resolve));
  }

  open(): void {
    this.gate = null;
    this.release();
  }

  override read(task: HeaderTask, signal?: AbortSignal): Promise<HeaderTaskResult> {
    if (!this.gate) return super.read(task, signal);
    this.onReached();
    return this.gate.then(() => super.read(task, signal));
  }
}
const gated = new GatedPool(sourceWorker('file-worker'), 2);
afterAll(() => gated.dispose());

function service(cacheDir = mkdtempSync(join(tmpdir(), 'sd-cache-')), workers: WorkerPool = pool) {
  const library = new LibraryService({
    cacheFile: join(cacheDir, 'library.json'),
    pool: workers,
    onChanged: () => undefined,
    notifyIntervalMs: 20,
    saveDelayMs: 20,
    log: () => undefined,
  });
  return { library, cacheDir, cacheFile: join(cacheDir, 'library.json') };
}

const all = libraryQuery.parse({});
const names = (library: LibraryService) =>
  library
    .page(all, 0, 1000)
    .rows.map((r) => r.path.split('/').slice(-2).join('/'))
    .sort();

async function scanned(root: string, cacheDir?: string, workers?: WorkerPool) {
  const made = service(cacheDir, workers);
  await made.library.load();
  await made.library.add([root]);
  await made.library.idle();
  return made;
}

const cached = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { version: number; forgotten: string[] };

describe('forgetting files (taking them out of the library, never off the disk)', () => {
  it('leaves them out of rescans and restarts, keeps them on disk, and undo reads them again', async () => {
    const { root } = writeSampleLibrary();
    const { library, cacheDir, cacheFile } = await scanned(root);
    const kick = library.index.get(join(root, 'drums/kick 01.wav'))!;
    const snare = library.index.get(join(root, 'drums/snare.wav'))!;

    const { paths, state } = library.forget([kick.id, snare.id]);
    expect(paths).toEqual([kick.path, snare.path]);
    expect(state.total).toBe(5);
    expect(existsSync(kick.path) && existsSync(snare.path)).toBe(true);
    library.rescan();
    await library.idle();
    expect(names(library)).not.toContain('drums/kick 01.wav');
    expect(library.state().total).toBe(5);
    await library.dispose();
    expect(cached(cacheFile)).toMatchObject({ version: 4, forgotten: [kick.path, snare.path] });

    const again = service(cacheDir);
    await again.library.load();
    again.library.rescan();
    await again.library.idle();
    expect(again.library.state().total).toBe(5);
    expect(names(again.library)).not.toContain('drums/snare.wav');

    const back = await again.library.unforget(paths);
    expect(back.total).toBe(7);
    expect(again.library.index.get(kick.path)).toMatchObject({ durationSec: 0.5, status: 'ok' });
    expect(again.library.index.get(snare.path)).toMatchObject({ sampleRate: 48000 });
    await again.library.dispose();
    expect(cached(cacheFile).forgotten).toEqual([]);

    const third = service(cacheDir);
    await third.library.load();
    expect(third.library.state().total).toBe(7);
    await third.library.dispose();
  });

  it('a file forgotten while a rescan is reading it stays out', async () => {
    const { root } = writeSampleLibrary();
    const { library } = await scanned(root, undefined, gated);
    const kick = library.index.get(join(root, 'drums/kick 01.wav'))!;
    gated.close();
    library.rescan(root);
    await gated.reached;
    library.forget([kick.id]);
    gated.open();
    await library.idle();
    expect(names(library)).not.toContain('drums/kick 01.wav');
    expect(library.state().total).toBe(6);
    await library.dispose();
  });

  it('the watcher leaves a forgotten file out when it changes on disk', async () => {
    const { root } = writeSampleLibrary();
    const { library } = await scanned(root);
    const kick = library.index.get(join(root, 'drums/kick 01.wav'))!;
    library.forget([kick.id]);
    writeFileSync(kick.path, makeWav({ frames: 4410 }));
    // A file written after it, in the same folder: once the watcher has read it, it has seen both.
    writeFileSync(join(root, 'drums/hat.wav'), makeWav({ frames: 4410 }));
    await vi.waitFor(() => expect(names(library)).toContain('drums/hat.wav'), { timeout: 10_000 });
    expect(names(library)).not.toContain('drums/kick 01.wav');
    await library.dispose();
  });

  it('drops a forgotten path once the file is gone from disk', async () => {
    const { root } = writeSampleLibrary();
    const { library, cacheFile } = await scanned(root);
    const kick = library.index.get(join(root, 'drums/kick 01.wav'))!;
    const snare = library.index.get(join(root, 'drums/snare.wav'))!;
    library.forget([kick.id, snare.id]);
    await library.dispose();
    expect(cached(cacheFile).forgotten).toEqual([kick.path, snare.path]);
    // Deleted while Sampledeck was closed: the next scan finds it gone.
    rmSync(kick.path);
    const again = service(join(cacheFile, '..'));
    await again.library.load();
    await again.library.idle();
    await again.library.dispose();
    expect(cached(cacheFile).forgotten).toEqual([snare.path]);
  });

  it('a folder removed and added back (an undo) still leaves its forgotten files out; a restart between them does not', async () => {
    const { root } = writeSampleLibrary();
    const { library, cacheDir } = await scanned(root);
    const kick = library.index.get(join(root, 'drums/kick 01.wav'))!;
    library.forget([kick.id]);
    await library.remove(root);
    await library.add([root]);
    await library.idle();
    expect(library.state().total).toBe(6);
    await library.remove(root);
    await library.dispose();

    const later = service(cacheDir);
    await later.library.load();
    await later.library.add([root]);
    await later.library.idle();
    expect(later.library.state().total).toBe(7);
    await later.library.dispose();
  });

  it('a version 2 cache (no forgotten files) is read as it is', async () => {
    const { root } = writeSampleLibrary();
    const { library, cacheDir, cacheFile } = await scanned(root);
    await library.dispose();
    const { folders, files } = (await loadLibraryCache(cacheFile)).library!;
    writeOldLibraryCache(cacheFile, 2, folders, files);
    const again = service(cacheDir);
    await again.library.load();
    expect(again.library.state().total).toBe(7);
    await again.library.dispose();
  });

  it('says which ids it did not find when none of them is in the library', async () => {
    const { root } = writeSampleLibrary();
    const { library } = await scanned(root);
    expect(() => library.forget([9999, 10000])).toThrow(
      'no file with id 9999, 10000 in the library',
    );
    expect(library.state().total).toBe(7);
    await library.dispose();
  });
});
