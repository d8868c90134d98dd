import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ClockInfo,
  InvokeResult,
  MidiState,
  MonitorSettings,
  PlayerState,
  SamplerState,
  SystemInfo,
} from '../../src/shared/contract';
import type { Core } from '../../src/main/core';
import { defaultPattern, emptyPattern } from '../../src/shared/sequencer/pattern';
import { createTestCore } from '../fixtures/test-core';
import { makeWav } from '../fixtures/audio-files';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

function coreIn(userDataDir: string) {
  const { core: c, call } = createTestCore({ userDataDir });
  cores.push(c);
  return { c, call };
}

const saved = {
  volumeDb: -12,
  loop: false,
  patterns: [defaultPattern(), emptyPattern('Break')],
  mappings: [],
  samplerNotes: [],
};

describe('user data through the core', () => {
  it('a request that arrives before settings.json is read waits for it, and never writes defaults over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-early-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(saved));
    const { c } = coreIn(dir);
    // Sent at once, as a window may do while the core is still starting.
    const answer = (await c.dispatch('player:set-volume', { db: -6 })) as InvokeResult<PlayerState>;
    expect(answer.ok).toBe(true);
    await c.dispose();
    cores.length = 0;
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as typeof saved;
    expect(onDisk.volumeDb).toBe(-6);
    expect(onDisk.patterns).toEqual(saved.patterns);
  });

  it('tells the window what was recovered from a damaged settings.json, until dismissed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-damaged-'));
    const text = JSON.stringify(saved);
    writeFileSync(join(dir, 'settings.json'), text.slice(0, text.indexOf('"Break"')));
    const { call } = coreIn(dir);
    const info = await call<SystemInfo>('system:info', {});
    expect(info.notices).toHaveLength(1);
    expect(info.notices[0]!.message).toMatch(
      /settings\.json was damaged.*Recovered 1 of 2 patterns/,
    );
    const sequencer = await call<{ patterns: unknown[] }>('sequencer:state', {});
    expect(sequencer.patterns).toEqual([defaultPattern()]);
    const after = await call<SystemInfo>('system:dismiss-notice', { id: info.notices[0]!.id });
    expect(after.notices).toEqual([]);
  });

  it('keeps the sampler (input and notes) and auto-play across a restart, readable by a fresh window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-keep-'));
    const samples = mkdtempSync(join(tmpdir(), 'sd-keep-samples-'));
    writeFileSync(join(samples, 'kick.wav'), makeWav({ frames: 441 }));
    const first = coreIn(dir);
    await first.call('library:add', { paths: [samples] });
    await first.c.library.idle();
    const id = first.c.library.index.get(join(samples, 'kick.wav'))!.id;
    await first.call('sampler:configure', { input: 'internal:Sampledeck Loopback' });
    await first.call('sampler:configure', { map: { note: 36, id } });
    await first.call('player:set-auto-play', { autoPlay: false });
    await first.c.dispose();
    cores.length = 0;

    const second = coreIn(dir);
    await second.c.library.idle();
    const sampler = await second.call<SamplerState>('sampler:state', {});
    expect(sampler.input).toBe('internal:Sampledeck Loopback');
    expect(sampler.notes).toEqual([{ note: 36, id: expect.any(Number), name: 'kick.wav' }]);
    expect((await second.call<PlayerState>('player:state', {})).autoPlay).toBe(false);
  });

  it('keeps thru routes, clock outputs and tempo, and the monitor size across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-keep-midi-'));
    const first = coreIn(dir);
    await first.call('midi:thru-add', {
      from: 'internal:Sampledeck Clock',
      to: 'internal:Sampledeck Loopback',
      channel: 3,
    });
    await first.call('clock:configure', { bpm: 133.3, outputs: ['internal:Sampledeck Loopback'] });
    await first.call('monitor:configure', { capacity: 500 });
    await first.c.dispose();
    cores.length = 0;

    const second = coreIn(dir);
    const midi = await second.call<MidiState>('midi:state', {});
    expect(midi.thru.map(({ from, to, channel }) => ({ from, to, channel }))).toEqual([
      { from: 'internal:Sampledeck Clock', to: 'internal:Sampledeck Loopback', channel: 3 },
    ]);
    const clock = await second.call<ClockInfo>('clock:state', {});
    expect(clock.generator.bpm).toBe(133.3);
    expect(clock.generator.outputs).toEqual(['internal:Sampledeck Loopback']);
    const monitor = await second.call<{ settings: MonitorSettings }>('monitor:snapshot', {
      limit: 1,
    });
    expect(monitor.settings.capacity).toBe(500);
  });

  it("removing a folder takes its files' waveforms out of the peaks cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-peaks-'));
    const samples = mkdtempSync(join(tmpdir(), 'sd-peaks-samples-'));
    writeFileSync(join(samples, 'kick.wav'), makeWav({ frames: 4410 }));
    const { c, call } = coreIn(dir);
    await call('library:add', { paths: [samples] });
    await c.library.idle();
    const id = c.library.index.get(join(samples, 'kick.wav'))!.id;
    await call('peaks:get', { id, buckets: 100 });
    const cached = () => readdirSync(join(dir, 'peaks')).filter((n) => n.endsWith('.json'));
    expect(cached()).toHaveLength(1);
    await call('library:remove', { path: samples });
    await vi.waitFor(() => expect(cached()).toEqual([]), { timeout: 10_000 });
  });
});
