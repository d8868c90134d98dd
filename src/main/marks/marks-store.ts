import { basename } from 'node:path';
import type { MarksBackup, MarksExport } from '../../shared/contract';
import { listBackups, newestBackup, readBackup } from './marks-backups';
import { MarksDb, type MarksChange, type MarksDelta } from './marks-db';
import { openDatabaseFile, quickCheck, replaceDamagedFile } from './marks-db-file';
import type { Migration } from './marks-schema';
import type { Snapshot } from './marks-snapshot';
import { exportMarks, importMarks } from './marks-transfer';

export interface OpenResult {
  /** What happened to a damaged file and what was recovered; null when it opened cleanly. */
  recovery: string | null;
  /** Every mark, collection and identity (parseSnapshot). */
  snapshot: Snapshot;
  backups: MarksBackup[];
  /** quick_check is still to run (`checkLater`): call check() before anything else. */
  checkPending: boolean;
}

/** What the deferred check found: the file was damaged, and this is what took its place. */
export type CheckResult = Omit<OpenResult, 'checkPending' | 'recovery'> & { recovery: string };

export interface StoreOptions {
  file: string;
  backupsDir: string;
  migrations?: readonly Migration[];
  now?: () => Date;
  /** Open without quick_check and answer with the marks first; check() runs it after. */
  checkLater?: boolean;
}

/**
 * The marks database with what the service asks of it, one method per request, synchronous:
 * the marks worker runs it (marks-worker.ts), the bench's baseline runs it on main.
 */
export class MarksStore {
  private store: MarksDb | null = null;
  private checkPending = false;

  constructor(private readonly options: StoreOptions) {}

  private get opened(): MarksDb {
    if (!this.store) throw new Error('the marks database is not open');
    return this.store;
  }

  /** The database for everything but the snapshot: never before quick_check has passed. */
  private get db(): MarksDb {
    if (this.checkPending) throw new Error('the marks database is not checked yet');
    return this.opened;
  }

  open(): OpenResult {
    const { file, backupsDir } = this.options;
    const { db, damaged, checked } = openDatabaseFile(file, this.options);
    this.store = new MarksDb(db);
    this.checkPending = !checked;
    const recovery = damaged ? this.recover(damaged) : null;
    let snapshot: Snapshot;
    try {
      snapshot = this.store.snapshot();
    } catch (error) {
      // Too damaged to read: checked (and replaced) now rather than after the first page.
      const found = this.check();
      if (!found) throw error;
      return { ...found, checkPending: false };
    }
    return {
      recovery,
      snapshot,
      backups: listBackups(backupsDir),
      checkPending: this.checkPending,
    };
  }

  /**
   * Runs the quick_check open() left for later; a damaged file is kept aside and its marks are
   * recovered from the newest backup into a fresh one. Null when the file is sound.
   */
  check(): CheckResult | null {
    if (!this.checkPending) return null;
    const { file, backupsDir } = this.options;
    const problem = quickCheck(this.opened.db);
    this.checkPending = false;
    if (problem === 'ok') return null;
    if (/database is locked|busy/i.test(problem)) {
      throw new Error(`${basename(file)} is in use by another program (${problem})`);
    }
    this.close();
    const { db, damaged } = replaceDamagedFile(file, problem, this.options);
    this.store = new MarksDb(db);
    return {
      recovery: this.recover(damaged!),
      snapshot: this.store.snapshot(),
      backups: listBackups(backupsDir),
    };
  }

  /** Fills a fresh database from the newest backup; says what was lost and what recovered. */
  private recover(damaged: { reason: string; keptAs: string }): string {
    const { file, backupsDir } = this.options;
    const aside = `${basename(file)} was damaged (${damaged.reason}) and is kept as ${basename(damaged.keptAs)}`;
    const backup = newestBackup(backupsDir);
    if (!backup) return `${aside}. There was no backup to recover from: marks start empty.`;
    const counts = importMarks(this.opened, backup.data, 'replace');
    return `${aside}. Recovered ${counts.files} marked files and ${counts.collections} collections from the backup ${backup.name} (${backup.data.exportedAt}); changes made after it are lost.`;
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }

  setMarks(paths: string[], change: MarksChange): { changed: number; delta: MarksDelta } {
    return this.db.setMarks(paths, change);
  }

  tag(paths: string[], add: string[], remove: string[]): { changed: number; delta: MarksDelta } {
    return this.db.tag(paths, add, remove);
  }

  renameTag(from: string, to: string): MarksDelta {
    return this.db.renameTag(from, to);
  }

  mergeTags(from: string[], into: string): MarksDelta {
    return this.db.mergeTags(from, into);
  }

  deleteTag(name: string): MarksDelta {
    return this.db.deleteTag(name);
  }

  createCollection(name: string, paths: string[]): MarksDelta {
    return this.db.createCollection(name, paths);
  }

  renameCollection(id: number, name: string): MarksDelta {
    return this.db.renameCollection(id, name);
  }

  deleteCollection(id: number): MarksDelta {
    return this.db.deleteCollection(id);
  }

  addToCollection(id: number, paths: string[], index?: number): MarksDelta {
    return this.db.addToCollection(id, paths, index);
  }

  removeFromCollection(id: number, paths: string[]): MarksDelta {
    return this.db.removeFromCollection(id, paths);
  }

  moved(from: string, to: string): MarksDelta {
    return this.db.moved(from, to);
  }

  candidatesOfSize(size: number): { path: string; hash: string }[] {
    return this.db.candidatesOfSize(size);
  }

  /** Every mark, collection and identity as they are now. */
  snapshot(): Snapshot {
    return this.opened.snapshot();
  }

  setIdentities(items: { path: string; size: number; hash: string }[]): void {
    this.db.setIdentities(items);
  }

  exportData(at: string): MarksExport {
    return exportMarks(this.db, new Date(at));
  }

  /** The export as JSON text, with its counts: a backup is written from it on main. */
  exportJson(at: string): { json: string; files: number; collections: number } {
    const data = exportMarks(this.db, new Date(at));
    return {
      json: JSON.stringify(data),
      files: data.files.length,
      collections: data.collections.length,
    };
  }

  importData(
    data: MarksExport,
    mode: 'merge' | 'replace',
  ): { counts: { files: number; collections: number }; snapshot: Snapshot } {
    const counts = importMarks(this.db, data, mode);
    return { counts, snapshot: this.db.snapshot() };
  }

  /** Replaces every mark with a backup's (the caller has backed up the current ones). */
  restoreBackup(name: string): Snapshot {
    importMarks(this.db, readBackup(this.options.backupsDir, name), 'replace');
    return this.db.snapshot();
  }
}
