import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileMarks, LibraryPage, MarksExport } from '../../src/shared/contract';
import type { Core } from '../../src/main/core';
import { createTestCore } from '../fixtures/test-core';
import { makeWav } from '../fixtures/audio-files';

// Marks that follow a renamed or moved file, through the real core: the folder watcher (or the
// scan at start), the move follower, the marks service and its database, on real WAVs on disk.

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
}, 60_000);

type Started = ReturnType<typeof createTestCore>;

function start(userDataDir: string, watchFolders = true): Started {
  const started = createTestCore({ userDataDir, watchFolders });
  cores.push(started.core);
  return started;
}

async function stop(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.dispose();
}

/**
 * The watcher under load can take seconds: bounded by the condition, never by a sleep (each test
 * waits several times, so it gets two minutes).
 */
const waitFor = (check: () => void | Promise<void>) =>
  vi.waitFor(check, { timeout: 30_000, interval: 50 });

/** Inverts the byte `fromEnd` bytes before the end (in the audio data: the file stays valid). */
const flip = (bytes: Buffer, fromEnd: number) => {
  const at = bytes.length - fromEnd;
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
};

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/**
 * A library folder of WAVs of different sizes (kick.wav is over 128 KB, so its identity hashes
 * two ends, not the whole file), added to the core and scanned.
 */
async function library({ core, call }: Started, folder = temp('sd-follow-lib-')) {
  mkdirSync(join(folder, 'sub'));
  writeFileSync(join(folder, 'kick.wav'), makeWav({ frames: 70_000 }));
  writeFileSync(join(folder, 'snare.wav'), makeWav({ frames: 4_410 }));
  writeFileSync(join(folder, 'sub', 'hat.wav'), makeWav({ frames: 2_205 }));
  await call('library:add', { paths: [folder] });
  await core.library.idle();
  return folder;
}

const idOf = (core: Core, path: string) => {
  const file = core.library.index.get(path);
  if (!file) throw new Error(`${path} is not in the library`);
  return file.id;
};

/** Fav, rating 4, red, two tags, and second place in a collection that also holds snare.wav. */
async function markKick({ core, call }: Started, folder: string) {
  const kick = idOf(core, join(folder, 'kick.wav'));
  const snare = idOf(core, join(folder, 'snare.wav'));
  await call('marks:set', { ids: [kick], fav: true, rating: 4, color: 'red' });
  await call('marks:tag', { ids: [kick], add: ['Kick', 'dry'] });
  await call('collections:create', { name: 'Crate', ids: [snare, kick] });
  // The identity is taken in the background after the first mark: a move is followed once it is.
  await core.marks.identified();
}

const KICK_MARKS: FileMarks = { fav: true, rating: 4, color: 'red', tags: ['dry', 'Kick'] };

/** Rows the library shows for a search, as [path, marks]. */
async function rows({ call }: Started, search: string, sort = 'name') {
  const page = await call<LibraryPage>('library:query', {
    query: { search, sort },
    offset: 0,
    limit: 100,
  });
  return page.rows.map((r) => [r.path, r.marks] as const);
}

/** What the marks database holds, by path: what survives a restart. */
async function saved({ call }: Started) {
  const data = await call<MarksExport>('marks:export', {});
  return {
    files: Object.fromEntries(data.files.map(({ path, ...marks }) => [path, marks])),
    collections: data.collections,
  };
}

/** kick.wav's marks are at `to` (row, search, collection, database) and nothing is left at `from`. */
async function expectFollowed(
  started: Started,
  folder: string,
  from: string,
  to: string,
  others: Record<string, FileMarks> = {},
) {
  const { core } = started;
  expect(core.library.index.get(from)).toBeUndefined();
  expect(await rows(started, 'tag:kick fav rating>=4')).toEqual([[to, KICK_MARKS]]);
  expect((await rows(started, 'in:Crate', 'position')).map(([path]) => path)).toEqual([
    join(folder, 'snare.wav'),
    to,
  ]);
  const { files, collections } = await saved(started);
  expect(files).toEqual({ ...others, [to]: KICK_MARKS });
  expect(collections).toEqual([{ name: 'Crate', paths: [join(folder, 'snare.wav'), to] }]);
}

const noMarks: FileMarks = { fav: false, rating: 0, color: null, tags: [] };

/** The watcher saw `to` arrive and `from` go, and the move follower is done with it. */
async function seenMoved({ core }: Started, from: string, to: string) {
  await waitFor(() => {
    expect(core.library.index.get(to)).toBeDefined();
    expect(core.library.index.get(from)).toBeUndefined();
  });
  await core.library.idle();
}

describe('marks follow a renamed or moved file through the core', { timeout: 120_000 }, () => {
  it('a file renamed on disk keeps its marks, tags and place in a collection, also after a restart', async () => {
    const dir = temp('sd-follow-data-');
    const first = start(dir);
    const folder = await library(first);
    await markKick(first, folder);
    const from = join(folder, 'kick.wav');
    const to = join(folder, 'kick renamed.wav');
    renameSync(from, to);
    await seenMoved(first, from, to);
    await waitFor(async () => expect(await rows(first, 'tag:kick')).toEqual([[to, KICK_MARKS]]));
    await expectFollowed(first, folder, from, to);
    await stop(first.core);

    const second = start(dir, false);
    await second.core.ready;
    // The first page does not wait for the marks: these checks do.
    await second.core.marks.open();
    await second.core.library.idle();
    await expectFollowed(second, folder, from, to);
  });

  it('a file moved into a subfolder, a new folder, or another library folder keeps its marks', async () => {
    const started = start(temp('sd-follow-data-'));
    const folder = await library(started);
    const other = await library(started, temp('sd-follow-other-'));
    await markKick(started, folder);
    const steps = [
      join(folder, 'kick.wav'),
      join(folder, 'sub', 'kick.wav'),
      join(other, 'sub', 'moved kick.wav'),
    ];
    for (let i = 1; i < steps.length; i++) {
      renameSync(steps[i - 1]!, steps[i]!);
      await seenMoved(started, steps[i - 1]!, steps[i]!);
      await waitFor(async () =>
        expect(await rows(started, 'tag:kick')).toEqual([[steps[i], KICK_MARKS]]),
      );
    }
    expect(started.core.library.index.get(steps.at(-1)!)?.root).toBe(other);

    // A folder made after the scan, with the file moved into it in one go.
    const fresh = join(folder, 'new folder');
    mkdirSync(fresh);
    const last = join(fresh, 'kick.wav');
    renameSync(steps.at(-1)!, last);
    await seenMoved(started, steps.at(-1)!, last);
    await waitFor(async () =>
      expect(await rows(started, 'tag:kick')).toEqual([[last, KICK_MARKS]]),
    );
    await expectFollowed(started, folder, join(folder, 'kick.wav'), last);
  });

  it('the files of a renamed folder keep their marks', async () => {
    const started = start(temp('sd-follow-data-'));
    const { core, call } = started;
    const folder = await library(started);
    const hat = join(folder, 'sub', 'hat.wav');
    await call('marks:set', { ids: [idOf(core, hat)], rating: 2 });
    await markKick(started, folder);
    const kick = join(folder, 'kick.wav');
    const inSub = join(folder, 'sub', 'kick.wav');
    renameSync(kick, inSub);
    await seenMoved(started, kick, inSub);
    const renamed = join(folder, 'renamed sub');
    renameSync(join(folder, 'sub'), renamed);
    await seenMoved(started, inSub, join(renamed, 'kick.wav'));
    await waitFor(async () =>
      expect(await rows(started, 'rating>=2')).toEqual([
        [join(renamed, 'hat.wav'), { ...noMarks, rating: 2 }],
        [join(renamed, 'kick.wav'), KICK_MARKS],
      ]),
    );
    expect(core.library.index.get(hat)).toBeUndefined();
    await expectFollowed(started, folder, inSub, join(renamed, 'kick.wav'), {
      [join(renamed, 'hat.wav')]: { ...noMarks, rating: 2 },
    });
  });

  it('a file moved over another one of the library takes its marks along', async () => {
    const started = start(temp('sd-follow-data-'));
    const folder = await library(started);
    await markKick(started, folder);
    const kick = join(folder, 'kick.wav');
    const hat = join(folder, 'sub', 'hat.wav');
    renameSync(kick, hat);
    await waitFor(async () => expect(await rows(started, 'tag:kick')).toEqual([[hat, KICK_MARKS]]));
    await seenMoved(started, kick, hat);
    expect(started.core.library.index.get(hat)?.sizeBytes).toBe(readFileSync(hat).length);
    const { files, collections } = await saved(started);
    expect(files).toEqual({ [hat]: KICK_MARKS });
    expect(collections).toEqual([{ name: 'Crate', paths: [join(folder, 'snare.wav'), hat] }]);
  });

  it('a file renamed while Sampledeck was closed keeps its marks (the scan at start)', async () => {
    const dir = temp('sd-follow-data-');
    const first = start(dir, false);
    const folder = await library(first);
    await markKick(first, folder);
    await stop(first.core);
    const from = join(folder, 'kick.wav');
    const to = join(folder, 'sub', 'kick while closed.wav');
    renameSync(from, to);

    const second = start(dir, false);
    await second.core.ready;
    // The first page does not wait for the marks: these checks do.
    await second.core.marks.open();
    await second.core.library.idle();
    await expectFollowed(second, folder, from, to);
  });
});

describe('marks stay where they are when the file did not move', { timeout: 120_000 }, () => {
  it('a copy takes no marks, and the original keeps them', async () => {
    const started = start(temp('sd-follow-data-'));
    const folder = await library(started);
    await markKick(started, folder);
    const kick = join(folder, 'kick.wav');
    const copy = join(folder, 'sub', 'kick copy.wav');
    copyFileSync(kick, copy);
    await waitFor(() => expect(started.core.library.index.get(copy)).toBeDefined());
    await started.core.library.idle();
    expect(await rows(started, 'kick')).toEqual([
      [copy, noMarks],
      [kick, KICK_MARKS],
    ]);
    await expectFollowed(started, folder, join(folder, 'nothing.wav'), kick);
  });

  it('two marked files of one size are told apart by their bytes when both are renamed', async () => {
    const started = start(temp('sd-follow-data-'));
    const { core, call } = started;
    const folder = await library(started);
    const a = join(folder, 'a.wav');
    const b = join(folder, 'b.wav');
    const bytes = makeWav({ frames: 9_000 });
    writeFileSync(a, bytes);
    flip(bytes, 1);
    writeFileSync(b, bytes);
    await waitFor(() => expect(core.library.index.get(b)).toBeDefined());
    await core.library.idle();
    await call('marks:tag', { ids: [idOf(core, a)], add: ['first'] });
    await call('marks:tag', { ids: [idOf(core, b)], add: ['second'] });
    await core.marks.identified();
    expect(core.marks.candidatesOfSize(bytes.length)).toHaveLength(2);

    const a2 = join(folder, 'sub', 'was a.wav');
    const b2 = join(folder, 'was b.wav');
    renameSync(b, b2);
    renameSync(a, a2);
    await seenMoved(started, a, a2);
    await seenMoved(started, b, b2);
    await waitFor(async () => {
      expect(await rows(started, 'tag:first')).toEqual([[a2, { ...noMarks, tags: ['first'] }]]);
      expect(await rows(started, 'tag:second')).toEqual([[b2, { ...noMarks, tags: ['second'] }]]);
    });
  });

  it('a file of the same size with other bytes, or a marked file changed and renamed, takes no marks', async () => {
    const started = start(temp('sd-follow-data-'));
    const folder = await library(started);
    await markKick(started, folder);
    const kick = join(folder, 'kick.wav');
    const bytes = readFileSync(kick);

    // kick.wav goes, and a file of its size (other bytes in its last 64 KB) comes.
    rmSync(kick);
    const other = join(folder, 'other kick.wav');
    flip(bytes, 100);
    writeFileSync(other, bytes);
    await seenMoved(started, kick, other);
    expect(await rows(started, 'kick')).toEqual([[other, noMarks]]);

    // The marked file comes back, is changed (same size, other last bytes) and renamed.
    rmSync(other);
    flip(bytes, 100);
    writeFileSync(kick, bytes);
    await waitFor(async () => expect(await rows(started, 'kick')).toEqual([[kick, KICK_MARKS]]));
    const changed = join(folder, 'changed kick.wav');
    flip(bytes, 1);
    writeFileSync(kick, bytes);
    renameSync(kick, changed);
    await seenMoved(started, kick, changed);
    expect(await rows(started, 'kick')).toEqual([[changed, noMarks]]);
    // The marks wait in the database, at the path they were given.
    expect((await saved(started)).files[kick]).toEqual(KICK_MARKS);
  });

  it('a marked file deleted from disk leaves the library, keeps its marks, and has them back when it returns', async () => {
    const dir = temp('sd-follow-data-');
    const first = start(dir);
    const folder = await library(first);
    await markKick(first, folder);
    const kick = join(folder, 'kick.wav');
    const bytes = readFileSync(kick);
    rmSync(kick);
    await waitFor(() => expect(first.core.library.index.get(kick)).toBeUndefined());
    expect(await rows(first, 'kick')).toEqual([]);
    expect((await saved(first)).files[kick]).toEqual(KICK_MARKS);
    await stop(first.core);

    // Still kept across a restart while the file is away, then it comes back.
    const second = start(dir);
    await second.core.ready;
    // The first page does not wait for the marks: these checks do.
    await second.core.marks.open();
    await second.core.library.idle();
    expect(second.core.library.index.get(kick)).toBeUndefined();
    writeFileSync(kick, bytes);
    await waitFor(() => expect(second.core.library.index.get(kick)).toBeDefined());
    await expectFollowed(second, folder, join(folder, 'nothing.wav'), kick);

    // Its folder removed and added again: the marks come back with it.
    await second.call('library:remove', { path: folder });
    expect(await rows(second, 'kick')).toEqual([]);
    await second.call('library:add', { paths: [folder] });
    await second.core.library.idle();
    await expectFollowed(second, folder, join(folder, 'nothing.wav'), kick);
  });
});
