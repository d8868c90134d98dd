import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { normalize, sep } from 'node:path';
import type { ScanProblem } from '../../shared/contract';
import { audioKind, type FileRecord } from '../formats/file-record';
import type { WorkerPool } from '../workers/worker-pool';
import type { HeaderTask, HeaderTaskFile, HeaderTaskResult } from '../workers/header-task';
import { describeFsError, describeMissingOrFsError } from '../platform/fs-error';
import { fsPath, pathFromBytes } from '../platform/fs-path';

interface WalkCallbacks {
  /** Folders that could not be walked, symlink loops ... (never fatal). */
  onProblem(problem: ScanProblem): void;
  onProgress?(progress: { found: number; read: number; currentDir: string }): void;
  /** Every folder walked, so it can be watched. */
  onDirectory?(dir: string): void;
}

export interface ScanCallbacks extends WalkCallbacks {
  /** Read (or re-read) files, in batches as the workers finish them. */
  onRecords(records: FileRecord[]): void;
  /** Files the cache already describes (same size and mtime). */
  onUnchanged?(paths: string[]): void;
}

interface WalkOptions extends WalkCallbacks {
  root: string;
  /** What the cache knows of a path; undefined means read it. */
  known?: (path: string) => { sizeBytes: number; mtimeMs: number } | undefined;
  /** Files to leave unread (taken out of the library); still counted as seen on disk. */
  skip?: (path: string) => boolean;
  /** Walk files and folders whose names start with a dot too (skipped by default). */
  hidden?: boolean;
  signal?: AbortSignal;
  batchSize?: number;
  /** Batches in flight at once: enough to keep every worker busy, few enough to bound memory. */
  maxInFlight?: number;
  dirConcurrency?: number;
}

export interface ScanOptions extends ScanCallbacks, WalkOptions {
  pool: WorkerPool;
}

/** What reads the batches the walk finds: the worker pool, or the CLI's own threads. */
export interface BatchReader<R> {
  /** Threads reading at once: the walk keeps two batches in flight per thread. */
  readonly threads: number;
  read(task: HeaderTask, signal?: AbortSignal): Promise<R>;
}

export interface BatchScanOptions<R> extends WalkOptions {
  reader: BatchReader<R>;
  /** A batch read, in the order the reads finish. */
  onBatch(result: R): void;
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
export function scanFolder(options: ScanOptions): Promise<ScanResult> {
  return scanBatches<HeaderTaskResult>({
    ...options,
    reader: options.pool,
    onBatch: (result) => {
      if (result.records.length) options.onRecords(result.records);
      if (result.unchanged.length) options.onUnchanged?.(result.unchanged);
    },
  });
}

/** scanFolder's walk with any reader of the batches (the CLI formats its lines in its threads). */
export async function scanBatches<R>(options: BatchScanOptions<R>): Promise<ScanResult> {
  const { root, reader, signal } = options;
  const batchSize = options.batchSize ?? 256;
  const maxInFlight = options.maxInFlight ?? reader.threads * 2;
  const rootDir = normalize(root);
  const seen = new Set<string>();
  const visitedDirs = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let batch: HeaderTaskFile[] = [];
  let found = 0;
  let read = 0;
  let currentDir = root;

  const report = () => options.onProgress?.({ found, read, currentDir });

  const submit = async (files: HeaderTaskFile[]) => {
    const job = reader.read({ root, files }, signal).then(
      (result) => {
        read += files.length;
        options.onBatch(result);
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
    if (options.skip?.(path)) return;
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
    let entries: { name: string; dirent: Dirent | Dirent<Buffer> }[];
    try {
      entries = await readNames(dir);
    } catch (error) {
      options.onProblem({ path: dir, reason: `cannot read folder: ${describeFsError(error)}` });
      return [];
    }
    currentDir = dir;
    options.onDirectory?.(dir);
    // What path.join(dir, name) gives, without re-normalising every path (a tenth of the
    // walk's time over 10,000 files): the root normalised once, below it names of one entry.
    const base = dir === root ? rootDir : dir;
    const prefix = base.endsWith(sep) ? base : base + sep;
    const subdirs: string[] = [];
    for (const { name, dirent: entry } of entries) {
      if (signal?.aborted) break;
      if (!options.hidden && name.startsWith('.')) continue;
      const path = prefix + name;
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

/**
 * A folder's entries with their names as the library keeps them (see fs-path.ts). Read as text
 * first, which is twice as fast as bytes; only a folder where a name came back with U+FFFD (a
 * name that is not UTF-8, or one that holds U+FFFD itself) is read again by bytes.
 */
async function readNames(
  dir: string,
): Promise<{ name: string; dirent: Dirent | Dirent<Buffer> }[]> {
  const text = await readdir(fsPath(dir), { withFileTypes: true });
  if (!text.some((entry) => entry.name.includes('\uFFFD'))) {
    return text.map((dirent) => ({ name: dirent.name, dirent }));
  }
  const bytes = await readdir(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
  return bytes.map((dirent) => ({ name: pathFromBytes(dirent.name), dirent }));
}
