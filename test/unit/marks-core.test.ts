import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  NO_MARKS,
  type Collection,
  type LibraryPage,
  type MarksExport,
  type MarksState,
  type SystemInfo,
} from '../../src/shared/contract';
import type { Core } from '../../src/main/core';
import { fileIdentity } from '../../src/main/marks/file-identity';
import { MIGRATIONS } from '../../src/main/marks/marks-schema';
import { MarksStore } from '../../src/main/marks/marks-store';
import { createTestCore } from '../fixtures/test-core';
import { makeWav } from '../fixtures/audio-files';
import { tearIdentityIndex } from '../fixtures/marks-damage';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

function coreIn(userDataDir: string) {
  const test = createTestCore({ userDataDir });
  cores.push(test.core);
  return test;
}

async function stop(core: Core) {
  cores.splice(cores.indexOf(core), 1);
  await core.dispose();
}

/** A library folder with `n` small WAVs, added to a core; their ids by name. */
async function library(call: ReturnType<typeof coreIn>['call'], core: Core, n: number) {
  const samples = mkdtempSync(join(tmpdir(), 'sd-marks-samples-'));
  for (let i = 0; i < n; i++)
    writeFileSync(join(samples, `s${i}.wav`), makeWav({ frames: 441 + i }));
  await call('library:add', { paths: [samples] });
  await core.library.idle();
  const ids = Array.from(
    { length: n },
    (_, i) => core.library.index.get(join(samples, `s${i}.wav`))!.id,
  );
  return { samples, ids };
}

describe('marks through the core', () => {
  it('marks, tags and collects files, and a core restarted on the same folder has them all back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const first = coreIn(dir);
    const { samples, ids } = await library(first.call, first.core, 3);
    const events: MarksState[] = [];
    first.core.subscribe((name, payload) => {
      if (name === 'marks:changed') events.push(payload as MarksState);
    });
    expect(await first.call('marks:set', { ids: [ids[0], ids[1]], fav: true, rating: 4 })).toEqual({
      changed: 2,
    });
    expect(await first.call('marks:tag', { ids, add: ['Kick', 'dry'] })).toEqual({ changed: 3 });
    await first.call('marks:tag', { ids: [ids[2]], remove: ['dry'] });
    const crate = await first.call<Collection>('collections:create', {
      name: 'Crate',
      ids: [ids[2], ids[0]],
    });
    expect(crate).toMatchObject({ name: 'Crate', count: 2 });
    const state = await first.call<MarksState>('marks:state', {});
    expect(state.tags).toEqual([
      { name: 'dry', count: 2 },
      { name: 'Kick', count: 3 },
    ]);
    expect(events.at(-1)!.version).toBe(state.version);
    await stop(first.core);

    const second = coreIn(dir);
    await second.core.ready;
    const again = await second.call<MarksState>('marks:state', {});
    expect(again.tags).toEqual(state.tags);
    expect(again.collections).toEqual([{ id: crate.id, name: 'Crate', count: 2 }]);
    const exported = await second.call<MarksExport>('marks:export', {});
    expect(exported.files.find((f) => f.path === join(samples, 's0.wav'))).toEqual({
      path: join(samples, 's0.wav'),
      fav: true,
      rating: 4,
      color: null,
      tags: ['dry', 'Kick'],
    });
    expect(exported.collections).toEqual([
      { name: 'Crate', paths: [join(samples, 's2.wav'), join(samples, 's0.wav')] },
    ]);
    // Backed up on the way out.
    expect(again.store.backups).toHaveLength(1);
    expect(again.store.backups[0]).toMatchObject({ files: 3, collections: 1 });
  });

  it('names an unknown file id, and a missing tag, in the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const { call } = coreIn(dir);
    await expect(call('marks:tag', { ids: [987654], add: ['x'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no file with id 987654 in the library',
    });
    await expect(call('tags:delete', { name: 'ghost' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no tag named "ghost"',
    });
  });

  it('restores a backup after backing up the current marks, and imports by merge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const first = coreIn(dir);
    const { ids } = await library(first.call, first.core, 2);
    await first.call('marks:tag', { ids: [ids[0]], add: ['old'] });
    await stop(first.core);
    const second = coreIn(dir);
    const [backup] = (await second.call<MarksState>('marks:state', {})).store.backups;
    await second.call('marks:tag', { ids: [ids[1]], add: ['new'] });
    const restored = await second.call<MarksState>('marks:restore-backup', { name: backup!.name });
    expect(restored.tags).toEqual([{ name: 'old', count: 1 }]);
    expect(restored.store.backups).toHaveLength(2);
    const saved = restored.store.backups[0]!;
    expect(saved).toMatchObject({ files: 2 });
    const exported = await second.call<MarksExport>('marks:export', {});
    const other = coreIn(mkdtempSync(join(tmpdir(), 'sd-marks-core-')));
    await other.call('marks:tag', { ids: [1], add: ['x'] }).catch(() => undefined);
    expect(await other.call('marks:import', { data: exported, mode: 'merge' })).toEqual({
      files: 1,
      collections: 0,
    });
    expect((await other.call<MarksState>('marks:state', {})).tags).toEqual([
      { name: 'old', count: 1 },
    ]);
    await expect(
      second.call('marks:restore-backup', { name: 'marks-1999.json' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a database from a newer Sampledeck turns marks off with a notice; the rest keeps working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const later = new MarksStore({
      file: join(dir, 'marks.db'),
      backupsDir: join(dir, 'backups'),
      migrations: [...MIGRATIONS, { version: 2, up: (db) => db.exec('CREATE TABLE later(x)') }],
    });
    later.open();
    later.close();
    const { call } = coreIn(dir);
    // The marks load after the first page: their state is answered once they have tried.
    const state = await call<MarksState>('marks:state', {});
    const info = await call<SystemInfo>('system:info', {});
    expect(info.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/^Marks are off: marks\.db is from a newer Sampledeck/),
    ]);
    await expect(call('marks:tag', { ids: [1], add: ['x'] })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(state.store.recovery).toMatch(/newer Sampledeck/);
    await expect(call('library:state', {})).resolves.toBeDefined();
  });

  it('checks the file after the marks are shown: a damaged one found then is replaced from the backup, and the window is told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const first = coreIn(dir);
    const { ids } = await library(first.call, first.core, 3);
    await first.call('marks:tag', { ids, add: ['kick'] });
    await stop(first.core);
    // Marked after the backup written on quit: lost with the damaged file.
    const later = new MarksStore({ file: join(dir, 'marks.db'), backupsDir: join(dir, 'backups') });
    later.open();
    later.tag(['/later.wav'], ['snare'], []);
    later.close();
    tearIdentityIndex(join(dir, 'marks.db'));

    const second = coreIn(dir);
    const events: MarksState[] = [];
    second.core.subscribe((name, payload) => {
      if (name === 'marks:changed') events.push(payload as MarksState);
    });
    await second.core.marks.checked();
    const info = await second.call<SystemInfo>('system:info', {});
    expect(info.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(
        /^marks\.db was damaged \(.*btreeInitPage.*\) and is kept as marks\.db\.damaged-.*Recovered 3 marked files and 0 collections/,
      ),
    ]);
    const state = await second.call<MarksState>('marks:state', {});
    expect(state.tags).toEqual([{ name: 'kick', count: 3 }]);
    expect(events.at(-1)!.tags).toEqual(state.tags);
    expect(readdirSync(dir).filter((n) => n.startsWith('marks.db.damaged-'))).toHaveLength(1);
    expect(await second.call('marks:tag', { ids: [ids[0]], add: ['after'] })).toEqual({
      changed: 1,
    });
  });

  it('keeps the newest 7 backups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    for (let i = 0; i < 9; i++) {
      const { core, call } = coreIn(dir);
      const { ids } = await library(call, core, 1);
      await call('marks:tag', { ids, add: [`t${i}`] });
      await stop(core);
    }
    const names = readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.json'));
    expect(names).toHaveLength(7);
    const { call } = coreIn(dir);
    const state = await call<MarksState>('marks:state', {});
    expect(state.store.backups.map((b) => b.name)).toEqual([...names].sort().reverse());
    expect(state.tags).toHaveLength(9);
    // Ten cores started and stopped in turn: seconds each on a loaded machine.
  }, 90_000);
});

describe('marks that follow a file', () => {
  it('takes the identity of a marked file, lists it by size, and moves its marks to a new path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const { core, call } = coreIn(dir);
    const { samples, ids } = await library(call, core, 2);
    await call('marks:tag', { ids: [ids[1]], add: ['kick'] });
    await call('collections:create', { name: 'Crate', ids: [ids[1]] });
    await core.marks.identified();
    const from = join(samples, 's1.wav');
    const size = statSync(from).size;
    const [candidate] = core.marks.candidatesOfSize(size);
    expect(candidate).toEqual({ path: from, hash: (await fileIdentity(from)).hash });
    expect(candidate!.hash).toMatch(/^[0-9a-f]{40}$/);
    const to = join(samples, 'renamed.wav');
    await core.marks.moved(from, to);
    expect(core.marks.candidatesOfSize(size)).toEqual([{ path: to, hash: candidate!.hash }]);
    const exported = await call<MarksExport>('marks:export', {});
    expect(exported.files.map((f) => [f.path, f.tags])).toEqual([[to, ['kick']]]);
    expect(exported.collections).toEqual([{ name: 'Crate', paths: [to] }]);
  });

  it('backs the marks up a few seconds after a change, without waiting for the quit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const { core, call } = coreIn(dir);
    const { ids } = await library(call, core, 1);
    await call('marks:set', { ids, rating: 2 });
    await vi.waitFor(
      () =>
        expect(readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.json'))).toHaveLength(
          1,
        ),
      { timeout: 15_000, interval: 100 },
    );
    const state = await call<MarksState>('marks:state', {});
    expect(state.store.backups[0]).toMatchObject({ files: 1, collections: 0 });
  });
});

describe('the first page and the marks', () => {
  it('answers the first page before a big marks database is loaded, then says the marks changed and the page shows them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const first = coreIn(dir);
    const { ids } = await library(first.call, first.core, 3);
    await first.call('marks:set', { ids: [ids[0]], rating: 5 });
    await first.call('marks:tag', { ids: [ids[0]], add: ['kick'] });
    await stop(first.core);
    // 40,000 more marked files (outside this library): a load that takes a while.
    const store = new MarksStore({ file: join(dir, 'marks.db'), backupsDir: join(dir, 'backups') });
    store.open();
    store.importData(
      {
        format: 'sampledeck-marks',
        version: 1,
        exportedAt: new Date().toISOString(),
        files: Array.from({ length: 40_000 }, (_, i) => ({
          path: `/elsewhere/folder-${i % 100}/sample-${i}.wav`,
          fav: false,
          rating: 1 + (i % 5),
          color: null,
          tags: i % 5 === 0 ? Array.from({ length: 10 }, (_, k) => `tag-${(i + k) % 50}`) : [],
        })),
        collections: [],
      },
      'merge',
    );
    store.close();

    const second = coreIn(dir);
    const told: MarksState[] = [];
    second.core.subscribe((name, payload) => {
      if (name === 'marks:changed') told.push(payload as MarksState);
    });
    const query = { query: {}, offset: 0, limit: 10 };
    const page = await second.call<LibraryPage>('library:query', query);
    expect(told).toEqual([]);
    expect(page.rows.map((r) => r.marks)).toEqual([NO_MARKS, NO_MARKS, NO_MARKS]);
    await vi.waitFor(() => expect(told).toHaveLength(1), { timeout: 30_000, interval: 20 });
    expect(told[0]!.tags).toHaveLength(51);
    const again = await second.call<LibraryPage>('library:query', query);
    expect(again.version).not.toBe(page.version);
    expect(again.rows.find((r) => r.id === ids[0])!.marks).toEqual({
      fav: false,
      rating: 5,
      color: null,
      tags: ['kick'],
    });
  });
});

describe('when the marks thread dies', () => {
  it('restarts it once (a request in flight fails clearly, later ones work); a second death turns marks off with a notice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-core-'));
    const { core, call } = coreIn(dir);
    const { ids } = await library(call, core, 2);
    await call('marks:tag', { ids: [ids[0]], add: ['kick'] });
    const client = () => core.marks['client']!;
    const first = client();
    const posted = vi.spyOn(first['worker'], 'postMessage');

    // An import of 20,000 files is still being written when the thread is killed.
    const inFlight = call('marks:import', {
      mode: 'merge',
      data: {
        format: 'sampledeck-marks',
        version: 1,
        exportedAt: new Date().toISOString(),
        files: Array.from({ length: 20_000 }, (_, i) => ({
          path: `/elsewhere/${i}.wav`,
          fav: false,
          rating: 3,
          color: null,
          tags: ['imported'],
        })),
        collections: [],
      },
    });
    await vi.waitFor(
      () => expect(posted.mock.calls.map(([call]) => call.op)).toContain('importData'),
      { interval: 1 },
    );
    await first['worker'].terminate();
    await expect(inFlight).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(
        /^the marks database's thread stopped \(exit code 1\) before answering: this change may not have been saved$/,
      ),
    });
    // A new thread, the file opened again: the import was rolled back with its transaction.
    expect(await call('marks:tag', { ids: [ids[1]], add: ['snare'] })).toEqual({ changed: 1 });
    expect(client()).not.toBe(first);
    expect((await call<MarksState>('marks:state', {})).tags).toEqual([
      { name: 'kick', count: 1 },
      { name: 'snare', count: 1 },
    ]);

    await core.marks.checked();
    await client()['worker'].terminate();
    await vi.waitFor(
      async () =>
        expect((await call<SystemInfo>('system:info', {})).notices.map((n) => n.message)).toEqual([
          "Marks are off: the marks database's thread stopped (exit code 1), again after a restart",
        ]),
      { timeout: 10_000 },
    );
    await expect(call('marks:tag', { ids: [ids[1]], add: ['x'] })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Marks are off: /),
    });
    const page = await call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 10 });
    expect(page.total).toBe(2);
  });
});
