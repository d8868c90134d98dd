import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { marksExport, type FileMarks } from '../../src/shared/contract';
import { MarksStore } from '../../src/main/marks/marks-store';
import { parseSnapshot, readSnapshot } from '../../src/main/marks/marks-snapshot';
import { MarksMirror } from '../../src/main/marks/marks-view';

const stores: MarksStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function storeIn(dir = mkdtempSync(join(tmpdir(), 'sd-marks-'))) {
  const store = new MarksStore({ file: join(dir, 'marks.db'), backupsDir: join(dir, 'backups') });
  stores.push(store);
  const opened = store.open();
  return { store, opened, dir };
}

function reopen(dir: string) {
  stores.splice(0).forEach((s) => s.close());
  return storeIn(dir);
}

const marksOf = (all: { files: Map<string, FileMarks> }) => all.files;

describe('the marks store on a real file', () => {
  it('sets fav, rating and colour, counts only files that changed, and keeps them across a reopen', () => {
    const { store, dir } = storeIn();
    expect(store.setMarks(['/a.wav', '/b.wav'], { fav: true, rating: 4 }).changed).toBe(2);
    expect(store.setMarks(['/a.wav', '/b.wav'], { fav: true }).changed).toBe(0);
    const { changed, delta } = store.setMarks(['/a.wav'], { color: 'red' });
    expect(changed).toBe(1);
    expect(delta.files).toEqual([['/a.wav', { fav: true, rating: 4, color: 'red', tags: [] }]]);
    const again = reopen(dir);
    expect(marksOf(parseSnapshot(again.opened.snapshot)).get('/b.wav')).toEqual({
      fav: true,
      rating: 4,
      color: null,
      tags: [],
    });
    // Unmarked entirely: the file's row goes.
    again.store.setMarks(['/b.wav'], { fav: false, rating: 0 });
    expect(parseSnapshot(again.store.snapshot()).unidentified).toEqual(['/a.wav']);
    expect(again.store.exportData(new Date().toISOString()).files.map((f) => f.path)).toEqual([
      '/a.wav',
    ]);
  });

  it('tags many files in one transaction, case-insensitively, in name order; unused tags go', () => {
    const { store } = storeIn();
    const paths = Array.from({ length: 1000 }, (_, i) => `/lib/file-${i}.wav`);
    expect(store.tag(paths, ['Kick', 'acoustic'], []).changed).toBe(1000);
    expect(store.tag(paths.slice(0, 10), ['kick'], []).changed).toBe(0);
    const { delta } = store.tag(['/lib/file-0.wav'], ['zebra'], ['ACOUSTIC']);
    expect(delta.files).toEqual([
      ['/lib/file-0.wav', { fav: false, rating: 0, color: null, tags: ['Kick', 'zebra'] }],
    ]);
    store.tag(paths, [], ['kick', 'acoustic', 'zebra']);
    expect(store.exportData(new Date().toISOString()).files).toEqual([]);
    expect(store.candidatesOfSize(0)).toEqual([]);
  });

  it('renames, merges and deletes tags, and says which tag it does not know', () => {
    const { store } = storeIn();
    store.tag(['/a.wav'], ['kick', '808'], []);
    store.tag(['/b.wav'], ['bd'], []);
    const renamed = store.renameTag('kick', 'Kick');
    expect(renamed.files).toEqual([
      ['/a.wav', { fav: false, rating: 0, color: null, tags: ['808', 'Kick'] }],
    ]);
    // Renaming onto a name in use merges.
    store.renameTag('bd', 'kick');
    const merged = store.mergeTags(['808', 'Kick'], 'drums');
    expect(new Map(merged.files)).toEqual(
      new Map([
        ['/a.wav', { fav: false, rating: 0, color: null, tags: ['drums'] }],
        ['/b.wav', { fav: false, rating: 0, color: null, tags: ['drums'] }],
      ]),
    );
    expect(() => store.renameTag('nope', 'x')).toThrow(/no tag named "nope"/);
    const deleted = store.deleteTag('drums');
    expect(deleted.files.map(([, m]) => m.tags)).toEqual([[], []]);
    expect(store.exportData(new Date().toISOString()).files).toEqual([]);
  });

  it('keeps collections in order: create, add at an index (moving what is there), remove, rename, delete', () => {
    const { store, dir } = storeIn();
    const created = store.createCollection('Crate', ['/a.wav', '/b.wav', '/c.wav']);
    const id = created.collections[0]!.id;
    expect(created.collections[0]).toEqual({
      id,
      name: 'Crate',
      paths: ['/a.wav', '/b.wav', '/c.wav'],
    });
    expect(() => store.createCollection('crate', [])).toThrow(/already exists/);
    expect(store.addToCollection(id, ['/d.wav', '/c.wav'], 1).collections[0]!.paths).toEqual([
      '/a.wav',
      '/d.wav',
      '/c.wav',
      '/b.wav',
    ]);
    expect(store.removeFromCollection(id, ['/a.wav']).collections[0]!.paths).toEqual([
      '/d.wav',
      '/c.wav',
      '/b.wav',
    ]);
    store.renameCollection(id, 'Best');
    store.createCollection('Second', ['/b.wav']);
    const again = reopen(dir);
    expect(parseSnapshot(again.opened.snapshot).collections.map((c) => [c.name, c.paths])).toEqual([
      ['Best', ['/d.wav', '/c.wav', '/b.wav']],
      ['Second', ['/b.wav']],
    ]);
    expect(again.store.deleteCollection(id).removedCollections).toEqual([id]);
    expect(() => again.store.addToCollection(id, ['/a.wav'])).toThrow(
      `no collection with id ${id}`,
    );
  });

  it('moves the marks of one path to another, merging with marks already there', () => {
    const { store } = storeIn();
    store.tag(['/old.wav'], ['kick'], []);
    store.setMarks(['/old.wav'], { rating: 3 });
    store.createCollection('C', ['/old.wav']);
    store.setIdentities([{ path: '/old.wav', size: 1234, hash: 'abc' }]);
    expect(store.candidatesOfSize(1234)).toEqual([{ path: '/old.wav', hash: 'abc' }]);
    const delta = store.moved('/old.wav', '/new.wav');
    expect(new Map(delta.files).get('/old.wav')!.tags).toEqual([]);
    expect(new Map(delta.files).get('/new.wav')).toEqual({
      fav: false,
      rating: 3,
      color: null,
      tags: ['kick'],
    });
    expect(delta.collections[0]!.paths).toEqual(['/new.wav']);
    store.tag(['/other.wav'], ['snare'], []);
    const merged = store.moved('/new.wav', '/other.wav');
    expect(new Map(merged.files).get('/other.wav')!.tags).toEqual(['kick', 'snare']);
  });

  it('round-trips an export through import (merge adds, replace makes it all)', () => {
    const { store } = storeIn();
    store.tag(['/a.wav', '/b.wav'], ['kick'], []);
    store.setMarks(['/a.wav'], { fav: true, rating: 5, color: 'blue' });
    store.createCollection('Crate', ['/b.wav', '/a.wav']);
    const exported = store.exportData(new Date().toISOString());
    expect(marksExport.safeParse(JSON.parse(JSON.stringify(exported))).success).toBe(true);

    const other = storeIn().store;
    other.tag(['/z.wav'], ['pad'], []);
    expect(other.importData(exported, 'merge').counts).toEqual({ files: 2, collections: 1 });
    const merged = other.exportData(exported.exportedAt);
    expect(merged.files.map((f) => f.path).sort()).toEqual(['/a.wav', '/b.wav', '/z.wav']);
    other.importData(exported, 'replace');
    const replaced = other.exportData(exported.exportedAt);
    expect(replaced).toEqual(exported);
  });

  it('snapshots every mark, tag (in the order a single read gives), identity and collection, across slices', () => {
    const { store, dir } = storeIn();
    const paths = Array.from({ length: 11 }, (_, i) => `/lib/${i}.wav`);
    store.tag(paths, ['Zeta', 'alpha'], []);
    store.tag(paths.slice(3), ['Beta', '_x', '10', '9', 'éclair', 'Ébène'], []);
    store.tag(paths.slice(0, 2), [], ['alpha']);
    store.setMarks(paths.slice(5), { fav: true, rating: 2, color: 'green' });
    store.setIdentities([{ path: paths[4]!, size: 77, hash: 'h4' }]);
    store.createCollection('Second', [paths[9]!, paths[1]!]);
    store.createCollection('First', [paths[2]!]);
    store.renameCollection(store.createCollection('Third', []).collections[0]!.id, 'Last');
    const db = store['db'];
    const snapshot = readSnapshot(db, 3);
    expect(snapshot.files).toHaveLength(4);
    const all = parseSnapshot(snapshot);
    // The oracle: one file's marks read on their own, tags ordered by SQLite (COLLATE NOCASE).
    expect(all.files).toEqual(new Map(paths.map((path) => [path, db.marksOf(path)])));
    expect(all.files.get(paths[4]!)!.tags).toEqual([
      '10',
      '9',
      '_x',
      'alpha',
      'Beta',
      'Zeta',
      'Ébène',
      'éclair',
    ]);
    expect(all.identities).toEqual([[paths[4], 77, 'h4']]);
    expect(all.unidentified).toEqual(paths.filter((_, i) => i !== 4));
    expect(all.collections.map((c) => [c.name, c.paths])).toEqual([
      ['Second', [paths[9], paths[1]]],
      ['First', [paths[2]]],
      ['Last', []],
    ]);
    // Counted while parsing, as the mirror would count them.
    const recounted = new MarksMirror();
    recounted.replace(all.files, all.collections);
    const counted = new MarksMirror();
    counted.replace(all.files, all.collections, all.tagCounts);
    expect(counted.tags()).toEqual(recounted.tags());
    expect(counted.tags().find((t) => t.name === 'alpha')).toEqual({ name: 'alpha', count: 9 });
    // What the worker hands over at open is the same.
    expect(parseSnapshot(reopen(dir).opened.snapshot)).toEqual(all);
  });
});
