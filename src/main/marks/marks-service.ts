import { join } from 'node:path';
import { AppError } from '../../shared/app-error';
import type { Disposable } from '../../shared/lifecycle';
import {
  NO_MARKS,
  type Collection,
  type MarkColor,
  type MarksBackup,
  type MarksExport,
  type MarksState,
} from '../../shared/contract';
import { KEPT_BACKUPS, writeBackup } from './marks-backups';
import { MarksClient } from './marks-client';
import type { MarksDelta } from './marks-db';
import { parseSnapshot, parseSnapshotInTurns, type AllMarks } from './marks-snapshot';
import type { CheckResult } from './marks-store';
import type { MarksMirror } from './marks-view';
import { IdentityQueue, type Identify } from './identity-queue';

export interface MarksServiceOptions {
  userDataDir: string;
  /** out/main/marks-worker.js. */
  workerPath: string;
  /** The one mirror the library index reads. */
  mirror: MarksMirror;
  /** A library file's path by id; throws NOT_FOUND naming the id. */
  pathOf: (id: number) => string;
  onChanged: (state: MarksState) => void;
  onNotice: (message: string) => void;
  log?: (message: string) => void;
  identify?: Identify;
  /** How long after a change the JSON backup is written (default 3 s). */
  backupDelayMs?: number;
  now?: () => Date;
}

/**
 * The user's marks, tags and collections: the database in its own thread, the in-memory
 * mirror the library reads (updated after each COMMIT), and the JSON backups.
 */
export class MarksService implements Disposable {
  private client: MarksClient | null = null;
  /** Why marks are off (the database could not be opened); null while they work. */
  private unavailable: string | null = null;
  private recovery: string | null = null;
  private backups: MarksBackup[] = [];
  private readonly identities: IdentityQueue;
  private backupTimer: NodeJS.Timeout | null = null;
  private backingUp: Promise<void> = Promise.resolve();
  private dirty = false;
  private opening: Promise<void> | null = null;
  private restarted = false;
  private checking: Promise<void> = Promise.resolve();
  readonly file: string;
  private readonly backupsDir: string;

  constructor(private readonly options: MarksServiceOptions) {
    this.file = join(options.userDataDir, 'marks.db');
    this.backupsDir = join(options.userDataDir, 'backups');
    this.identities = new IdentityQueue({
      identify: options.identify,
      save: async (items) => (await this.worker()).call('setIdentities', items),
      log: options.log,
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Resolves once the marks are loaded (again, if the thread was restarted meanwhile). */
  private async loaded(): Promise<void> {
    let opening;
    do {
      opening = this.opening;
      await opening;
    } while (opening !== this.opening);
  }

  /** The worker once the marks are loaded: a request made while they load waits for them. */
  private async worker(): Promise<MarksClient> {
    await this.loaded();
    return this.store;
  }

  private get store(): MarksClient {
    if (this.unavailable !== null || !this.client) {
      throw new AppError('UNAVAILABLE', this.unavailable ?? 'the marks database is not open yet');
    }
    return this.client;
  }

  /**
   * Opens the database and fills the mirror, then has the file checked; never rejects (a
   * failure turns marks off).
   */
  open(): Promise<void> {
    this.opening ??= this.load();
    return this.opening;
  }

  private async load(): Promise<void> {
    const client: MarksClient = new MarksClient(
      this.options.workerPath,
      { file: this.file, backupsDir: this.backupsDir, checkLater: true },
      (reason) => this.died(client, reason),
    );
    this.client = client;
    try {
      const opened = await client.call('open');
      // Sent before anything else can be: the worker runs calls in order, so no write reaches
      // the file before quick_check has passed (or a damaged file has been replaced).
      const check = opened.checkPending
        ? client.call('check').then(
            (found) => ({ found }),
            (error: Error) => ({ error }),
          )
        : null;
      this.backups = opened.backups;
      this.reload(await parseSnapshotInTurns(opened.snapshot));
      // The window may have shown rows before the marks were here: it asks again on this.
      if (opened.recovery) this.recovered(opened.recovery);
      else this.options.onChanged(this.state());
      if (check) this.checking = check.then((checked) => this.afterCheck(client, checked));
    } catch (error) {
      // The thread died: the restart (died) has taken over.
      if (client !== this.client) return;
      await this.turnOff(error as Error);
    }
  }

  /**
   * The thread ended on its own (a crash): restarted once, the file opened again and the mirror
   * refilled from it (a change in flight may or may not have been committed); a second death
   * turns marks off, and the rest of Sampledeck keeps working.
   */
  private died(client: MarksClient, reason: string): void {
    if (client !== this.client || this.unavailable !== null) return;
    this.options.log?.(`marks: ${reason}`);
    if (this.restarted) {
      void this.turnOff(new Error(`${reason}, again after a restart`));
      return;
    }
    this.restarted = true;
    this.opening = this.load();
  }

  /** A damaged file found by the check after the open: its replacement's marks are all the marks. */
  private async afterCheck(
    client: MarksClient,
    checked: { found: CheckResult | null } | { error: Error },
  ) {
    if (client !== this.client) return;
    if ('error' in checked) return this.turnOff(checked.error);
    if (!checked.found) return;
    this.backups = checked.found.backups;
    this.reload(parseSnapshot(checked.found.snapshot));
    this.recovered(checked.found.recovery);
  }

  private recovered(recovery: string): void {
    this.recovery = recovery;
    this.options.onNotice(recovery);
    // What was recovered is backed up at once: the damaged file is no longer the truth.
    this.changed();
  }

  private async turnOff(error: Error): Promise<void> {
    this.unavailable = `Marks are off: ${error.message}`;
    this.recovery = this.unavailable;
    this.options.onNotice(this.unavailable);
    this.options.onChanged(this.state());
    await this.client?.dispose();
    this.client = null;
  }

  /** Resolves once the file opened has been checked (and replaced if it was damaged). */
  async checked(): Promise<void> {
    await this.loaded();
    await this.checking;
  }

  /** The state once the marks are loaded. */
  async loadedState(): Promise<MarksState> {
    await this.loaded();
    return this.state();
  }

  state(): MarksState {
    const { mirror } = this.options;
    return {
      version: mirror.version,
      tags: mirror.tags(),
      collections: [...mirror.allCollections()].map((c) => ({
        id: c.id,
        name: c.name,
        count: c.paths.length,
      })),
      store: { file: this.file, recovery: this.recovery, backups: this.backups },
    };
  }

  private paths(ids: readonly number[]): string[] {
    return ids.map((id) => this.options.pathOf(id));
  }

  /** Everything anew from the database (open, import, restore). */
  private reload(all: AllMarks): void {
    this.options.mirror.replace(all.files, all.collections, all.tagCounts);
    this.identities.reset(all.identities);
    this.identities.add(all.unidentified);
  }

  private apply(delta: MarksDelta): void {
    const { mirror } = this.options;
    for (const [path, marks] of delta.files) mirror.set(path, marks);
    for (const collection of delta.collections) mirror.setCollection(collection);
    for (const id of delta.removedCollections) mirror.deleteCollection(id);
    this.identities.add(delta.unidentified);
    this.changed();
  }

  private changed(): void {
    this.dirty = true;
    this.options.onChanged(this.state());
    this.scheduleBackup();
  }

  private scheduleBackup(): void {
    if (this.backupTimer) clearTimeout(this.backupTimer);
    this.backupTimer = setTimeout(() => void this.backUp(), this.options.backupDelayMs ?? 3000);
    this.backupTimer.unref();
  }

  private collection(id: number): Collection {
    for (const c of this.options.mirror.allCollections()) {
      if (c.id === id) return { id, name: c.name, count: c.paths.length };
    }
    throw new AppError('NOT_FOUND', `no collection with id ${id}`);
  }

  async set(args: {
    ids: number[];
    fav?: boolean;
    rating?: number;
    color?: MarkColor | null;
  }): Promise<{ changed: number }> {
    const { ids, ...change } = args;
    const { changed, delta } = await (
      await this.worker()
    ).call('setMarks', this.paths(ids), change);
    this.apply(delta);
    return { changed };
  }

  async tag(args: {
    ids: number[];
    add: string[];
    remove: string[];
  }): Promise<{ changed: number }> {
    const { changed, delta } = await (
      await this.worker()
    ).call('tag', this.paths(args.ids), args.add, args.remove);
    this.apply(delta);
    return { changed };
  }

  async renameTag(from: string, to: string): Promise<MarksState> {
    this.apply(await (await this.worker()).call('renameTag', from, to));
    return this.state();
  }

  async mergeTags(from: string[], into: string): Promise<MarksState> {
    this.apply(await (await this.worker()).call('mergeTags', from, into));
    return this.state();
  }

  async deleteTag(name: string): Promise<MarksState> {
    this.apply(await (await this.worker()).call('deleteTag', name));
    return this.state();
  }

  async createCollection(name: string, ids: number[]): Promise<Collection> {
    const delta = await (await this.worker()).call('createCollection', name, this.paths(ids));
    this.apply(delta);
    return this.collection(delta.collections[0]!.id);
  }

  async renameCollection(id: number, name: string): Promise<MarksState> {
    this.apply(await (await this.worker()).call('renameCollection', id, name));
    return this.state();
  }

  async deleteCollection(id: number): Promise<MarksState> {
    this.apply(await (await this.worker()).call('deleteCollection', id));
    return this.state();
  }

  async addToCollection(id: number, ids: number[], index?: number): Promise<Collection> {
    this.apply(await (await this.worker()).call('addToCollection', id, this.paths(ids), index));
    return this.collection(id);
  }

  async removeFromCollection(id: number, ids: number[]): Promise<Collection> {
    this.apply(await (await this.worker()).call('removeFromCollection', id, this.paths(ids)));
    return this.collection(id);
  }

  async exportData(): Promise<MarksExport> {
    return (await this.worker()).call('exportData', this.now().toISOString());
  }

  async importData(
    data: MarksExport,
    mode: 'merge' | 'replace',
  ): Promise<{ files: number; collections: number }> {
    const { counts, snapshot } = await (await this.worker()).call('importData', data, mode);
    this.reload(parseSnapshot(snapshot));
    this.changed();
    return counts;
  }

  /** Backs up the current marks, then makes a backup's marks all the marks. */
  async restoreBackup(name: string): Promise<MarksState> {
    await this.loaded();
    if (!this.backups.some((b) => b.name === name)) {
      throw new AppError('NOT_FOUND', `no backup named ${name} in ${this.backupsDir}`);
    }
    await this.backUp(true);
    this.reload(parseSnapshot(await (await this.worker()).call('restoreBackup', name)));
    this.changed();
    return this.state();
  }

  /** Resolves once the identities of every file marked so far are taken and saved. */
  identified(): Promise<void> {
    return this.identities.idle();
  }

  /** Marked files whose identity (taken when marked) has this size: where a moved file may be from. */
  candidatesOfSize(size: number): { path: string; hash: string }[] {
    return this.identities.ofSize(size, (path) => this.isKept(path));
  }

  private isKept(path: string): boolean {
    const { mirror } = this.options;
    if (mirror.of(path) !== NO_MARKS) return true;
    for (const c of mirror.allCollections()) if (c.paths.includes(path)) return true;
    return false;
  }

  /** The marks of `from` now belong to `to` (one transaction); the mirror follows. */
  async moved(from: string, to: string): Promise<void> {
    this.apply(await (await this.worker()).call('moved', from, to));
    this.identities.moved(from, to);
  }

  /**
   * Writes the export JSON as a backup (after changes, or always when `force`), one at a time.
   */
  private backUp(force = false): Promise<void> {
    this.backingUp = this.backingUp.then(async () => {
      if (!this.client || this.unavailable !== null || (!this.dirty && !force)) return;
      if (this.backupTimer) clearTimeout(this.backupTimer);
      this.dirty = false;
      const at = this.now();
      const client = this.client;
      try {
        const { json, files, collections } = await client.call('exportJson', at.toISOString());
        if (force && !this.dirty && files === 0 && collections === 0) return;
        const name = await writeBackup(this.backupsDir, json, at);
        this.backups = [{ name, at: at.toISOString(), files, collections }, ...this.backups]
          .filter((b, i, all) => all.findIndex((o) => o.name === b.name) === i)
          .slice(0, KEPT_BACKUPS);
      } catch (error) {
        this.dirty = true;
        // The thread died under it: the restarted one is asked again, after its load.
        if (client !== this.client) return this.scheduleBackup();
        this.options.onNotice(`Your marks could not be backed up: ${(error as Error).message}`);
      }
    });
    return this.backingUp;
  }

  /** Writes the last backup, waits for identities in flight, closes the database. */
  async dispose(): Promise<void> {
    await this.loaded();
    if (this.backupTimer) clearTimeout(this.backupTimer);
    await this.checking;
    await this.identities.dispose();
    await this.backUp();
    await this.client?.dispose();
    this.client = null;
    this.unavailable ??= 'the marks database is closed';
  }
}
