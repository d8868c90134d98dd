import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanProblem } from '../../shared/contract';
import { audioKind, type FileRecord } from '../formats/file-record';
import type { WorkerPool } from '../workers/worker-pool';
import type { HeaderTaskFile } from '../workers/file-worker';
import { describeFsError, describeMissingOrFsError } from '../platform/fs-error';
import { fsPath, pathFromBytes } from '../platform/fs-path';

export interface ScanCallbacks {
  /** Read (or re-read) files, in batches as the workers finish them. */
  onRecords(records: FileRecord[]): void;
  /** Files the cache already describes (same size and mtime). */
  onUnchanged?(paths: string[]): void;
  /** Folders that could not be walked, symlink loops ... (never fatal). */
  onProblem(problem: ScanProblem): void;
  onProgress?(progress: { found: number; read: number; currentDir: string }): void;
  /** Every folder walked, so it can be watched. */
  onDirectory?(dir: string): void;
}

export interface ScanOptions extends ScanCallbacks {
  root: string;
  pool: WorkerPool;
  /** What the cache knows of a path; undefined means read it. */
  known?: (path: string) => { sizeBytes: number; mtimeMs: number } | undefined;
  signal?: AbortSignal;
  batchSize?: number;
  /** Batches in flight at once: enough to keep every worker busy, few enough to bound memory. */
  maxInFlight?: number;
  dirConcurrency?: number;
}

export interface ScanResult {
  /** Every audio path seen (read, unchanged or failed), to drop files that have gone. */
  seen: Set<string>;
  cancelled: boolean;
}

/**
 * Walks a folder (or takes a single file) and reads every audio file's header in the worker
 * pool, with bounded concurrency in both the walk and the reads. Problems are reported and the
 * scan goes on; only cancellation stops it.
 */
export async function scanFolder(options: ScanOptions): Promise<ScanResult> {
  const { root, pool, signal } = options;
  const batchSize = options.batchSize ?? 256;
  const maxInFlight = options.maxInFlight ?? pool.threads * 2;
  const seen = new Set<string>();
  const visitedDirs = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let batch: HeaderTaskFile[] = [];
  let found = 0;
  let read = 0;
  let currentDir = root;

  const report = () => options.onProgress?.({ found, read, currentDir });

  const submit = async (files: HeaderTaskFile[]) => {
    const job = pool.read({ root, files }, signal).then(
      (result) => {
        read += files.length;
        if (result.records.length) options.onRecords(result.records);
        if (result.unchanged.length) options.onUnchanged?.(result.unchanged);
        report();
      },
      (error: unknown) => {
        if (signal?.aborted) return;
        for (const file of files) {
          options.onProblem({
            path: file.path,
            reason: `header reader failed: ${describeFsError(error)}`,
          });
        }
      },
    );
    const tracked = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    // Back-pressure: the walk waits while the workers are saturated.
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  };

  const addFile = async (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    found += 1;
    batch.push({ path, known: options.known?.(path) });
    if (batch.length >= batchSize) {
      const full = batch;
      batch = [];
      await submit(full);
    }
  };

  const walkDir = async (dir: string): Promise<string[]> => {
    let real: string;
    try {
      // By bytes: two folders whose names differ only in bytes that are not UTF-8 differ.
      real = pathFromBytes(await realpath(fsPath(dir), { encoding: 'buffer' }));
    } catch (error) {
      options.onProblem({ path: dir, reason: describeFsError(error) });
      return [];
    }
    if (visitedDirs.has(real)) {
      options.onProblem({
        path: dir,
        reason: `symlink loop: ${dir} leads back to ${real}, skipped`,
      });
      return [];
    }
    visitedDirs.add(real);
    let entries;
    try {
      // By bytes: a name that is not UTF-8 keeps them (see fs-path.ts).
      entries = await readdir(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      options.onProblem({ path: dir, reason: `cannot read folder: ${describeFsError(error)}` });
      return [];
    }
    currentDir = dir;
    options.onDirectory?.(dir);
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (signal?.aborted) break;
      const name = pathFromBytes(entry.name);
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (entry.isDirectory()) subdirs.push(path);
      else if (entry.isFile()) {
        if (audioKind(name)) await addFile(path);
      } else if (entry.isSymbolicLink()) {
        try {
          const target = await stat(fsPath(path));
          if (target.isDirectory()) subdirs.push(path);
          else if (target.isFile() && audioKind(name)) await addFile(path);
        } catch (error) {
          options.onProblem({ path, reason: `broken link: ${describeFsError(error)}` });
        }
      }
    }
    return subdirs;
  };

  try {
    const top = await lstat(fsPath(root)).then((s) =>
      s.isSymbolicLink() ? stat(fsPath(root)) : s,
    );
    if (top.isFile()) {
      if (audioKind(root)) await addFile(root);
      else options.onProblem({ path: root, reason: 'not an audio file (by its extension)' });
    } else {
      // Breadth-first with a few folders read at once.
      const concurrency = options.dirConcurrency ?? 8;
      let level = [root];
      while (level.length > 0 && !signal?.aborted) {
        const next: string[] = [];
        for (let i = 0; i < level.length && !signal?.aborted; i += concurrency) {
          const lists = await Promise.all(level.slice(i, i + concurrency).map(walkDir));
          for (const list of lists) next.push(...list);
          report();
        }
        level = next;
      }
    }
  } catch (error) {
    options.onProblem({ path: root, reason: describeMissingOrFsError(error) });
  }
  if (batch.length > 0 && !signal?.aborted) await submit(batch);
  await Promise.all(inFlight);
  report();
  return { seen, cancelled: signal?.aborted ?? false };
}
