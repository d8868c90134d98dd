import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ControlFired, EventName, LearnState, SystemInfo } from '../../src/shared/contract';
import { EventBus } from '../../src/shared/event-bus';
import { AudioEngine } from '../../src/main/audio/audio-engine';
import { Player } from '../../src/main/audio/player';
import {
  ControlActions,
  volumeDbOf,
  type ClockTransport,
} from '../../src/main/control/control-actions';
import { LibraryIndex } from '../../src/main/library/library-index';
import { defaultSequencerState, SequencerService } from '../../src/main/midi/sequencer-service';
import { SystemStatus } from '../../src/main/system/system-status';
import type { Core } from '../../src/main/core';
import { fileRecord } from '../fixtures/file-record';
import { createTestCore } from '../fixtures/test-core';

const kick = fileRecord('/lib/kick.wav');

/** The real player on the real engine of a shell without an audio process. */
function actionsWith(clock: ClockTransport) {
  const index = new LibraryIndex();
  index.upsert([{ ...kick }]);
  const persisted: unknown[] = [];
  const engine = new AudioEngine({ launch: null, onStatus: () => undefined });
  engine.start();
  const player = new Player({
    engine,
    lookup: (id) => index.getById(id),
    onState: () => undefined,
    onProgress: () => undefined,
    initial: { volumeDb: 0, loop: false, autoPlay: false },
    persist: (change) => persisted.push(change),
  });
  const fired: ControlFired[] = [];
  const logged: string[] = [];
  const actions = new ControlActions({
    player,
    clock,
    fired: (f) => fired.push(f),
    log: (m) => logged.push(m),
  });
  return { actions, player, index, persisted, fired, logged };
}

/** The player's actions never touch the clock (the transport is tested on the real core). */
const unusedClock: ClockTransport = {
  isRunning: () => {
    throw new Error('the clock is not used here');
  },
  transport: () => {
    throw new Error('the clock is not used here');
  },
};

describe('ControlActions', () => {
  it('maps a learned volume control over the slider range, in whole dB, and keeps it', () => {
    // The top (CC 7 at 127) is unity gain, never a boost that clips a full-scale file.
    expect([0, 0.5, 1, 126 / 127, 127 / 127].map(volumeDbOf)).toEqual([-60, -30, 0, 0, 0]);
    const { actions, player, persisted, fired } = actionsWith(unusedClock);
    actions.learned('volume', 100 / 127);
    expect(player.get().volumeDb).toBe(volumeDbOf(100 / 127));
    expect(persisted).toEqual([{ volumeDb: volumeDbOf(100 / 127) }]);
    // The window is told too (it moves its slider).
    expect(fired).toEqual([{ action: 'volume', value: 100 / 127 }]);
  });

  it('an action the window owns only goes to the window', () => {
    const { actions, player, persisted, fired } = actionsWith(unusedClock);
    actions.learned('next-file', 1);
    expect(fired).toEqual([{ action: 'next-file', value: 1 }]);
    expect(persisted).toEqual([]);
    expect(player.get().state).toBe('stopped');
  });

  it('a mapped sampler note that cannot play is logged, and the next note still plays', () => {
    const { actions, index, logged, fired } = actionsWith(unusedClock);
    const file = index.get('/lib/kick.wav')!;
    expect(() => actions.playFile(file, 100)).not.toThrow();
    expect(logged).toEqual(['sampler: Audio output unavailable: no audio process in this shell']);
    actions.playSelected(64);
    expect(fired).toEqual([{ action: 'sampler', value: 64 / 127 }]);
  });
});

describe('what the composition root no longer computes', () => {
  it('the status tells of the library only when its counts change', () => {
    const bus = new EventBus();
    const seen: SystemInfo['library'][] = [];
    bus.subscribe((name, payload) => {
      if (name === 'system:status') seen.push((payload as SystemInfo).library);
    });
    const status = new SystemStatus(
      {
        appName: 'x',
        appVersion: '1',
        shell: 'cli',
        versions: { node: '22', v8: '12' },
        platform: 'linux',
        arch: 'x64',
      },
      bus,
    );
    status.setLibrary({ folders: 1, files: 10 });
    status.setLibrary({ folders: 1, files: 10 });
    status.setLibrary({ folders: 1, files: 11 });
    expect(seen).toEqual([
      { folders: 1, files: 10 },
      { folders: 1, files: 11 },
    ]);
  });

  it('the default sequencer state is an unconfigured sequencer service’s', () => {
    const service = new SequencerService({ send: () => undefined, onState: () => undefined });
    expect(defaultSequencerState()).toEqual(service.state());
  });
});

describe('control actions through the real core', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.dispose()));
  });

  it('a learned control starts and stops Sampledeck’s clock; a disposed subscription hears nothing', async () => {
    const { core, call } = createTestCore();
    cores.push(core);
    await core.ready;
    const events: EventName[] = [];
    const subscription = core.subscribe((name) => events.push(name));
    await call<LearnState>('learn:start', { action: 'transport-start-stop' });
    const cc = (value: number) =>
      call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0xb0, 21, value] });
    await cc(127);
    await cc(0);
    await cc(127);
    await vi.waitFor(() => expect(core.midi.master.running).toBe(true), {
      timeout: 10_000,
    });
    await cc(0);
    await cc(127);
    await vi.waitFor(() => expect(core.midi.master.running).toBe(false), {
      timeout: 10_000,
    });
    expect(events).toContain('control:fired');
    await subscription.dispose();
    const heard = events.length;
    await cc(0);
    await cc(127);
    await call('learn:state', {});
    expect(events).toHaveLength(heard);
  });
});
