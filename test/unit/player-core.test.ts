import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName, Events, LibraryPage, PlayerState } from '../../src/shared/contract';
import { alsaFileDevice, alsaNoDevice } from '../fixtures/alsa-file-device';
import { corruptions, makeWav } from '../fixtures/audio-files';
import { realAudioProcess, type Launches } from '../fixtures/audio-harness';
import { createTestCore } from '../fixtures/test-core';

function coreWith(
  env: Record<string, string>,
  userDataDir = mkdtempSync(join(tmpdir(), 'sd-core-')),
) {
  const launches: Launches = { count: 0 };
  const events: { name: EventName; payload: Events[EventName] }[] = [];
  const { core, call } = createTestCore({
    userDataDir,
    launchAudioProcess: realAudioProcess(env, launches),
  });
  core.subscribe((name, payload) => events.push({ name, payload }));
  const until = async (check: () => boolean, ms = 8000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end)
        throw new Error(`timed out; last events: ${JSON.stringify(events.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const playerStates = () =>
    events.filter((e) => e.name === 'player:state').map((e) => e.payload as PlayerState);
  return { core, call, until, events, playerStates, launches, userDataDir };
}

async function libraryWith(c: ReturnType<typeof coreWith>, files: Record<string, Buffer>) {
  const root = mkdtempSync(join(tmpdir(), 'sd-core-lib-'));
  mkdirSync(join(root, 'x'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(root, 'x', name), bytes);
  await c.call('library:add', { paths: [root] });
  await c.core.library.idle();
  const page = await c.call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 100 });
  return Object.fromEntries(page.rows.map((r) => [r.name, r.id]));
}

const ready = (c: ReturnType<typeof coreWith>) =>
  c.until(() =>
    c.events.some(
      (e) =>
        e.name === 'system:status' &&
        (e.payload as Events['system:status']).audio.state === 'available',
    ),
  );

describe('the player through the core', () => {
  it('plays a library file by id, reports progress and the end', async () => {
    const c = coreWith(alsaFileDevice().env);
    await ready(c);
    const ids = await libraryWith(c, { 'half.wav': makeWav({ frames: 22050 }) });
    const state = await c.call<PlayerState>('player:play', { id: ids['half.wav'] });
    expect(state).toMatchObject({ state: 'loading', file: { name: 'half.wav', durationSec: 0.5 } });
    await c.until(() =>
      c.playerStates().some((s) => s.state === 'stopped' && s.positionSec === 0.5),
    );
    const progress = c.events
      .filter((e) => e.name === 'player:progress')
      .map((e) => (e.payload as Events['player:progress']).positionSec);
    // Reported along the way, forward only (how often depends on how busy the machine is) ...
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.some((sec) => sec > 0 && sec < 0.5)).toBe(true);
    // ... and coalesced: never faster than one event per ~30 ms.
    expect(progress.length).toBeLessThan(25);
    const states = c.playerStates().map((s) => s.state);
    expect(states.slice(states.indexOf('loading'))).toEqual(['loading', 'playing', 'stopped']);
    await c.core.dispose();
  });

  it('refuses what cannot be played with a reason, and keeps volume and loop across restarts', async () => {
    const c = coreWith(alsaFileDevice().env);
    await ready(c);
    // MPEG audio in a WAV (format 0x0055): listed, not playable.
    const mpeg = corruptions.setChunkField(makeWav({ frames: 4000 }), 'fmt ', 0, 0x55, 2);
    const ids = await libraryWith(c, { 'mpeg.wav': mpeg, 'ok.wav': makeWav({ frames: 441_000 }) });
    await expect(c.call('player:play', { id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A file that plays, then one that cannot: what played stops, the player names the file
    // it was asked for and why (never the previous file's sound under this one's name).
    await c.call('player:play', { id: ids['ok.wav'] });
    await c.until(() => c.playerStates().some((s) => s.state === 'playing'));
    await expect(c.call('player:play', { id: ids['mpeg.wav'] })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('cannot play mpeg.wav'),
    });
    expect(await c.call<PlayerState>('player:state', {})).toMatchObject({
      state: 'stopped',
      file: { name: 'mpeg.wav' },
      error: expect.stringContaining('cannot play mpeg.wav'),
    });
    await expect(c.call('player:set-volume', { db: 20 })).rejects.toMatchObject({
      code: 'INVALID_ARGS',
    });
    await c.call('player:set-volume', { db: -12 });
    await c.call('player:set-loop', { loop: true });
    await c.core.dispose();
    expect(JSON.parse(readFileSync(join(c.userDataDir, 'settings.json'), 'utf8'))).toMatchObject({
      volumeDb: -12,
      loop: true,
    });

    const again = coreWith(alsaFileDevice().env, c.userDataDir);
    await again.core.ready;
    expect(await again.call<PlayerState>('player:state', {})).toMatchObject({
      volumeDb: -12,
      loop: true,
    });
    await again.core.dispose();
  });

  it('says the device cannot be opened, restarts the audio process, and main stays up', async () => {
    const c = coreWith(alsaNoDevice().env);
    const ids = await libraryWith(c, { 'a.wav': makeWav({ frames: 4410 }) });
    await c.until(() => c.launches.count >= 2);
    await expect(c.call('player:play', { id: ids['a.wav'] })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: "Audio output unavailable: cannot open ALSA device 'default'",
    });
    // Main is fine: the library still answers.
    expect(
      (await c.call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 1 })).total,
    ).toBe(1);
    await c.core.dispose();
  });

  it('reports an audio process that dies mid-play, restarts it, and plays again', async () => {
    const c = coreWith(alsaFileDevice().env);
    await ready(c);
    const ids = await libraryWith(c, { 'long.wav': makeWav({ frames: 441000 }) });
    await c.call('player:play', { id: ids['long.wav'] });
    await c.until(() => c.playerStates().some((s) => s.state === 'playing'));
    c.launches.last!.kill('SIGKILL');
    await c.until(() =>
      c
        .playerStates()
        .some(
          (s) =>
            s.error?.startsWith('Audio output lost: the audio process was killed by SIGKILL') ??
            false,
        ),
    );
    expect(c.playerStates().at(-1)!.state).toBe('stopped');
    await c.until(() => c.launches.count === 2 && c.core.player.get().state === 'stopped');
    await c.until(() => {
      const info = c.events.filter((e) => e.name === 'system:status').at(-1)?.payload as
        Events['system:status'] | undefined;
      return info?.audio.state === 'available';
    });
    await c.call('player:play', { id: ids['long.wav'] });
    await c.until(() => c.playerStates().at(-1)!.state === 'playing');
    await c.core.dispose();
  });

  it('scans, lists, draws and plays a file whose name is not UTF-8', async () => {
    const c = coreWith(alsaFileDevice().env);
    await ready(c);
    const root = mkdtempSync(join(tmpdir(), 'sd-core-lib-'));
    // Two names that differ only in bytes that are not UTF-8 (0xff 0xfe, 0xfe 0xff).
    const named = (bytes: number[]) =>
      Buffer.concat([Buffer.from(`${root}/kick `), Buffer.from(bytes), Buffer.from('.wav')]);
    writeFileSync(named([0xff, 0xfe]), makeWav({ frames: 4410 }));
    writeFileSync(named([0xfe, 0xff]), makeWav({ frames: 8820 }));
    await c.call('library:add', { paths: [root] });
    await c.core.library.idle();
    const page = await c.call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 10 });
    expect(page.rows.map((r) => [r.name, r.status, r.frames]).sort()).toEqual([
      ['kick \uFFFD\uFFFD.wav', 'ok', 4410],
      ['kick \uFFFD\uFFFD.wav', 'ok', 8820],
    ]);
    expect(c.core.library.problems(10).total).toBe(0);
    const short = page.rows.find((r) => r.frames === 4410)!;

    const peaks = await c.call<{ peaks: number[] }>('peaks:get', { id: short.id, buckets: 32 });
    expect(peaks.peaks).toHaveLength(64);
    expect(peaks.peaks.some((v) => v !== 0)).toBe(true);

    await c.call('player:play', { id: short.id });
    await c.until(() =>
      c.playerStates().some((s) => s.state === 'stopped' && s.positionSec === 0.1),
    );
    expect(c.playerStates().some((s) => s.state === 'playing')).toBe(true);
    expect(c.playerStates().every((s) => s.error === null)).toBe(true);
    await c.core.dispose();
  });
});
