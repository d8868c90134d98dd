/**
 * The power guard (src/main/electron/power-guard.ts): one 'prevent-app-suspension' blocker while
 * audio plays or a clock runs, none otherwise; fed by the real core's events.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core';
import {
  clockKeepsAwake,
  playerKeepsAwake,
  POWER_GUARD_EVENTS,
  PowerGuard,
} from '../../src/main/electron/power-guard';
import type { ClockInfo, LibraryPage, PlayerState, SystemInfo } from '../../src/shared/contract';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { makeWav } from '../fixtures/audio-files';
import { realAudioProcess } from '../fixtures/audio-harness';
import { createTestCore } from '../fixtures/test-core';

/** Electron's powerSaveBlocker as far as ids go: which blockers are started now. */
function blockerLog() {
  let next = 1;
  const active = new Set<number>();
  const calls: string[] = [];
  return {
    active,
    calls,
    blocker: {
      start: () => {
        const id = next++;
        active.add(id);
        calls.push(`start ${id}`);
        return id;
      },
      stop: (id: number) => {
        if (!active.delete(id)) throw new Error(`stop(${id}): no such blocker`);
        calls.push(`stop ${id}`);
      },
    },
  };
}

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

const WAIT = { timeout: 10_000 };

describe('PowerGuard', () => {
  it('holds one blocker while any reason is active, and releases it when none is', () => {
    const { blocker, calls, active } = blockerLog();
    const guard = new PowerGuard(blocker);
    guard.set('audio', true);
    guard.set('audio', true);
    guard.set('clock', true);
    expect(calls).toEqual(['start 1']);
    guard.set('audio', false);
    expect(guard.held).toBe(true);
    guard.set('clock', false);
    expect(calls).toEqual(['start 1', 'stop 1']);
    guard.set('clock', false);
    guard.set('clock', true);
    expect(calls).toEqual(['start 1', 'stop 1', 'start 2']);
    guard.dispose();
    guard.dispose();
    expect(active.size).toBe(0);
    expect(calls).toEqual(['start 1', 'stop 1', 'start 2', 'stop 2']);
  });

  it('reads the player and clock states: playing or loading; a clock sent or a transport playing', () => {
    const player = (state: PlayerState['state']) => ({ state }) as PlayerState;
    expect(
      ['stopped', 'loading', 'playing', 'paused'].map((s) =>
        playerKeepsAwake(player(s as PlayerState['state'])),
      ),
    ).toEqual([false, true, true, false]);
    const clock = (running: boolean, transport: ClockInfo['transport']) =>
      ({ transport, generator: { running } }) as ClockInfo;
    expect(clockKeepsAwake(clock(true, 'stopped'))).toBe(true);
    expect(clockKeepsAwake(clock(false, 'playing'))).toBe(true);
    // A device that sends clock all the time, transport stopped: the machine may sleep.
    expect(clockKeepsAwake(clock(false, 'stopped'))).toBe(false);
    expect(clockKeepsAwake(clock(false, 'paused'))).toBe(false);
  });

  it('on the real core: held while Sampledeck sends clock, released after STOP', async () => {
    const { core, call } = createTestCore();
    cores.push(core);
    await core.ready;
    const { blocker, calls } = blockerLog();
    const guard = new PowerGuard(blocker);
    const subscription = core.subscribe(guard.onEvent, (name) => POWER_GUARD_EVENTS.includes(name));
    expect(guard.held).toBe(false);
    await call('clock:transport', { action: 'start' });
    await vi.waitFor(() => expect(guard.held).toBe(true), WAIT);
    await call('clock:transport', { action: 'stop' });
    await vi.waitFor(() => expect(guard.held).toBe(false), WAIT);
    expect(calls).toEqual(['start 1', 'stop 1']);
    await subscription.dispose();
  }, 40_000);

  it('on the real core: held while a file plays, released when it ends', async () => {
    const { core, call } = createTestCore({
      launchAudioProcess: realAudioProcess(alsaFileDevice().env),
    });
    cores.push(core);
    await core.ready;
    const { blocker, calls } = blockerLog();
    const guard = new PowerGuard(blocker);
    const subscription = core.subscribe(guard.onEvent, (name) => POWER_GUARD_EVENTS.includes(name));
    const root = mkdtempSync(join(tmpdir(), 'sd-power-'));
    mkdirSync(join(root, 'x'));
    writeFileSync(join(root, 'x', 'half.wav'), makeWav({ frames: 22050 }));
    await call('library:add', { paths: [root] });
    await core.library.idle();
    const page = await call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 10 });
    const states: string[] = [];
    const watching = core.subscribe((name, payload) => {
      if (name === 'player:state') states.push(`${(payload as PlayerState).state} ${guard.held}`);
    });
    await vi.waitFor(
      async () => expect((await call<SystemInfo>('system:info', {})).audio.state).toBe('available'),
      WAIT,
    );
    await call('player:play', { id: page.rows[0]!.id });
    await vi.waitFor(() => expect(states).toContain('stopped false'), WAIT);
    expect(states).toContain('playing true');
    expect(calls).toEqual(['start 1', 'stop 1']);
    await watching.dispose();
    await subscription.dispose();
  }, 40_000);
});
