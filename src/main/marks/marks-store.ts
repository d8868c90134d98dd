import { basename } from 'node:path';
import type { MarksBackup, MarksExport } from '../../shared/contract';
import { listBackups, newestBackup, readBackup } from './marks-backups';
import { MarksDb, type MarksChange, type MarksDelta } from './marks-db';
import { openDatabaseFile } from './marks-db-file';
import type { Migration } from './marks-schema';
import type { Snapshot } from './marks-snapshot';
import { exportMarks, importMarks } from './marks-transfer';

export interface OpenResult {
  /** What happened to a damaged file and what was recovered; null when it opened cleanly. */
  recovery: string | null;
  /** Every mark, collection and identity (parseSnapshot). */
  snapshot: Snapshot;
  backups: MarksBackup[];
}

export interface StoreOptions {
  file: string;
  backupsDir: string;
  migrations?: readonly Migration[];
  now?: () => Date;
}

/**
 * The marks database with what the service asks of it, one method per request, synchronous:
 * the marks worker runs it (marks-worker.ts), the bench's baseline runs it on main.
 */
export class MarksStore {
  private store: MarksDb | null = null;

  constructor(private readonly options: StoreOptions) {}

  private get db(): MarksDb {
    if (!this.store) throw new Error('the marks database is not open');
    return this.store;
  }

  open(): OpenResult {
    const { file, backupsDir } = this.options;
    const { db, damaged } = openDatabaseFile(file, this.options);
    this.store = new MarksDb(db);
    let recovery: string | null = null;
    if (damaged) {
      const aside = `${basename(file)} was damaged (${damaged.reason}) and is kept as ${basename(damaged.keptAs)}`;
      const backup = newestBackup(backupsDir);
      if (backup) {
        const counts = importMarks(this.store, backup.data, 'replace');
        recovery = `${aside}. Recovered ${counts.files} marked files and ${counts.collections} collections from the backup ${backup.name} (${backup.data.exportedAt}); changes made after it are lost.`;
      } else {
        recovery = `${aside}. There was no backup to recover from: marks start empty.`;
      }
    }
    return {
      recovery,
      snapshot: this.store.snapshot(),
      backups: listBackups(backupsDir),
    };
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
    return this.db.snapshot();
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
