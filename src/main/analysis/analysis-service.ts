/**
 * Analyses the library's files in the background and keeps what it found: the AnalysisView the
 * library's rows and queries read, the SimilarityFinder fed with vectors, analysis.db.
 *
 * - At open, what analysis.db holds is loaded; then every library file without a current
 *   analysis (none, or its size or mtime differ from what was analysed) is queued. The same
 *   after every scan and every change a watch brings (`libraryChanged`).
 * - The rows on screen (`prioritise`) go first, then the rest in library order.
 * - Short files keep every thread busy: each takes milliseconds, so a scan's batch or a waveform
 *   waits at most that long for a thread. Of long files (over `longFileBytes`) at most
 *   max(1, threads - 1) are in flight, so scans and peaks keep a thread while one takes a second.
 * - Results are applied in batches (every `applyMs`): one version bump, one store write, one
 *   change event per batch, which keeps main's event loop free.
 * - `cancel` drops the queue and aborts what is in flight; nothing starts again until `start`.
 * - A file that cannot be analysed is counted and kept with its reason; it is tried again only
 *   once it changes.
 * - A file that left the library is remembered for a minute: a new file of its size whose
 *   identity (marks/file-identity.ts) matches takes its analysis without being decoded, so a
 *   moved or renamed file, or a folder moved while the app was closed, is not analysed again.
 */
import type { AnalysisProgress, FileAnalysis, SimilarResult } from '../../shared/contract';
import type { AspectWeights } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';
import type { StoredAnalysis } from './analysis-db';
import type { AnalysisStore } from './analysis-db-client';
import type { AnalysisTask, AnalysisTaskResult } from './analysis-task';
import type { AnalysisView } from './analysis-view';
import { fileIdentity, type FileIdentity } from '../marks/file-identity';
import type { SimilarityFinder } from './similarity';

/** What the service runs its tasks on (WorkerPool). */
/** Versions whose changed paths are kept for changedSince (older readers look at every file). */
const RECENT_VERSIONS = 64;

export interface AnalysisPool {
  readonly threads: number;
  analyse(task: AnalysisTask, signal?: AbortSignal): Promise<AnalysisTaskResult>;
}

/** A library file the analysis can read (a playable one), as the library last saw it. */
export interface AnalysableFile {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

export interface AnalysisServiceOptions {
  pool: AnalysisPool;
  store: AnalysisStore;
  finder: SimilarityFinder;
  /** The library's analysable files, now. */
  files: () => Iterable<AnalysableFile>;
  onProgress: (progress: AnalysisProgress) => void;
  /** Results were applied (the view's version changed): cached sorts and filters are stale. */
  onChanged?: () => void;
  onNotice?: (message: string) => void;
  log?: (message: string) => void;
  /** How often results are applied, and progress told at most (ms; default 250). */
  applyMs?: number;
  /** How long after a library change its files are looked at (ms; default 300). */
  settleMs?: number;
  /** Files in flight at most (default: the pool's threads). */
  inFlight?: number;
  /** Files larger than this are long (default LONG_FILE_BYTES). */
  longFileBytes?: number;
  /** The clock gone files are remembered by (tests move it by hand). */
  now?: () => number;
}

/** How long a file that left the library can give its analysis to a file moved there. */
export const GONE_KEPT_MS = 60_000;

/** 8 MB: 45 s of 16-bit stereo 44.1 kHz, some 100 ms of analysis. */
export const LONG_FILE_BYTES = 8 * 1024 * 1024;

interface Known {
  sizeBytes: number;
  mtimeMs: number;
}

interface Current extends Known {
  analysis: FileAnalysis;
  identity: FileIdentity;
}

/** A file's analysis after it left the library, for a file with its identity to take. */
interface Gone {
  identity: FileIdentity;
  analysis: FileAnalysis;
  vector: Float32Array;
  at: number;
}

export interface AnalysisFailure extends Known {
  path: string;
  error: string;
}

export class AnalysisService implements AnalysisView, Disposable {
  private versionNumber = 0;
  /** The paths each recent version changed, so readers update those files only. */
  private readonly recent: { version: number; paths: string[] | null }[] = [];
  private readonly current = new Map<string, Current>();
  private readonly failures = new Map<string, AnalysisFailure>();
  /** Files that left the library lately, by size. */
  private gone = new Map<number, Gone[]>();
  /** The library's files as the last sync saw them. */
  private library = new Map<string, Known>();
  /** Paths waiting, in library order; `first` goes before them. */
  private readonly queue = new Set<string>();
  private first: string[] = [];
  private readonly inFlight = new Map<string, AbortController>();
  private readonly applying: StoredAnalysis[] = [];
  private total = 0;
  private paused = false;
  private opened = false;
  private disposed = false;
  private applyTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private lastProgressAt = -Infinity;
  private scanning = false;
  private openPromise: Promise<void> | null = null;

  constructor(private readonly options: AnalysisServiceOptions) {}

  // ------------------------------------------------------------ AnalysisView

  get version(): number {
    return this.versionNumber;
  }

  changedSince(version: number): Iterable<string> | null {
    if (version === this.versionNumber) return [];
    const since = this.recent.findIndex((change) => change.version === version + 1);
    if (since < 0) return null;
    const paths = new Set<string>();
    for (const change of this.recent.slice(since)) {
      if (change.paths === null) return null;
      for (const path of change.paths) paths.add(path);
    }
    return paths;
  }

  of(path: string): FileAnalysis | null {
    return this.current.get(path)?.analysis ?? null;
  }

  get similar(): SimilarityFinder {
    return this.options.finder;
  }

  // ------------------------------------------------------------ requests

  /** Loads analysis.db, then queues what the library has without a current analysis. */
  open(): Promise<void> {
    this.openPromise ??= this.load();
    return this.openPromise;
  }

  state(): AnalysisProgress {
    // Results not applied yet are not done: done means `of()` answers.
    const waiting = this.queue.size + this.inFlight.size + this.applying.length;
    const failed = this.failures.size;
    return {
      active: waiting > 0 && !this.paused,
      done: Math.max(0, this.total - waiting - failed),
      total: this.total,
      failed,
      current: this.inFlight.keys().next().value ?? null,
      paused: this.paused,
    };
  }

  /** Resumes after a cancel and analyses what is missing. */
  start(): AnalysisProgress {
    this.paused = false;
    if (this.opened) this.sync();
    return this.state();
  }

  /** Drops the queue and abandons the files in flight; nothing is lost that was stored. */
  cancel(): AnalysisProgress {
    this.paused = true;
    this.queue.clear();
    this.first = [];
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    this.tellProgress(true);
    return this.state();
  }

  /** These paths (the rows on screen) are analysed before the rest; the latest call wins. */
  prioritise(paths: readonly string[]): void {
    this.first = paths.filter((p) => this.queue.has(p));
  }

  /** The files nearest `path` by the weights given. */
  similarTo(path: string, weights: AspectWeights, limit: number): SimilarResult {
    return { path, matches: this.options.finder.nearest(path, weights, limit) };
  }

  /** Files that could not be analysed, with the reason (the library's problems list them). */
  failed(): AnalysisFailure[] {
    return [...this.failures.values()];
  }

  /**
   * The library changed (a scan's progress, its end, a watched change): its files are looked at
   * once it settles, and never while a scan is running (its end calls this again).
   */
  libraryChanged(scanning: boolean): void {
    this.scanning = scanning;
    if (!this.opened || this.disposed || scanning) return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      if (!this.scanning) this.sync();
    }, this.options.settleMs ?? 300);
    this.settleTimer.unref?.();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of [this.applyTimer, this.settleTimer, this.progressTimer]) {
      if (timer) clearTimeout(timer);
    }
    this.queue.clear();
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    await this.openPromise?.catch(() => undefined);
    await this.flush().catch(() => undefined);
    await this.options.store.dispose();
  }

  // ------------------------------------------------------------ work

  private async load(): Promise<void> {
    if (this.disposed) return;
    try {
      const { rows, rebuilt } = await this.options.store.load();
      if (rebuilt) this.options.onNotice?.(rebuilt);
      for (const row of rows) {
        this.current.set(row.path, {
          sizeBytes: row.sizeBytes,
          mtimeMs: row.mtimeMs,
          analysis: row.analysis,
          identity: row.identity,
        });
        this.options.finder.set(row.path, row.vector);
      }
      if (rows.length) this.changed(null);
    } catch (error) {
      // Derived data: without the database the analysis still runs, it just is not kept.
      this.options.onNotice?.(`Stored analysis could not be read: ${(error as Error).message}`);
    }
    if (this.disposed) return;
    this.opened = true;
    if (!this.scanning) this.sync();
  }

  /** Queues the library's files without a current analysis; forgets files it no longer has. */
  private sync(): void {
    if (this.disposed) return;
    const seen = new Map<string, Known>();
    const queue = new Set<string>();
    for (const file of this.options.files()) {
      seen.set(file.path, { sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs });
      if (!sameFile(this.current.get(file.path), file)) {
        const failure = this.failures.get(file.path);
        if (failure && sameFile(failure, file)) continue;
        this.failures.delete(file.path);
        if (!this.inFlight.has(file.path)) queue.add(file.path);
      }
    }
    this.total = seen.size;
    this.library = seen;
    const gone = [...this.current.keys()].filter((path) => !seen.has(path));
    this.rememberGone(gone);
    for (const path of gone) {
      this.current.delete(path);
      this.options.finder.delete(path);
    }
    for (const path of this.failures.keys()) if (!seen.has(path)) this.failures.delete(path);
    if (gone.length) {
      this.changed(gone);
      this.options.store.forget(gone).catch((error: Error) => this.options.log?.(error.message));
    }
    this.queue.clear();
    if (!this.paused) for (const path of queue) this.queue.add(path);
    this.first = this.first.filter((p) => this.queue.has(p));
    this.pump();
    this.tellProgress(true);
  }

  /** The path to analyse next (rows on screen first), left in the queue. */
  private peek(): string | undefined {
    while (this.first.length) {
      const path = this.first[0]!;
      if (this.queue.has(path)) return path;
      this.first.shift();
    }
    return this.queue.values().next().value;
  }

  private isLong(path: string): boolean {
    const size = this.library.get(path)?.sizeBytes ?? 0;
    return size > (this.options.longFileBytes ?? LONG_FILE_BYTES);
  }

  private longInFlight(): number {
    let count = 0;
    for (const path of this.inFlight.keys()) if (this.isLong(path)) count += 1;
    return count;
  }

  private pump(): void {
    const { threads } = this.options.pool;
    const limit = this.options.inFlight ?? threads;
    const longLimit = Math.min(limit, Math.max(1, threads - 1));
    while (!this.paused && !this.disposed && this.inFlight.size < limit) {
      const path = this.peek();
      if (path === undefined) break;
      // The queue's order is kept: a long file waits for a long one to finish.
      if (this.isLong(path) && this.longInFlight() >= longLimit) break;
      this.queue.delete(path);
      const controller = new AbortController();
      this.inFlight.set(path, controller);
      this.analyse(path, controller.signal).then(
        (result) => this.finished(path, controller, result),
        (error: Error) => {
          if (controller.signal.aborted) return;
          this.finished(path, controller, { ok: false, path, error: `${path}: ${error.message}` });
        },
      );
    }
  }

  /** Files that left the library keep their analyses for a while (and older ones are dropped). */
  private rememberGone(paths: string[]): void {
    const now = (this.options.now ?? Date.now)();
    const kept = new Map<number, Gone[]>();
    for (const [size, list] of this.gone) {
      const recent = list.filter((g) => now - g.at < GONE_KEPT_MS);
      if (recent.length) kept.set(size, recent);
    }
    for (const path of paths) {
      const current = this.current.get(path)!;
      const vector = this.options.finder.vectorOf(path);
      if (!vector) continue;
      const { identity, analysis } = current;
      const list = kept.get(identity.size) ?? [];
      list.push({ identity, analysis, vector, at: now });
      kept.set(identity.size, list);
    }
    this.gone = kept;
  }

  /**
   * The file's analysis: a gone file's, when one of its size has its identity, else the pool's.
   * A file that cannot be read for its identity goes to the pool, which names the problem.
   */
  private async analyse(path: string, signal: AbortSignal): Promise<AnalysisTaskResult> {
    const known = this.library.get(path);
    const candidates = known ? this.gone.get(known.sizeBytes) : undefined;
    if (known && candidates) {
      const identity = await fileIdentity(path).catch(() => null);
      const match = candidates.find((g) => identity && g.identity.hash === identity.hash);
      if (identity && match) {
        return {
          ok: true,
          path,
          sizeBytes: known.sizeBytes,
          mtimeMs: known.mtimeMs,
          identity,
          record: { ...match.analysis, vector: match.vector },
          tempoSource: null,
        };
      }
    }
    return this.options.pool.analyse({ path }, signal);
  }

  private finished(path: string, controller: AbortController, result: AnalysisTaskResult): void {
    // Cancelled meanwhile (or cancelled and queued again): this answer is not wanted.
    if (this.inFlight.get(path) !== controller) return;
    this.inFlight.delete(path);
    if (result.ok) {
      this.applying.push({
        path,
        sizeBytes: result.sizeBytes,
        mtimeMs: result.mtimeMs,
        identity: result.identity,
        analysis: withoutVector(result.record),
        vector: result.record.vector,
      });
      this.scheduleApply();
    } else {
      const known = this.library.get(path);
      this.failures.set(path, {
        path,
        sizeBytes: known?.sizeBytes ?? -1,
        mtimeMs: known?.mtimeMs ?? -1,
        error: result.error,
      });
      this.options.log?.(`analysis: ${result.error}`);
    }
    this.pump();
    this.tellProgress(this.queue.size + this.inFlight.size === 0);
  }

  private scheduleApply(): void {
    if (this.applyTimer) return;
    this.applyTimer = setTimeout(() => {
      this.applyTimer = null;
      this.flush().catch((error: Error) => this.options.log?.(`analysis.db: ${error.message}`));
    }, this.options.applyMs ?? 250);
    this.applyTimer.unref?.();
  }

  /** Applies the results that came since the last batch, and stores them. */
  private async flush(): Promise<void> {
    const batch = this.applying.splice(0);
    if (!batch.length) return;
    for (const row of batch) {
      const { sizeBytes, mtimeMs, analysis, identity } = row;
      this.current.set(row.path, { sizeBytes, mtimeMs, analysis, identity });
      this.options.finder.set(row.path, row.vector);
    }
    this.changed(batch.map((row) => row.path));
    this.tellProgress(this.queue.size + this.inFlight.size === 0);
    await this.options.store.put(batch);
  }

  /** `paths` null: too many to list (a load), readers look at every file. */
  private changed(paths: string[] | null): void {
    this.versionNumber += 1;
    this.recent.push({ version: this.versionNumber, paths });
    if (this.recent.length > RECENT_VERSIONS) this.recent.shift();
    this.options.onChanged?.();
  }

  /** Tells progress at most every applyMs (the last state always gets out). */
  private tellProgress(now: boolean): void {
    if (this.disposed) return;
    const interval = this.options.applyMs ?? 250;
    const due = this.lastProgressAt + interval - performance.now();
    if (now || due <= 0) {
      if (this.progressTimer) clearTimeout(this.progressTimer);
      this.progressTimer = null;
      this.lastProgressAt = performance.now();
      this.options.onProgress(this.state());
      return;
    }
    if (this.progressTimer) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null;
      this.tellProgress(true);
    }, due);
    this.progressTimer.unref?.();
  }
}

function sameFile(a: Known | undefined, b: Known): boolean {
  return a !== undefined && a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs;
}

function withoutVector(record: FileAnalysis & { vector?: Float32Array }): FileAnalysis {
  const { vector: _vector, ...analysis } = record;
  return analysis;
}
