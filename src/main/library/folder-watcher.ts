import { watch, type FSWatcher } from 'node:fs';
import { join, sep } from 'node:path';
import type { Disposable } from '../../shared/lifecycle';
import { fsPath, pathFromBytes } from '../platform/fs-path';

/**
 * One non-recursive fs.watch per folder the scan walked (inotify on Linux). Events for a path
 * are debounced, since one save or copy fires several; the handler then looks at the disk.
 */
export class FolderWatcher implements Disposable {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly onPathChanged: (path: string) => void,
    private readonly debounceMs = 150,
  ) {}

  get count(): number {
    return this.watchers.size;
  }

  watch(dir: string): void {
    if (this.watchers.has(dir)) return;
    try {
      // Names by bytes, as the scanner reads them (see fs-path.ts).
      const watcher = watch(
        fsPath(dir),
        { persistent: false, encoding: 'buffer' },
        (_event, filename) => {
          this.schedule(filename ? join(dir, pathFromBytes(filename)) : dir);
        },
      );
      watcher.on('error', () => this.unwatch(dir));
      this.watchers.set(dir, watcher);
    } catch {
      // Out of inotify watches, or the folder went away: the library still works, unwatched.
    }
  }

  isWatched(dir: string): boolean {
    return this.watchers.has(dir);
  }

  unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  unwatchUnder(folder: string): void {
    for (const dir of [...this.watchers.keys()]) {
      if (dir === folder || dir.startsWith(folder + sep)) this.unwatch(dir);
    }
  }

  private schedule(path: string): void {
    clearTimeout(this.pending.get(path));
    this.pending.set(
      path,
      setTimeout(() => {
        this.pending.delete(path);
        this.onPathChanged(path);
      }, this.debounceMs),
    );
  }

  /** Stops every watch and drops the changes still being debounced. */
  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
