import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration } from '../../src/main/marks/marks-schema';
import { MarksStore } from '../../src/main/marks/marks-store';
import { parseSnapshot, type Snapshot } from '../../src/main/marks/marks-snapshot';
import { exportMarks } from '../../src/main/marks/marks-transfer';
import { MarksDb } from '../../src/main/marks/marks-db';
import { openDatabaseFile } from '../../src/main/marks/marks-db-file';
import { tearIdentityIndex } from '../fixtures/marks-damage';

const stores: MarksStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function open(dir: string, migrations?: readonly Migration[], checkLater = false) {
  const store = new MarksStore({
    file: join(dir, 'marks.db'),
    backupsDir: join(dir, 'backups'),
    migrations,
    checkLater,
  });
  const opened = store.open();
  stores.push(store);
  return { store, opened };
}

function closeAll() {
  for (const store of stores.splice(0)) store.close();
}

/** A folder with a marks.db holding enough rows to span many pages, and a backup of fewer marks. */
function markedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-marksfile-'));
  const { store } = open(dir);
  const paths = Array.from(
    { length: 400 },
    (_, i) => `/samples/a-rather-long-folder-name/${i}.wav`,
  );
  store.tag(paths.slice(0, 3), ['kick'], []);
  store.createCollection('Crate', paths.slice(0, 2));
  const backup = store.exportJson('2026-12-01T00:00:00.000Z');
  mkdirSync(join(dir, 'backups'));
  writeFileSync(join(dir, 'backups', 'marks-2026-12-01T00-00-00-000Z.json'), backup.json);
  store.tag(paths, ['snare'], []);
  closeAll();
  return dir;
}

/** The damaged file was set aside and the backup's 3 kicks and 1 collection are all the marks. */
function expectRecovered(
  dir: string,
  store: MarksStore,
  result: { recovery: string | null; snapshot: Snapshot },
) {
  const aside = readdirSync(dir).filter((n) => n.startsWith('marks.db.damaged-'));
  expect(aside).toHaveLength(1);
  expect(result.recovery).toMatch(
    /^marks\.db was damaged \(.+\) and is kept as marks\.db\.damaged-/,
  );
  expect(result.recovery).toContain(
    'Recovered 3 marked files and 1 collections from the backup marks-2026-12-01T00-00-00-000Z.json',
  );
  expect([...parseSnapshot(result.snapshot).files.values()].map((m) => m.tags)).toEqual([
    ['kick'],
    ['kick'],
    ['kick'],
  ]);
  expect(exportMarks(new MarksDb(store['opened'].db)).collections[0]!.paths).toHaveLength(2);
  store.tag(['/z.wav'], ['fresh'], []);
  closeAll();
  expect(open(dir).opened.recovery).toBeNull();
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082',
  'hex',
);

describe('opening the marks database', () => {
  it('runs a new migration in a transaction, keeps the data and a copy of the file from before it', () => {
    const dir = markedFolder();
    const v2: Migration = {
      version: 2,
      up: (db) => db.exec('ALTER TABLE files ADD COLUMN plays INTEGER NOT NULL DEFAULT 0'),
    };
    const { store, opened } = open(dir, [...MIGRATIONS, v2]);
    expect(opened.recovery).toBeNull();
    expect(parseSnapshot(opened.snapshot).files.size).toBe(400);
    expect(parseSnapshot(opened.snapshot).collections[0]!.paths).toHaveLength(2);
    expect(existsSync(join(dir, 'marks.db.pre-v2'))).toBe(true);
    store.tag(['/x.wav'], ['new'], []);
    closeAll();
    // The copy is the v1 file: the old code opens it as it was.
    const { db } = openDatabaseFile(join(dir, 'marks.db.pre-v2'));
    const old = new MarksDb(db);
    expect(old.loadAll().files.size).toBe(400);
    old.close();
  });

  it('a failing migration leaves the database as it was', () => {
    const dir = markedFolder();
    const broken: Migration = {
      version: 2,
      up: (db) => {
        db.exec('CREATE TABLE half(x)');
        db.exec('THIS IS NOT SQL');
      },
    };
    expect(() => open(dir, [...MIGRATIONS, broken])).toThrow(/migration to v2 failed/);
    const { opened, store } = open(dir);
    expect(parseSnapshot(opened.snapshot).files.size).toBe(400);
    expect(() => store.tag(['/y.wav'], ['ok'], [])).not.toThrow();
  });

  it('refuses a database from a newer Sampledeck and leaves it untouched', () => {
    const dir = markedFolder();
    const v2: Migration = { version: 2, up: (db) => db.exec('CREATE TABLE later(x)') };
    open(dir, [...MIGRATIONS, v2]);
    closeAll();
    const before = statSync(join(dir, 'marks.db')).mtimeMs;
    expect(() => open(dir)).toThrow(
      /marks\.db is from a newer Sampledeck \(schema v2; .* up to v1\)/,
    );
    expect(statSync(join(dir, 'marks.db')).mtimeMs).toBe(before);
  });

  it('removes the lock directory a killed process left, and writes', () => {
    const dir = markedFolder();
    mkdirSync(join(dir, 'marks.db.lock'));
    const { store } = open(dir);
    expect(store.tag(['/z.wav'], ['after-crash'], []).changed).toBe(1);
  });

  const damages: [string, (file: string) => void][] = [
    ['truncated', (file) => truncateSync(file, Math.floor(statSync(file).size / 2))],
    [
      'a torn page in the middle',
      (file) => {
        const fd = openSync(file, 'r+');
        writeSync(
          fd,
          Buffer.alloc(4096, 0xa5),
          0,
          4096,
          Math.floor(statSync(file).size / 8192) * 4096,
        );
        closeSync(fd);
      },
    ],
    ['another program’s file (a PNG)', (file) => writeFileSync(file, PNG)],
  ];
  for (const [kind, damage] of damages) {
    it(`keeps a damaged file (${kind}) aside, starts afresh and recovers the newest backup`, () => {
      const dir = markedFolder();
      damage(join(dir, 'marks.db'));
      const { store, opened } = open(dir);
      expect(opened.checkPending).toBe(false);
      expectRecovered(dir, store, opened);
    });

    it(`with the check left for later: a damaged file (${kind}) is still kept aside and recovered before the first write`, () => {
      const dir = markedFolder();
      damage(join(dir, 'marks.db'));
      const { store, opened } = open(dir, undefined, true);
      // Unreadable files are checked at open; the rest by check(), before anything is written.
      const found = opened.checkPending ? store.check() : null;
      expect(opened.recovery === null).toBe(found !== null);
      expectRecovered(dir, store, found ?? opened);
    });
  }

  it('with the check left for later, answers with the marks first, then finds a torn page they did not read', () => {
    const dir = markedFolder();
    tearIdentityIndex(join(dir, 'marks.db'));
    const { store, opened } = open(dir, undefined, true);
    expect(opened.recovery).toBeNull();
    expect(opened.checkPending).toBe(true);
    expect(parseSnapshot(opened.snapshot).files.size).toBe(400);
    expect(() => store.tag(['/early.wav'], ['x'], [])).toThrow(
      'the marks database is not checked yet',
    );
    const found = store.check();
    expect(found!.recovery).toMatch(
      /^marks\.db was damaged \(.+\) and is kept as marks\.db\.damaged-/,
    );
    expectRecovered(dir, store, found!);
    expect(store.check()).toBeNull();
  });

  it('with the check left for later, a sound file checks clean and then takes writes', () => {
    const dir = markedFolder();
    const { store, opened } = open(dir, undefined, true);
    expect(opened.checkPending).toBe(true);
    expect(store.check()).toBeNull();
    expect(store.tag(['/z.wav'], ['after-check'], []).changed).toBe(1);
    expect(readdirSync(dir).filter((n) => n.includes('damaged'))).toEqual([]);
  });

  it('says so when there is no backup to recover from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marksfile-'));
    writeFileSync(join(dir, 'marks.db'), PNG);
    const { opened } = open(dir);
    expect(opened.recovery).toMatch(/no backup to recover from: marks start empty/);
    expect(parseSnapshot(opened.snapshot).files.size).toBe(0);
  });
});

describe('a marks database in use', () => {
  it('is refused with a clear error, never taken for damaged and set aside', () => {
    const dir = markedFolder();
    const holder = new MarksStore({ file: join(dir, 'marks.db'), backupsDir: join(dir, 'b') });
    holder.open();
    stores.push(holder);
    // Another program inside a write transaction holds node-sqlite3-wasm's lock directory.
    const db = holder['opened'].db;
    db.exec('BEGIN IMMEDIATE');
    db.exec("INSERT INTO tags(name) VALUES ('held')");
    expect(() => openDatabaseFile(join(dir, 'marks.db'), { removeStaleLock: false })).toThrow(
      /marks\.db is in use by another program \(database is locked\)/,
    );
    expect(readdirSync(dir).filter((n) => n.includes('damaged'))).toEqual([]);
    db.exec('ROLLBACK');
  });
});
