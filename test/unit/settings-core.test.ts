import { mkdirSync, watch, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  LibraryState,
  MidiState,
  MonitorEntry,
  Preferences,
  SystemInfo,
} from '../../src/shared/contract';
import type { Core } from '../../src/main/core';
import { createTestCore } from '../fixtures/test-core';
import { makeWav } from '../fixtures/audio-files';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

function coreIn(userDataDir: string, watchFolders = false) {
  const { core: c, call } = createTestCore({ userDataDir, watchFolders });
  cores.push(c);
  return { c, call };
}

async function restart(c: Core): Promise<void> {
  await c.dispose();
  cores.splice(cores.indexOf(c), 1);
}

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `sd-${name}-`));
const onDisk = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
const LOOPBACK = 'internal:Sampledeck Loopback';

describe('app preferences (settings:get / settings:set)', () => {
  it('start from the defaults, are kept in settings.json, told to windows and read back after a restart', async () => {
    const dir = tempDir('prefs');
    const first = coreIn(dir);
    expect(await first.call<Preferences>('settings:get', {})).toEqual({
      noteNaming: 'C3',
      watchFolders: true,
      hiddenFiles: false,
      matchLoudness: false,
      loudnessTarget: -18,
    });
    const told: Preferences[] = [];
    first.c.subscribe((name, payload) => {
      if (name === 'settings:changed') told.push(payload as Preferences);
    });
    const answer = await first.call<Preferences>('settings:set', {
      noteNaming: 'C4',
      hiddenFiles: true,
    });
    expect(answer).toEqual({
      noteNaming: 'C4',
      watchFolders: true,
      hiddenFiles: true,
      matchLoudness: false,
      loudnessTarget: -18,
    });
    expect(told).toEqual([answer]);
    // On disk when the request answers, beside the other settings.
    expect(onDisk(dir)).toMatchObject({ noteNaming: 'C4', hiddenFiles: true, volumeDb: 0 });
    await first.call('settings:set', { watchFolders: false });
    await first.call('settings:set', { matchLoudness: true, loudnessTarget: -23.5 });
    await restart(first.c);

    const second = coreIn(dir);
    expect(await second.call<Preferences>('settings:get', {})).toEqual({
      noteNaming: 'C4',
      watchFolders: false,
      hiddenFiles: true,
      matchLoudness: true,
      loudnessTarget: -23.5,
    });
    expect(second.c.midi.monitor.noteNaming).toBe('C4');
  });

  it('recovers a damaged field on its own: the default for it, the rest kept, the user told', async () => {
    const dir = tempDir('prefs-damaged');
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ noteNaming: 'C5', watchFolders: false, hiddenFiles: 'yes', volumeDb: -6 }),
    );
    const { call } = coreIn(dir);
    expect(await call<Preferences>('settings:get', {})).toEqual({
      noteNaming: 'C3',
      watchFolders: false,
      hiddenFiles: false,
      matchLoudness: false,
      loudnessTarget: -18,
    });
    const info = await call<SystemInfo>('system:info', {});
    expect(info.notices[0]!.message).toMatch(/settings\.json was damaged: the note naming \(/);
    expect(info.notices[0]!.message).toMatch(/hidden files \(/);
    // The file now says what the app uses; the damaged one is kept beside it.
    await vi.waitFor(() => expect(onDisk(dir)).toMatchObject({ noteNaming: 'C3' }), {
      timeout: 10_000,
    });
    expect(onDisk(dir)).toMatchObject({ watchFolders: false, volumeDb: -6 });
  });

  it('refuses a bad value with an error naming it, and changes nothing', async () => {
    const dir = tempDir('prefs-bad');
    const { call } = coreIn(dir);
    await expect(call('settings:set', { noteNaming: 'C5' })).rejects.toMatchObject({
      code: 'INVALID_ARGS',
      message: expect.stringMatching(/settings:set: noteNaming: .*"C3"/),
    });
    await expect(call('settings:set', { hiddenFiles: 1 })).rejects.toThrow(/hiddenFiles/);
    // The loudness target is kept to -30..-10 LUFS.
    await expect(call('settings:set', { loudnessTarget: -5 })).rejects.toThrow(/loudnessTarget/);
    await expect(call('settings:set', { loudnessTarget: -31 })).rejects.toThrow(/loudnessTarget/);
    await expect(call('settings:set', { colour: 'red' })).rejects.toThrow(/colour/);
    await expect(call('settings:set', {})).rejects.toThrow(/at least one preference/);
    expect((await call<Preferences>('settings:get', {})).noteNaming).toBe('C3');
  });

  it('names the monitor’s notes the chosen way, the messages it kept already too', async () => {
    const { call } = coreIn(tempDir('prefs-monitor'));
    const summaries = async () =>
      (await call<{ entries: MonitorEntry[] }>('monitor:snapshot', { limit: 10 })).entries.map(
        (e) => e.summary,
      );
    await call('midi:send', { port: LOOPBACK, bytes: [0x90, 60, 100] });
    await vi.waitFor(async () => expect(await summaries()).toEqual(['C3 (60) vel 100']), {
      timeout: 10_000,
    });
    await call('settings:set', { noteNaming: 'C4' });
    expect(await summaries()).toEqual(['C4 (60) vel 100']);
    await call('midi:send', { port: LOOPBACK, bytes: [0x90, 72, 1] });
    await vi.waitFor(
      async () => expect(await summaries()).toEqual(['C4 (60) vel 100', 'C5 (72) vel 1']),
      { timeout: 10_000 },
    );
  });
});

describe('the MIDI section', () => {
  it('keeps the chosen clock source across a restart, in settings.json', async () => {
    const dir = tempDir('clock-source');
    const first = coreIn(dir);
    await first.call('midi:set-clock-source', { id: LOOPBACK });
    await restart(first.c);
    expect(onDisk(dir)).toMatchObject({ clockSource: LOOPBACK });
    const second = coreIn(dir);
    expect((await second.call<MidiState>('midi:state', {})).clockSource).toBe(LOOPBACK);
    await second.call('midi:set-clock-source', { id: null });
    await restart(second.c);
    expect(onDisk(dir)).toMatchObject({ clockSource: null });
  });
});

describe('library preferences on a real folder', () => {
  const libraryState = (call: ReturnType<typeof coreIn>['call']) =>
    call<LibraryState>('library:state', {});
  const names = (c: Core) => [...c.library.index.filesByName()].map((f) => f.path).sort();

  it('watching off stops following the disk; on again, it catches up and follows again', async () => {
    const samples = tempDir('watch-samples');
    writeFileSync(join(samples, 'kick.wav'), makeWav({ frames: 441 }));
    const { c, call } = coreIn(tempDir('watch'), true);
    await call('library:add', { paths: [samples] });
    await c.library.idle();
    expect((await libraryState(call)).folders[0]!.watching).toBe(true);

    await call('settings:set', { watchFolders: false });
    expect((await libraryState(call)).folders[0]!.watching).toBe(false);
    // The disk tells of the new file (a watch of the test's own sees it) and nobody in the
    // library listens: it stays out.
    const seen = new Promise<void>((resolve) => {
      const probe = watch(samples, () => {
        probe.close();
        resolve();
      });
    });
    writeFileSync(join(samples, 'snare.wav'), makeWav({ frames: 441 }));
    await seen;
    await c.library.idle();
    expect(names(c)).toEqual([join(samples, 'kick.wav')]);

    await call('settings:set', { watchFolders: true });
    await vi.waitFor(
      () => expect(names(c)).toEqual([join(samples, 'kick.wav'), join(samples, 'snare.wav')]),
      { timeout: 10_000 },
    );
    expect((await libraryState(call)).folders[0]!.watching).toBe(true);
    // And it follows the disk again, with no scan asked for.
    writeFileSync(join(samples, 'hat.wav'), makeWav({ frames: 441 }));
    await vi.waitFor(() => expect(names(c)).toContain(join(samples, 'hat.wav')), {
      timeout: 10_000,
    });
  });

  it('hidden files: skipped by default, included when turned on (kept across a restart), dropped when off', async () => {
    const samples = tempDir('hidden-samples');
    mkdirSync(join(samples, '.stash'));
    writeFileSync(join(samples, 'kick.wav'), makeWav({ frames: 441 }));
    writeFileSync(join(samples, '.ghost.wav'), makeWav({ frames: 441 }));
    writeFileSync(join(samples, '.stash', 'snare.wav'), makeWav({ frames: 441 }));
    const all = [
      join(samples, '.ghost.wav'),
      join(samples, '.stash', 'snare.wav'),
      join(samples, 'kick.wav'),
    ];
    const dir = tempDir('hidden');
    const first = coreIn(dir);
    await first.call('library:add', { paths: [samples] });
    await first.c.library.idle();
    expect(names(first.c)).toEqual([join(samples, 'kick.wav')]);

    await first.call('settings:set', { hiddenFiles: true });
    await first.c.library.idle();
    expect(names(first.c)).toEqual(all);
    await restart(first.c);

    const second = coreIn(dir);
    await second.c.ready;
    await second.c.library.idle();
    expect(names(second.c)).toEqual(all);
    await second.call('settings:set', { hiddenFiles: false });
    await second.c.library.idle();
    expect(names(second.c)).toEqual([join(samples, 'kick.wav')]);
  });
});
