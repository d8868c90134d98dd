import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import { fileStamp } from './marks-backups';
import { MIGRATIONS, type Migration } from './marks-schema';

/** The database was written by a newer Sampledeck: it is left untouched and marks are off. */
export class MarksDbTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `${basename(file)} is from a newer Sampledeck (schema v${found}; this version knows up to v${known}): ` +
        'it is left untouched and marks are off until Sampledeck is updated',
    );
    this.name = 'MarksDbTooNewError';
  }
}

export interface OpenedFile {
  db: Database;
  /** Set when the file was damaged: why, and where it was kept aside. */
  damaged: { reason: string; keptAs: string } | null;
  /** False when quick_check is still to run (see `checkLater`). */
  checked: boolean;
}

function closeQuietly(db: Database): void {
  try {
    if (db.isOpen) db.close();
  } catch {
    // Already unusable: nothing more to release.
  }
}

/** 'ok', or what quick_check (or reading the file at all) says is wrong. */
export function quickCheck(db: Database): string {
  try {
    // The page cache first: quick_check reads every page through it.
    db.exec('PRAGMA cache_size=-32768');
    const rows = db.all('PRAGMA quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    // One line for the notice: quick_check's rows may span several ("*** in database main ***").
    return problems.length ? problems.slice(0, 3).join('; ').replace(/\s+/g, ' ') : 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

function configure(db: Database): void {
  // This VFS has no shared memory, so no WAL: a rollback journal, truncated on commit, and an
  // fsync per commit make every COMMIT survive a kill -9 (measured in research-13).
  db.exec(
    'PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; ' +
      'PRAGMA busy_timeout=3000; PRAGMA cache_size=-32768;',
  );
}

function userVersion(db: Database): number {
  return Number((db.get('PRAGMA user_version') as { user_version: number }).user_version);
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length ? migrations[migrations.length - 1]!.version : 0;
}

function migrate(db: Database, file: string, migrations: readonly Migration[]): void {
  const latest = latestVersion(migrations);
  const found = userVersion(db);
  if (found > latest) throw new MarksDbTooNewError(file, found, latest);
  const pending = migrations.filter((m) => m.version > found);
  if (!pending.length) return;
  // An older database is copied aside first: a migration that goes wrong never costs marks.
  if (found > 0) copyFileSync(file, `${file}.pre-v${latest}`);
  for (const migration of pending) {
    db.exec('BEGIN IMMEDIATE');
    try {
      migration.up(db);
      db.exec(`PRAGMA user_version=${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw new Error(
        `${basename(file)}: migration to v${migration.version} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

interface OpenOptions {
  migrations?: readonly Migration[];
  now?: () => Date;
  /** False: a lock directory is taken as another process's (tests of a database in use). */
  removeStaleLock?: boolean;
  /**
   * Leave quick_check (0.3-1 s on a big file) to the caller, after it has read the marks: a
   * file that is due a migration, or cannot even be configured, is still checked first.
   */
  checkLater?: boolean;
}

/**
 * Opens (or makes) the marks database: removes the lock directory a killed process left (one
 * Sampledeck per user-data folder is guaranteed by the instance lock), checks the file (unless
 * `checkLater`), keeps a damaged one aside as `<file>.damaged-<time>` and starts a fresh one,
 * then migrates.
 */
export function openDatabaseFile(file: string, options: OpenOptions = {}): OpenedFile {
  const migrations = options.migrations ?? MIGRATIONS;
  if (options.removeStaleLock !== false) rmSync(`${file}.lock`, { recursive: true, force: true });
  let db: Database | null = null;
  let problem: string | undefined;
  try {
    db = new Database(file);
  } catch (error) {
    problem = (error as Error).message;
  }
  if (db && options.checkLater) {
    try {
      configure(db);
      if (userVersion(db) === latestVersion(migrations))
        return { db, damaged: null, checked: false };
    } catch {
      // Not even readable: checked below, now.
    }
  }
  problem ??= quickCheck(db!);
  if (/database is locked|busy/i.test(problem)) {
    // In use (another process inside a transaction), not damaged: never set aside.
    if (db) closeQuietly(db);
    throw new Error(`${basename(file)} is in use by another program (${problem})`);
  }
  if (problem !== 'ok') {
    if (db) closeQuietly(db);
    return replaceDamagedFile(file, problem, options);
  }
  return ready(db!, file, migrations, null);
}

/** Configures and migrates an open database; closes it if that fails. */
function ready(
  db: Database,
  file: string,
  migrations: readonly Migration[],
  damaged: OpenedFile['damaged'],
): OpenedFile {
  try {
    configure(db);
    migrate(db, file, migrations);
  } catch (error) {
    closeQuietly(db);
    throw error;
  }
  return { db, damaged, checked: true };
}

/**
 * Keeps a damaged file (closed by the caller) aside as `<file>.damaged-<time>`, with its hot
 * journal, and opens a fresh database in its place.
 */
export function replaceDamagedFile(
  file: string,
  problem: string,
  options: Pick<OpenOptions, 'migrations' | 'now'> = {},
): OpenedFile {
  rmSync(`${file}.lock`, { recursive: true, force: true });
  const keptAs = `${file}.damaged-${fileStamp(options.now?.() ?? new Date())}`;
  renameSync(file, keptAs);
  // A hot journal belongs to the damaged file, never to the fresh one (it would be played
  // into it); an empty one (TRUNCATE mode's committed state) says nothing.
  const journal = `${file}-journal`;
  if (existsSync(journal)) {
    if (statSync(journal).size > 0) renameSync(journal, `${keptAs}-journal`);
    else rmSync(journal, { force: true });
  }
  return ready(new Database(file), file, options.migrations ?? MIGRATIONS, {
    reason: problem,
    keptAs,
  });
}
