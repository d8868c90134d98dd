// Over 400 lines: the scan queue, the watcher's follow-up scans, forgetting files and the cache
// saves share one state (the folders, the index, the forgotten paths, the scan in progress);
// apart, each would reach into the others.
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type {
  FolderNode,
  LibraryFacets,
  LibraryFile,
  LibraryPage,
  LibraryQuery,
  LibraryState,
  ScanProblem,
  ScanProgress,
} from '../../shared/contract';
import { AppError } from '../../shared/app-error';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import { removeStaleTempFiles } from '../platform/atomic-file';
import { audioKind } from '../formats/file-record';
import { FolderWatcher } from './folder-watcher';
import type { WorkerPool } from '../workers/worker-pool';
import { loadLibraryCache, saveLibraryCache } from './library-cache';
import { LibraryIndex } from './library-index';
import type { MarksView } from '../marks/marks-view';
import type { AnalysisView } from '../analysis/analysis-view';
import { MoveFollower, type MarksFollow } from './move-follower';
import type { FileRecord } from '../formats/file-record';
import { describeMissingOrFsError } from '../platform/fs-error';
import { expandHome } from '../platform/home-path';
import { scanFolder } from './scanner';
import { fsPath } from '../platform/fs-path';
import { isUnder } from '../platform/path-under';

export interface LibraryServiceOptions {
  cacheFile: string;
  pool: WorkerPool;
  /** Called at most every notifyIntervalMs while things change, and once when they settle. */
  onChanged: (state: LibraryState) => void;
  /** Whether folders may be watched at all (default true); setWatching turns it on and off. */
  watch?: boolean;
  notifyIntervalMs?: number;
  saveDelayMs?: number;
  log?: (message: string) => void;
  /** The home folder `~` stands for in added paths (the user's, unless a test gives one). */
  home?: string;
  /** Something the user should read in the window, in a sentence (a recovered cache ...). */
  onNotice?: (message: string) => void;
  /** The user's marks, which queries filter, sort and search by (none when not given). */
  marks?: MarksView;
  /** The marks store: a marked file that moves or is renamed inside the library keeps its marks. */
  follow?: MarksFollow;
  /** What the analysis heard, which rows show and queries read (none when not given). */
  analysis?: AnalysisView;
}

export type { MarksFollow };

interface ScanJob {
  root: string;
  /** Read every file again even when the cache says it has not changed. */
  force: boolean;
  /** Just added by the user: a folder with no audio is worth saying so (once). */
  added?: boolean;
}

/** How long one slice of the search text made after a load may hold main. */
const WARM_SLICE_MS = 4;

/** Files an undo reads again per request to the workers. */
const READ_BACK_BATCH = 256;

const idleScan = (): ScanProgress => ({
  active: false,
  found: 0,
  read: 0,
  errors: 0,
  currentDir: null,
  elapsedMs: 0,
  cancelled: false,
});

/** Whether a name below `root` on the way to `path` starts with a dot. */
function isHiddenUnder(path: string, root: string): boolean {
  return relative(root, path)
    .split(sep)
    .some((name) => name.startsWith('.') && name !== '..');
}

/**
 * The library: the folders the user added, every audio file in them (kept in an index and in
 * an on-disk cache), scans one at a time in a queue, and watchers that keep it true to the disk.
 */
export class LibraryService implements Disposable {
  readonly index: LibraryIndex;
  private readonly disposables = new DisposableStore();
  private folders: string[] = [];
  /** Files taken out of the library (never off the disk): scans and the watcher leave them out. */
  private readonly forgotten = new Set<string>();
  /** Folders that could not be walked and similar, by path; files carry their own errors. */
  private readonly walkProblems = new Map<string, string>();
  private readonly queue: ScanJob[] = [];
  private running: Promise<void> | null = null;
  private abort: AbortController | null = null;
  /** The folder the running scan walks, so that removing it can stop just that scan. */
  private scanning: string | null = null;
  /**
   * Paths the watcher added or changed while a scan runs: the scan may have walked their folder
   * already, so its end-of-scan sweep must not take them for gone.
   */
  private readonly touchedDuringScan = new Set<string>();
  private scan: ScanProgress = idleScan();
  /** The running scan was stopped for a rescan of the same folder, queued behind it. */
  private superseded = false;
  private scanStarted = 0;
  private notifyTimer: NodeJS.Timeout | null = null;
  private warmTimer: NodeJS.Immediate | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  private disposed = false;
  private watcher: FolderWatcher | null = null;
  /** Scans include names that start with a dot (the `hiddenFiles` setting). */
  private hidden = false;
  private readonly mover: MoveFollower | null;

  constructor(private readonly options: LibraryServiceOptions) {
    this.index = new LibraryIndex(options.marks, options.analysis);
    this.mover = options.follow ? new MoveFollower(options.follow, options.log) : null;
    if (options.watch !== false) this.watcher = this.newWatcher();
    this.disposables.defer(() => this.watcher?.dispose());
    this.disposables.defer(() => {
      if (this.notifyTimer) clearTimeout(this.notifyTimer);
      if (this.saveTimer) clearTimeout(this.saveTimer);
      if (this.warmTimer) clearImmediate(this.warmTimer);
    });
  }

  /**
   * Follows the folders on disk, or stops (every watch closed). Turned on again, a check scan of
   * every folder catches up with what changed meanwhile (it re-reads only changed files).
   */
  setWatching(on: boolean): void {
    const watch = on && this.options.watch !== false;
    if (this.disposed || watch === (this.watcher !== null)) return;
    if (watch) {
      this.watcher = this.newWatcher();
      for (const root of this.folders) this.enqueue({ root, force: false });
    } else {
      this.watcher?.dispose();
      this.watcher = null;
    }
    this.notifyNow();
  }

  private newWatcher(): FolderWatcher {
    return new FolderWatcher((path) => void this.onDiskChange(path));
  }

  /**
   * Whether scans include files and folders whose names start with a dot. A change applies at
   * once: a check scan of every folder adds them, or drops them.
   */
  setHiddenFiles(on: boolean): void {
    if (on === this.hidden) return;
    this.hidden = on;
    for (const root of this.folders) this.enqueue({ root, force: false });
  }

  /** Shows the cached library at once, then checks every folder against the disk. */
  async load(): Promise<void> {
    const { cacheFile } = this.options;
    for (const path of await removeStaleTempFiles(dirname(cacheFile), cacheFile)) {
      this.options.log?.(`removed ${path}, left by an interrupted save`);
    }
    const { library, problem, notice } = await loadLibraryCache(cacheFile);
    if (problem) this.options.log?.(problem);
    if (notice) this.options.onNotice?.(notice);
    if (library) {
      this.folders = library.folders;
      for (const path of library.forgotten) this.forgotten.add(path);
      this.index.upsert(library.files);
      // Migrated, recovered or cleaned: written back in this version's form.
      if (problem) this.changed();
    }
    this.notifyNow();
    this.warmSearch();
    for (const root of this.folders) this.enqueue({ root, force: false });
  }

  /** The search text of the loaded files, made in short slices after the first page. */
  private warmSearch(): void {
    this.warmTimer = setImmediate(() => {
      this.warmTimer = null;
      if (!this.disposed && !this.index.warmSearch(WARM_SLICE_MS)) this.warmSearch();
    });
  }

  state(): LibraryState {
    return {
      version: this.index.version,
      total: this.index.size,
      errors: this.index.errors + this.walkProblems.size,
      folders: this.folders.map((path) => ({
        path,
        ...this.index.countIn(path),
        watching: this.watcher?.isWatched(path) ?? false,
      })),
      scan: this.scan.active
        ? { ...this.scan, elapsedMs: Date.now() - this.scanStarted }
        : this.scan,
    };
  }

  async add(paths: readonly string[]): Promise<{ added: string[]; problems: ScanProblem[] }> {
    const added: string[] = [];
    const problems: ScanProblem[] = [];
    for (const raw of paths) {
      const path = resolve(expandHome(raw, this.options.home));
      const holder = this.folders.find((folder) => isUnder(path, folder));
      if (holder) {
        problems.push({ path, reason: `already in the library (in ${holder})` });
        continue;
      }
      try {
        const s = await stat(fsPath(path));
        if (!s.isDirectory() && !(s.isFile() && audioKind(path))) {
          problems.push({
            path,
            reason: s.isFile()
              ? 'a file that is not audio (by its extension): add a folder, or an audio file'
              : 'not a folder or an audio file',
          });
          continue;
        }
      } catch (error) {
        problems.push({ path, reason: describeMissingOrFsError(error) });
        continue;
      }
      // A folder that holds folders already added replaces them (and scans them again).
      const inside = this.folders.filter((folder) => isUnder(folder, path));
      this.folders = this.folders.filter((folder) => !inside.includes(folder));
      if (this.scanning !== null && inside.includes(this.scanning)) this.abort?.abort();
      if (inside.length > 0) {
        const moved = inside.flatMap((f) => this.index.pathsUnder(f));
        this.index.upsert(
          moved.flatMap((p) => {
            const file = this.index.get(p);
            return file ? [{ ...file, root: path, id: 0 }] : [];
          }),
        );
      }
      this.folders.push(path);
      added.push(path);
      this.enqueue({ root: path, force: false, added: true });
    }
    if (added.length > 0) this.changed();
    return { added, problems };
  }

  async remove(path: string): Promise<LibraryState> {
    const folder = resolve(path);
    if (!this.folders.includes(folder)) {
      throw new AppError('NOT_FOUND', `${folder} is not a library folder`);
    }
    this.folders = this.folders.filter((f) => f !== folder);
    // Its scan stops (only its own: the queue goes on), and what it still delivers is dropped.
    if (this.scanning === folder) this.abort?.abort();
    const current = this.queue.findIndex((job) => job.root === folder);
    if (current >= 0) this.queue.splice(current, 1);
    this.watcher?.unwatchUnder(folder);
    this.index.remove(this.index.pathsUnder(folder));
    // Its forgotten files stay forgotten, so that adding it back (an undo) leaves them out; the
    // next start drops those outside every folder (library-cache.ts).
    for (const p of [...this.walkProblems.keys()])
      if (isUnder(p, folder)) this.walkProblems.delete(p);
    this.changed();
    return this.state();
  }

  rescan(path?: string): LibraryState {
    const roots =
      path === undefined ? this.folders : this.folders.filter((f) => f === resolve(path));
    if (path !== undefined && roots.length === 0) {
      throw new AppError('NOT_FOUND', `${path} is not a library folder`);
    }
    for (const root of roots) this.enqueue({ root, force: true });
    return this.state();
  }

  /** Takes files out of the library, never off the disk; a rescan or the watcher leaves them out. */
  forget(ids: readonly number[]): { paths: string[]; state: LibraryState } {
    const paths: string[] = [];
    for (const id of ids) {
      const file = this.index.getById(id);
      if (file) paths.push(file.path);
    }
    // Some ids gone already (a rescan, the watcher) is what was asked; all of them is a mistake.
    if (paths.length === 0) {
      const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', ...' : '');
      throw new AppError('NOT_FOUND', `no file with id ${shown} in the library`);
    }
    for (const path of paths) this.forgotten.add(path);
    this.index.remove(paths);
    this.changed();
    return { paths, state: this.state() };
  }

  /**
   * Undoes forget: the paths are no longer left out, and those still on disk in a library
   * folder are read again (resolves once they are back in the index).
   */
  async unforget(paths: readonly string[]): Promise<LibraryState> {
    const byRoot = new Map<string, string[]>();
    for (const raw of paths) {
      const path = resolve(raw);
      this.forgotten.delete(path);
      const root = this.folders.find((folder) => isUnder(path, folder));
      if (root === undefined) continue;
      const list = byRoot.get(root) ?? [];
      list.push(path);
      byRoot.set(root, list);
    }
    this.changed();
    await Promise.all([...byRoot].map(([root, list]) => this.readBack(root, list)));
    return this.state();
  }

  private async readBack(root: string, paths: string[]): Promise<void> {
    const isFile = (p: string) =>
      stat(fsPath(p)).then(
        (s) => s.isFile(),
        () => false,
      );
    for (let i = 0; i < paths.length; i += READ_BACK_BATCH) {
      const batch = paths.slice(i, i + READ_BACK_BATCH);
      const present = await Promise.all(batch.map(isFile));
      const files = batch.filter((_, j) => present[j]).map((path) => ({ path }));
      if (files.length === 0) continue;
      const { records } = await this.options.pool.read({ root, files });
      // Its folder removed while it was read: it stays out (and so does a file forgotten again).
      if (!this.folders.includes(root)) return;
      this.take(records);
    }
  }

  cancelScan(): LibraryState {
    this.queue.length = 0;
    this.superseded = false;
    this.abort?.abort();
    return this.state();
  }

  /** A file of the library by id; NOT_FOUND when there is none (removed, or never there). */
  fileById(id: number): LibraryFile {
    const file = this.index.getById(id);
    if (!file) throw new AppError('NOT_FOUND', `no file with id ${id} in the library`);
    return file;
  }

  page(query: LibraryQuery, offset: number, limit: number): LibraryPage {
    return this.index.page(query, offset, limit);
  }

  position(query: LibraryQuery, id: number): { version: number; index: number } {
    return { version: this.index.pageVersion, index: this.index.position(query, id) };
  }

  facets(query?: LibraryQuery): LibraryFacets {
    return this.index.facets(query);
  }

  tree(): FolderNode[] {
    return this.index.tree(this.folders);
  }

  problems(limit: number): { total: number; problems: ScanProblem[] } {
    const walk = [...this.walkProblems].map(([path, reason]) => ({ path, reason }));
    const files = this.index.problems(Math.max(0, limit - walk.length));
    return {
      total: walk.length + files.total,
      problems: [...walk.slice(0, limit), ...files.problems],
    };
  }

  /** Resolves when no scan is queued or running and moved files' marks have followed them. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
    await this.mover?.idle();
  }

  /** Files read by a scan, the watcher or an undo, into the index. */
  private take(read: FileRecord[]): void {
    // A file forgotten while its batch was being read stays out.
    const records = this.forgotten.size ? read.filter((r) => !this.forgotten.has(r.path)) : read;
    if (records.length === 0) return;
    // New paths, and files replaced under a known path (one moved over another): either may be
    // a marked file that moved.
    const fresh = this.mover ? records.filter((r) => this.replaces(r)) : [];
    this.index.upsert(records);
    this.changed();
    if (fresh.length > 0) this.mover?.added(fresh);
  }

  private replaces(record: FileRecord): boolean {
    const known = this.index.get(record.path);
    return known?.sizeBytes !== record.sizeBytes || known.mtimeMs !== record.mtimeMs;
  }

  private dropForgottenUnder(path: string): void {
    for (const p of this.forgotten) if (isUnder(p, path)) this.forgotten.delete(p);
  }

  private enqueue(job: ScanJob): void {
    // A rescan of the folder being scanned starts it over rather than walk it twice (which
    // counted its files twice: "7800 files" for a folder of 3900).
    if (job.force && this.scanning === job.root) {
      this.superseded = true;
      this.abort?.abort();
    }
    const queued = this.queue.find((j) => j.root === job.root);
    if (queued) queued.force ||= job.force;
    else this.queue.push(job);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  private async drain(): Promise<void> {
    this.scanStarted = Date.now();
    this.scan = { ...idleScan(), active: true };
    this.notifyNow();
    let cancelled = false;
    for (let job = this.queue.shift(); job && !this.disposed; job = this.queue.shift()) {
      if (!this.folders.includes(job.root)) continue;
      cancelled = await this.runScan(job);
      // A folder removed while it was scanned stopped its own scan, not the queue.
      if (cancelled && (this.superseded || !this.folders.includes(job.root))) cancelled = false;
      else if (cancelled) break;
    }
    this.scan = {
      ...this.scan,
      active: false,
      currentDir: null,
      cancelled,
      elapsedMs: Date.now() - this.scanStarted,
    };
    this.abort = null;
    this.changed();
    this.notifyNow();
  }

  private async runScan(job: ScanJob): Promise<boolean> {
    const abort = new AbortController();
    this.abort = abort;
    this.scanning = job.root;
    this.superseded = false;
    this.touchedDuringScan.clear();
    const inLibrary = () => this.folders.includes(job.root);
    for (const p of [...this.walkProblems.keys()])
      if (isUnder(p, job.root)) this.walkProblems.delete(p);
    const base = { found: this.scan.found, read: this.scan.read };
    const result = await scanFolder({
      root: job.root,
      pool: this.options.pool,
      signal: abort.signal,
      hidden: this.hidden,
      skip: (path) => this.forgotten.has(path),
      known: job.force
        ? undefined
        : (path) => {
            const file = this.index.get(path);
            // "Not supported yet" and "not playable" are read again: a newer version may read or
            // play it (FLAC, MP3, Ogg, ADPCM cached by an older one); for a format still unread
            // or unplayable it costs one header read.
            if (!file || file.status === 'unsupported') return undefined;
            if (file.status === 'ok' && !file.playable) return undefined;
            return { sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs };
          },
      onRecords: (records) => {
        if (!inLibrary()) return;
        this.take(records);
        this.scan.errors += records.filter((r) => r.status === 'error').length;
      },
      onProblem: (problem) => {
        if (!inLibrary()) return;
        this.walkProblems.set(problem.path, problem.reason);
        this.scan.errors += 1;
        this.changed();
      },
      onProgress: ({ found, read, currentDir }) => {
        this.scan.found = base.found + found;
        this.scan.read = base.read + read;
        this.scan.currentDir = currentDir;
        this.scheduleNotify();
      },
      onDirectory: (dir) => {
        if (inLibrary()) this.watcher?.watch(dir);
      },
    });
    this.scanning = null;
    // A scan stopped short (cancelled, its folder removed or taken in by a parent folder) counts
    // for nothing: what it found but never read would otherwise stay in the total for good, and
    // a parent's walk counts the same files again.
    if (result.cancelled) {
      this.scan.found = base.found;
      this.scan.read = base.read;
    }
    if (job.added && !result.cancelled && inLibrary() && result.seen.size === 0) {
      this.options.onNotice?.(
        `No audio files in ${job.root} (WAV, AIFF, FLAC, MP3, Ogg): it stays in the library, and files put there later will show`,
      );
    }
    if (!result.cancelled && inLibrary()) {
      // Files that were in the cache but are no longer on disk (not those the watcher found
      // since the walk went by).
      const gone = this.index
        .pathsUnder(job.root)
        .filter((p) => !result.seen.has(p) && !this.touchedDuringScan.has(p));
      if (this.index.remove(gone) > 0) this.changed();
      // A forgotten file gone from the disk need not be remembered.
      for (const p of this.forgotten) {
        if (isUnder(p, job.root) && !result.seen.has(p)) this.forgotten.delete(p);
      }
    }
    this.touchedDuringScan.clear();
    return result.cancelled;
  }

  /** A watched folder saw something happen to `path`: look at the disk and follow it. */
  private async onDiskChange(path: string): Promise<void> {
    if (this.disposed) return;
    const root = this.folders.find((folder) => isUnder(path, folder));
    if (!root) return;
    if (!this.hidden && isHiddenUnder(path, root)) return;
    let kind: 'file' | 'dir' | 'gone';
    try {
      const s = await stat(fsPath(path));
      kind = s.isDirectory() ? 'dir' : 'file';
    } catch {
      kind = 'gone';
    }
    if (kind === 'gone') {
      this.watcher?.unwatchUnder(path);
      if (this.index.remove(this.index.pathsUnder(path)) > 0) this.changed();
      this.dropForgottenUnder(path);
      return;
    }
    if (kind === 'dir' && this.watcher?.isWatched(path)) return;
    if (kind === 'file' && !audioKind(path)) return;
    // A new folder (moved or copied in) or a new or changed file: scan just that.
    await scanFolder({
      root: path,
      pool: this.options.pool,
      hidden: this.hidden,
      skip: (p) => this.forgotten.has(p),
      onRecords: (records) => {
        if (!this.folders.includes(root)) return;
        for (const record of records) {
          record.root = root;
          if (this.scanning !== null) this.touchedDuringScan.add(record.path);
        }
        this.take(records);
      },
      onProblem: (problem) => {
        if (!this.folders.includes(root)) return;
        this.walkProblems.set(problem.path, problem.reason);
        this.changed();
      },
      onDirectory: (dir) => {
        if (this.folders.includes(root)) this.watcher?.watch(dir);
      },
    });
  }

  private changed(): void {
    this.dirty = true;
    this.scheduleNotify();
    this.scheduleSave();
  }

  private scheduleNotify(): void {
    if (this.notifyTimer || this.disposed) return;
    this.notifyTimer = setTimeout(() => this.notifyNow(), this.options.notifyIntervalMs ?? 200);
  }

  private notifyNow(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    if (!this.disposed) this.options.onChanged(this.state());
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.disposed) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, this.options.saveDelayMs ?? 1000);
  }

  /** Writes the cache if anything changed; saves never overlap. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await saveLibraryCache(
          this.options.cacheFile,
          this.folders,
          this.index.filesByName(),
          this.forgotten,
        );
      } catch (error) {
        this.dirty = true;
        this.options.log?.(`could not save the library cache: ${(error as Error).message}`);
      }
    });
    return this.saving;
  }

  /** Stops scanning and watching, then writes the cache if anything changed. */
  async dispose(): Promise<void> {
    this.cancelScan();
    await this.idle();
    this.disposed = true;
    await this.disposables.dispose();
    await this.save();
  }
}
