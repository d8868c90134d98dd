import { createHash } from 'node:crypto';
import { open, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryFile } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';
import { removeStaleTempFiles, writeFileAtomically } from '../platform/atomic-file';
import { fsPath } from '../platform/fs-path';
import type { WorkerPool } from '../workers/worker-pool';
import { isUnder } from '../platform/path-under';

const MEMORY_ENTRIES = 2000;
/** Requests this small are list thumbnails: one at a time, so they never crowd the player's. */
const THUMBNAIL_MAX_BUCKETS = 128;
export const DEFAULT_PEAKS_CACHE_BYTES = 64 * 1024 * 1024;
/** A file's last use is written to its mtime at most this often (it orders the cache across runs). */
const TOUCH_INTERVAL_MS = 60_000;
/** Enough of an entry's start to hold its path (`{"path":"...",`). */
const HEAD_BYTES = 16 * 1024;

export interface PeaksServiceOptions {
  /** The on-disk cache's size limit; the least recently used entries go first. */
  maxBytes?: number;
  /**
   * Whether a file is still in the library: entries of files that are not go when the cache is
   * pruned (after each write). Not asked during the prune when the service starts, which may
   * come before the library is loaded.
   */
  isKept?: (path: string) => boolean;
  log?: (message: string) => void;
}

interface DiskEntry {
  bytes: number;
  /** Order of last use: higher is more recent. */
  used: number;
  /** When the file's mtime last recorded a use. */
  touchedAt: number;
  /** The audio file's path; null until read from the entry (for entries of an earlier run). */
  path: string | null;
}

/** The peaks in an entry read from disk, or null when it is not a whole, matching entry. */
function validPeaks(text: string, path: string, buckets: number): number[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const entry = data as { path?: unknown; buckets?: unknown; peaks?: unknown };
  if (entry.path !== path || entry.buckets !== buckets || !Array.isArray(entry.peaks)) return null;
  const peaks = entry.peaks as unknown[];
  if (peaks.length !== buckets * 2) return null;
  for (const v of peaks) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -127 || v > 127) return null;
  }
  return peaks as number[];
}

/**
 * Waveform peaks, computed in the worker pool and cached per (path, size, mtime, buckets) in
 * memory and on disk, so a file is read for its waveform once. The disk cache is bounded
 * (least recently used out, and entries of files no longer in the library); an entry that
 * cannot be read is a miss, computed again and written over.
 */
export class PeaksService implements Disposable {
  private readonly memory = new Map<string, number[]>();
  private readonly inFlight = new Map<string, Promise<number[]>>();
  private thumbnails: Promise<unknown> = Promise.resolve();
  /** Entry files on disk by name, once the folder has been listed. */
  private readonly disk = new Map<string, DiskEntry>();
  private diskBytes = 0;
  private sequence = 0;
  private readonly started: Promise<void>;
  private pruning: Promise<void>;
  private readonly maxBytes: number;
  private head: Buffer | null = null;

  constructor(
    private readonly pool: WorkerPool,
    private readonly cacheDir: string,
    private readonly options: PeaksServiceOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_PEAKS_CACHE_BYTES;
    this.started = this.listDisk();
    this.pruning = this.started.then(() => this.pruneNow(false));
  }

  get(file: LibraryFile, buckets: number): Promise<number[]> {
    const hash = createHash('sha1');
    // The path's bytes: two names that differ only in bytes that are not UTF-8 differ here.
    hash.update(fsPath(file.path));
    hash.update(`\0${file.sizeBytes}\0${file.mtimeMs}\0${buckets}`);
    const name = `${hash.digest('hex')}.json`;
    const known = this.memory.get(name);
    if (known) {
      // Most recently used last, so the oldest is the first to go.
      this.memory.delete(name);
      this.memory.set(name, known);
      this.used(name);
      return Promise.resolve(known);
    }
    let pending = this.inFlight.get(name);
    if (!pending) {
      pending = this.load(name, file, buckets).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, pending);
    }
    return pending;
  }

  /** Removes the entries of files under `folder` (a folder removed from the library). */
  forgetUnder(folder: string): Promise<void> {
    return this.queuePrune(async () => {
      await this.learnPaths();
      for (const [name, entry] of [...this.disk]) {
        if (entry.path !== null && isUnder(entry.path, folder)) await this.drop(name);
      }
    });
  }

  /** Prunes the disk cache now (as after a write) and resolves when it is done. */
  prune(): Promise<void> {
    return this.queuePrune(() => this.pruneNow(true));
  }

  /**
   * Waits for the cache's queued disk work (prunes, a removed folder's entries) to finish, so
   * none of it runs after the user-data folder is given up. Peaks still being computed are the
   * pool's: disposing the pool abandons them.
   */
  async dispose(): Promise<void> {
    await this.pruning.catch(() => undefined);
  }

  /** Bytes in the disk cache's entries, as this service counts them. */
  get cacheBytes(): number {
    return this.diskBytes;
  }

  private async load(name: string, file: LibraryFile, buckets: number): Promise<number[]> {
    await this.started;
    const diskFile = join(this.cacheDir, name);
    const text = await readFile(diskFile, 'utf8').catch(() => null);
    let peaks = text === null ? null : validPeaks(text, file.path, buckets);
    if (peaks) {
      this.used(name);
    } else {
      if (text !== null)
        this.options.log?.(`peaks cache entry ${diskFile} is damaged; computed again`);
      const compute = () => this.pool.peaks({ path: file.path, buckets });
      const result =
        buckets <= THUMBNAIL_MAX_BUCKETS
          ? await (this.thumbnails = this.thumbnails.then(compute, compute))
          : await compute();
      peaks = (result as { peaks: number[] }).peaks;
      await this.write(name, file.path, buckets, peaks);
    }
    this.memory.set(name, peaks);
    if (this.memory.size > MEMORY_ENTRIES) {
      this.memory.delete(this.memory.keys().next().value as string);
    }
    return peaks;
  }

  private async write(name: string, path: string, buckets: number, peaks: number[]) {
    const text = JSON.stringify({ path, buckets, peaks });
    const bytes = Buffer.byteLength(text);
    // An entry larger than the whole cache would only push everything else out.
    if (bytes > this.maxBytes) return;
    try {
      await writeFileAtomically(join(this.cacheDir, name), (out) => out.write(text));
    } catch (error) {
      this.options.log?.(`could not cache peaks: ${(error as Error).message}`);
      return;
    }
    this.diskBytes += bytes - (this.disk.get(name)?.bytes ?? 0);
    this.disk.set(name, { bytes, used: ++this.sequence, touchedAt: Date.now(), path });
    // Only the size after a write: checking every entry against the library on each of
    // thousands of thumbnail writes would cost O(n²). Removed folders go by forgetUnder.
    void this.queuePrune(() => this.pruneNow(false));
  }

  /** Records a use; the entry's mtime carries it to the next run (now and then). */
  private used(name: string): void {
    const entry = this.disk.get(name);
    if (!entry) return;
    entry.used = ++this.sequence;
    const now = Date.now();
    if (now - entry.touchedAt < TOUCH_INTERVAL_MS) return;
    entry.touchedAt = now;
    const when = new Date(now);
    void utimes(join(this.cacheDir, name), when, when).catch(() => undefined);
  }

  /** Lists the entries on disk (their last use is their mtime) and clears interrupted saves. */
  private async listDisk(): Promise<void> {
    await removeStaleTempFiles(this.cacheDir);
    let names: string[];
    try {
      names = await readdir(this.cacheDir);
    } catch {
      return;
    }
    const found: { name: string; bytes: number; mtimeMs: number }[] = [];
    for (const name of names) {
      if (!/^[0-9a-f]{40}\.json$/.test(name)) continue;
      try {
        const s = await stat(join(this.cacheDir, name));
        if (s.isFile()) found.push({ name, bytes: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // Gone meanwhile.
      }
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { name, bytes, mtimeMs } of found) {
      if (this.disk.has(name)) continue;
      this.disk.set(name, { bytes, used: ++this.sequence, touchedAt: mtimeMs, path: null });
      this.diskBytes += bytes;
    }
  }

  private queuePrune(work: () => Promise<void>): Promise<void> {
    const next = this.pruning.then(work).catch((error: Error) => {
      this.options.log?.(`could not prune the peaks cache: ${error.message}`);
    });
    this.pruning = next;
    return next;
  }

  private async pruneNow(checkLibrary: boolean): Promise<void> {
    const { isKept } = this.options;
    if (checkLibrary && isKept) {
      await this.learnPaths();
      for (const [name, entry] of [...this.disk]) {
        if (entry.path !== null && !isKept(entry.path)) await this.drop(name);
      }
    }
    if (this.diskBytes <= this.maxBytes) return;
    const oldestFirst = [...this.disk].sort((a, b) => a[1].used - b[1].used);
    for (const [name] of oldestFirst) {
      if (this.diskBytes <= this.maxBytes) break;
      await this.drop(name);
    }
  }

  /** Reads the path of every entry whose path is not known yet (once per entry and run). */
  private async learnPaths(): Promise<void> {
    for (const [name, entry] of this.disk) {
      if (entry.path !== null) continue;
      entry.path = await this.readPath(join(this.cacheDir, name));
      // An entry without a readable path is of no file: it goes.
      if (entry.path === null) entry.path = '';
    }
  }

  private async readPath(file: string): Promise<string | null> {
    try {
      const handle = await open(file, 'r');
      try {
        // One buffer for all: learnPaths reads one entry at a time.
        const head = (this.head ??= Buffer.alloc(HEAD_BYTES));
        const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
        const match = /^\{"path":("(?:[^"\\]|\\.)*")/.exec(head.toString('utf8', 0, bytesRead));
        return match ? (JSON.parse(match[1]!) as string) : null;
      } finally {
        await handle.close();
      }
    } catch {
      return null;
    }
  }

  private async drop(name: string): Promise<void> {
    const entry = this.disk.get(name);
    if (!entry) return;
    this.disk.delete(name);
    this.diskBytes -= entry.bytes;
    this.memory.delete(name);
    await rm(join(this.cacheDir, name), { force: true });
  }
}
