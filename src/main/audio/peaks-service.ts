import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryFile } from '../../shared/contract';
import { writeFileAtomically } from '../atomic-file';
import type { WorkerPool } from '../library/worker-pool';

const MEMORY_ENTRIES = 2000;
/** Requests this small are list thumbnails: one at a time, so they never crowd the player's. */
const THUMBNAIL_MAX_BUCKETS = 128;

/**
 * Waveform peaks, computed in the worker pool and cached per (path, size, mtime, buckets) in
 * memory and on disk, so a file is read for its waveform once.
 */
export class PeaksService {
  private readonly memory = new Map<string, number[]>();
  private readonly inFlight = new Map<string, Promise<number[]>>();
  private thumbnails: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: WorkerPool,
    private readonly cacheDir: string,
  ) {}

  get(file: LibraryFile, buckets: number): Promise<number[]> {
    const key = `${file.path}\0${file.sizeBytes}\0${file.mtimeMs}\0${buckets}`;
    const known = this.memory.get(key);
    if (known) {
      // Most recently used last, so the oldest is the first to go.
      this.memory.delete(key);
      this.memory.set(key, known);
      return Promise.resolve(known);
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(key, file, buckets).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async load(key: string, file: LibraryFile, buckets: number): Promise<number[]> {
    const diskFile = join(this.cacheDir, `${createHash('sha1').update(key).digest('hex')}.json`);
    let peaks = await readFile(diskFile, 'utf8').then(
      (text) => (JSON.parse(text) as { peaks: number[] }).peaks,
      () => null,
    );
    if (!peaks || peaks.length !== buckets * 2) {
      const compute = () => this.pool.peaks({ path: file.path, buckets });
      const result =
        buckets <= THUMBNAIL_MAX_BUCKETS
          ? await (this.thumbnails = this.thumbnails.then(compute, compute))
          : await compute();
      peaks = (result as { peaks: number[] }).peaks;
      const text = JSON.stringify({ path: file.path, buckets, peaks });
      await writeFileAtomically(diskFile, (h) => h.write(text).then(() => undefined)).catch(
        () => undefined,
      );
    }
    this.memory.set(key, peaks);
    if (this.memory.size > MEMORY_ENTRIES) {
      this.memory.delete(this.memory.keys().next().value as string);
    }
    return peaks;
  }
}
