import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import { LibraryService, type MarksFollow } from '../../src/main/library/library-service';
import { fileIdentity } from '../../src/main/marks/file-identity';
import { sourceWorker } from '../fixtures/source-worker';
import { writeSampleLibrary } from '../fixtures/library-tree';

const pool = new WorkerPool(sourceWorker('file-worker'), 2);
afterAll(() => pool.dispose());

/** The marks store as the library sees it: marked paths with their identity and a tag. */
class MarkedFiles implements MarksFollow {
  readonly marks = new Map<string, { size: number; hash: string; tag: string }>();
  readonly moves: [string, string][] = [];

  async mark(path: string, tag: string): Promise<void> {
    this.marks.set(path, { ...(await fileIdentity(path)), tag });
  }

  candidatesOfSize(size: number) {
    return [...this.marks]
      .filter(([, m]) => m.size === size)
      .map(([path, m]) => ({ path, hash: m.hash }));
  }

  async moved(from: string, to: string): Promise<void> {
    const mark = this.marks.get(from)!;
    this.marks.delete(from);
    this.marks.set(to, mark);
    this.moves.push([from, to]);
  }

  tagOf(path: string): string | undefined {
    return this.marks.get(path)?.tag;
  }
}

async function scanned(roots: string[], follow: MarkedFiles, cacheDir?: string) {
  const library = new LibraryService({
    cacheFile: join(cacheDir ?? mkdtempSync(join(tmpdir(), 'sd-cache-')), 'library.json'),
    pool,
    onChanged: () => undefined,
    notifyIntervalMs: 20,
    saveDelayMs: 20,
    follow,
  });
  await library.load();
  await library.add(roots);
  await library.idle();
  return library;
}

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe('marks follow a file that moves inside the library', () => {
  it('a file renamed on disk keeps its marks (the watcher)', async () => {
    const { root } = writeSampleLibrary();
    const marked = new MarkedFiles();
    const library = await scanned([root], marked);
    const kick = join(root, 'drums/kick 01.wav');
    await marked.mark(kick, 'favourite kick');
    const renamed = join(root, 'drums/kick renamed.wav');
    renameSync(kick, renamed);
    await waitFor(() => expect(marked.tagOf(renamed)).toBe('favourite kick'));
    expect(marked.moves).toEqual([[kick, renamed]]);
    expect(library.index.get(renamed)).toBeDefined();
    await library.dispose();
  });

  it('a file moved from one library folder to another keeps its marks', async () => {
    const a = writeSampleLibrary();
    const b = writeSampleLibrary();
    const marked = new MarkedFiles();
    const library = await scanned([a.root, b.root], marked);
    const from = join(a.root, 'loops/pad float.wav');
    await marked.mark(from, 'pad');
    const to = join(b.root, 'loops/pad moved.wav');
    renameSync(from, to);
    await waitFor(() => expect(marked.tagOf(to)).toBe('pad'));
    expect(library.index.get(to)?.root).toBe(b.root);
    await library.dispose();
  });

  it('a file renamed while Sampledeck was closed keeps its marks (the scan)', async () => {
    const { root } = writeSampleLibrary();
    const cacheDir = mkdtempSync(join(tmpdir(), 'sd-cache-'));
    const marked = new MarkedFiles();
    const first = await scanned([root], marked, cacheDir);
    await first.dispose();
    const snare = join(root, 'drums/snare.wav');
    await marked.mark(snare, 'snare');
    const renamed = join(root, 'snare elsewhere.wav');
    renameSync(snare, renamed);
    const library = await scanned([], marked, cacheDir);
    expect(marked.moves).toEqual([[snare, renamed]]);
    expect(library.index.get(snare)).toBeUndefined();
    await library.dispose();
  });

  it('a copy is not a move, and a different file of the same size takes no marks', async () => {
    const { root } = writeSampleLibrary();
    const marked = new MarkedFiles();
    const library = await scanned([root], marked);
    const kick = join(root, 'drums/kick 01.wav');
    await marked.mark(kick, 'kick');
    const copy = join(root, 'drums/kick copy.wav');
    copyFileSync(kick, copy);
    await waitFor(() => expect(library.index.get(copy)).toBeDefined());
    await library.idle();

    // The marked file goes, and one of its size but other bytes comes.
    const bytes = readFileSync(kick);
    bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
    rmSync(kick);
    rmSync(copy);
    const other = join(root, 'drums/other kick.wav');
    writeFileSync(other, bytes);
    await waitFor(() => expect(library.index.get(other)).toBeDefined());
    await library.idle();
    expect(marked.moves).toEqual([]);
    expect(marked.tagOf(kick)).toBe('kick');
    await library.dispose();
  });
});
