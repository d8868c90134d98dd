import { mkdtempSync, writeFileSync } from 'node:fs';

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ControlFired,
  LearnState,
  LibraryPage,
  SamplerState,
  SequencerState,
} from '../../src/shared/contract';
import { makeWav } from '../fixtures/audio-files';
import type { Core } from '../../src/main/core';
import { createTestCore } from '../fixtures/test-core';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

function core() {
  const { core: c, call } = createTestCore();
  cores.push(c);
  return { c, call };
}

/** A generous ceiling: these wait for an event, and a busy machine may be slow to deliver it. */
const WAIT = { timeout: 10_000 };

describe('clock master and sequencer through the core', () => {
  it('plays the default pattern on the clock, and STOP leaves nothing sounding', async () => {
    const { c, call } = core();
    await c.ready;
    const heard: { t: number; bytes: number[] }[] = [];
    const pulses: number[] = [];
    c.bus.openInput('Sampledeck Sequencer', (bytes, t) => heard.push({ t, bytes }));
    c.bus.openInput('Sampledeck Clock', (bytes, t) => bytes[0] === 0xf8 && pulses.push(t));
    await call('clock:configure', { bpm: 240 }); // a bar a second
    await call('clock:transport', { action: 'start' });
    const isKick = (h: { bytes: number[] }) =>
      h.bytes[0] === 0x99 && h.bytes[1] === 36 && h.bytes[2]! > 0;
    // A bar: the kicks of steps 1, 5, 9 and 13, and the note-offs of the last ones.
    await vi.waitFor(() => expect(heard.filter(isKick).length).toBeGreaterThanOrEqual(4), WAIT);
    await vi.waitFor(() => expect(pulses.length).toBeGreaterThanOrEqual(96), WAIT);
    await call('clock:transport', { action: 'stop' });
    // STOP ends with All Notes Off on each channel used.
    const allNotesOffCount = () =>
      heard.filter((h) => (h.bytes[0]! & 0xf0) === 0xb0 && h.bytes[1] === 123).length;
    await vi.waitFor(() => expect(allNotesOffCount()).toBeGreaterThanOrEqual(2), WAIT);

    const kicks = heard.filter(isKick);
    // Steps 1, 5, 9, 13 of the first bar: pulses 0, 24, 48, 72.
    expect(kicks.length).toBeGreaterThanOrEqual(4);
    const firstPulse = pulses[0]!;
    const period = 60_000 / (240 * 24);
    kicks
      .slice(0, 4)
      .forEach((k, i) => expect(Math.abs(k.t - (firstPulse + i * 24 * period))).toBeLessThan(15));

    // Every note that went on went off, and CC 123 went to both channels used.
    const sounding = new Set<string>();
    for (const { bytes } of heard) {
      const key = `${bytes[0]! & 0x0f}:${bytes[1]}`;
      if ((bytes[0]! & 0xf0) === 0x90 && bytes[2]! > 0) sounding.add(key);
      if ((bytes[0]! & 0xf0) === 0x80 || ((bytes[0]! & 0xf0) === 0x90 && bytes[2] === 0))
        sounding.delete(key);
    }
    expect([...sounding]).toEqual([]);
    const allNotesOff = heard.filter((h) => (h.bytes[0]! & 0xf0) === 0xb0 && h.bytes[1] === 123);
    expect(allNotesOff.map((h) => (h.bytes[0]! & 0x0f) + 1).sort((a, b) => a - b)).toEqual([2, 10]);
    expect(heard.at(-1)!.bytes[1]).toBe(123);
  });

  it('sends a track with a port of its own there too, and only that track', async () => {
    const { c, call } = core();
    await c.ready;
    const { patterns } = await call<SequencerState>('sequencer:state', {});
    const edited = structuredClone(patterns);
    edited[0]!.drums[0]!.port = 'internal:Sampledeck Loopback'; // the kick
    await call('sequencer:configure', { patterns: edited });
    const loopback: number[][] = [];
    c.bus.openInput('Sampledeck Loopback', (bytes) => loopback.push(bytes));
    await call('clock:configure', { bpm: 240 });
    await call('clock:transport', { action: 'start' });
    const noteCount = () => loopback.filter((b) => (b[0]! & 0xe0) === 0x80).length;
    await vi.waitFor(() => expect(noteCount()).toBeGreaterThanOrEqual(4), WAIT);
    await call('clock:transport', { action: 'stop' });
    await vi.waitFor(() => expect(loopback.at(-1)?.[1]).toBe(123), WAIT);
    const notes = loopback.filter((b) => (b[0]! & 0xe0) === 0x80);
    expect(notes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(notes.map((b) => b[1]))).toEqual(new Set([36]));
    // Its channel's All Notes Off goes there too.
    expect(loopback.at(-1)).toEqual([0xb9, 123, 0]);
  });

  it('applies quick pattern edits in the order sent: two at once both survive', async () => {
    const { c, call } = core();
    await c.ready;
    const { patterns } = await call<SequencerState>('sequencer:state', {});
    const kickStep1 = patterns[0]!.drums[0]!.steps[1]!;
    // Sent back to back, neither awaited before the other goes out (as two quick clicks).
    const results = await Promise.all([
      c.dispatch('sequencer:edit', { type: 'toggle-step', pattern: 0, track: 0, step: 1 }),
      c.dispatch('sequencer:edit', {
        type: 'set-bass-step',
        pattern: 0,
        step: 3,
        note: 40,
        on: true,
      }),
      c.dispatch('sequencer:edit', { type: 'set-track', pattern: 0, track: 1, velocity: 33 }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const after = (await call<SequencerState>('sequencer:state', {})).patterns;
    expect(after[0]!.drums[0]!.steps[1]).toBe(!kickStep1);
    expect(after[0]!.bass.steps[3]).toMatchObject({ note: 40, on: true });
    expect(after[0]!.drums[1]!.velocity).toBe(33);
    // Nothing else changed.
    const expected = structuredClone(patterns);
    expected[0]!.drums[0]!.steps[1] = !kickStep1;
    expected[0]!.bass.steps[3] = { ...expected[0]!.bass.steps[3]!, note: 40, on: true };
    expected[0]!.drums[1]!.velocity = 33;
    expect(after).toEqual(expected);
    const added = await call<SequencerState>('sequencer:edit', { type: 'add-pattern', copyOf: 0 });
    expect(added.patterns.map((p) => p.name)).toEqual([patterns[0]!.name, 'B']);
    expect(added.patterns[1]!.drums).toEqual(expected[0]!.drums);
  });

  it('reports a bad edit as INVALID_ARGS and a clock thread that went down as UNAVAILABLE', async () => {
    const { c } = core();
    await c.ready;
    const edit = { type: 'toggle-step', pattern: 0, track: 'bass', step: 0 };
    expect(await c.dispatch('sequencer:edit', { ...edit, pattern: 3 })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGS', message: 'sequencer: no pattern 4 (there are 1)' },
    });
    expect(await c.dispatch('sequencer:edit', { ...edit, track: 20 })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_ARGS',
        message: 'sequencer: pattern 1 (Default) has no drum track 21 (it has 4)',
      },
    });
    // The thread dies with the edit on its way: the edit is not wrong, the thread is down.
    const thread = c.midi.master.thread as unknown as { worker: Worker };
    void thread.worker.terminate();
    expect(await c.dispatch('sequencer:edit', edit)).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringMatching(/^sequencer: the clock thread stopped \(exit code \d+\)$/),
      },
    });
    // It is started again with the patterns main knows of.
    await vi.waitFor(async () => expect((await c.dispatch('sequencer:edit', edit)).ok).toBe(true), {
      timeout: 10_000,
    });
  });

  it('keeps the sequencer in time while main is blocked: it plays in the clock thread', async () => {
    const { c, call } = core();
    await c.ready;
    const kicks: number[] = [];
    const pulses: number[] = [];
    // Listeners on main get each message with the moment the clock thread sent it.
    c.bus.openInput('Sampledeck Clock', (bytes, t) => bytes[0] === 0xf8 && pulses.push(t));
    c.bus.openInput('Sampledeck Sequencer', (bytes, t) => {
      if (bytes[0] === 0x99 && bytes[1] === 36 && bytes[2]! > 0) kicks.push(t);
    });
    await call('clock:configure', { bpm: 240 }); // a kick every 250 ms
    await call('clock:transport', { action: 'start' });
    await vi.waitFor(() => expect(pulses.length).toBeGreaterThan(0), WAIT);
    const blockedFrom = performance.now();
    while (performance.now() - blockedFrom < 800) {
      // main does nothing else for 0.8 s, as under a long synchronous task
    }
    const blockedTo = performance.now();
    // Messages reach main in the order they left the thread: once a pulse sent after the block
    // is in, so is every kick sent during it.
    await vi.waitFor(() => expect(pulses.at(-1)!).toBeGreaterThan(blockedTo), WAIT);
    await call('clock:transport', { action: 'stop' });
    const during = kicks.filter((t) => t > blockedFrom && t < blockedTo);
    expect(during.length).toBeGreaterThanOrEqual(3);
    const period = 60_000 / (240 * 24);
    for (const t of during) {
      const n = Math.round((t - pulses[0]!) / period);
      expect(n % 24).toBe(0);
      expect(Math.abs(t - (pulses[0]! + n * period))).toBeLessThan(5);
    }
  });

  it('follows an external clock instead of its own when that is the chosen source', async () => {
    const { c, call } = core();
    await c.ready;
    const heard: number[][] = [];
    c.bus.openInput('Sampledeck Sequencer', (bytes) => heard.push(bytes));
    let ownPulses = 0;
    c.bus.openInput('Sampledeck Clock', (bytes) => bytes[0] === 0xf8 && (ownPulses += 1));
    const steps: (number | null)[] = [];
    c.subscribe((name, payload) => {
      if (name === 'sequencer:state') steps.push((payload as SequencerState).step);
    });
    await call('midi:set-clock-source', { id: 'internal:Sampledeck Loopback' });
    // Sampledeck's own clock runs too, fast; the sequencer must ignore it.
    await call('clock:configure', { bpm: 300 });
    await call('clock:transport', { action: 'start' });
    // An external clock at 240 BPM, stamped as a driver would stamp it: exactly a period apart
    // (timers on a busy machine cannot pace it that well, and the follower reads their jitter).
    const period = 60_000 / (240 * 24);
    const t0 = performance.now();
    const external = (bytes: number[], t: number) => c.bus.send('Sampledeck Loopback', bytes, t);
    external([0xfa], t0);
    for (let pulse = 0; pulse < 96; pulse++) external([0xf8], t0 + (pulse + 1) * period); // a bar
    const noteOns = () => heard.filter((b) => (b[0]! & 0xf0) === 0x90 && b[2]! > 0);
    const kicks = () => noteOns().filter((b) => b[0] === 0x99 && b[1] === 36);
    // The thread reports step 16 after it has sent that step's notes: the whole bar is in.
    await vi.waitFor(() => expect(steps).toContain(15), WAIT);
    // Steps 1, 5, 9 and 13 of that bar.
    expect(kicks()).toHaveLength(4);
    // The external clock pauses; Sampledeck's own goes on for more than a beat: no note starts.
    // (The thread sends each pulse before what the sequencer plays on it.)
    const before = noteOns().length;
    const ownBefore = ownPulses;
    await vi.waitFor(() => expect(ownPulses - ownBefore).toBeGreaterThan(30), WAIT);
    expect(noteOns()).toHaveLength(before);
    external([0xfc], performance.now());
    await vi.waitFor(() => expect(heard.at(-1)?.[1]).toBe(123), WAIT);
    expect(heard.at(-1)).toEqual([0xb9, 123, 0]);
    await call('clock:transport', { action: 'stop' });
  });

  it('CONTINUE resumes its own clock and the sequencer at the song position sent while stopped', async () => {
    const { c, call } = core();
    await c.ready;
    const steps: (number | null)[] = [];
    c.subscribe((name, payload) => {
      if (name === 'sequencer:state') steps.push((payload as SequencerState).step);
    });
    await call('clock:configure', { bpm: 240, songPosition: 8 }); // bar 1, the 9th sixteenth
    await call('clock:transport', { action: 'continue' });
    // However long the first step takes to come on a busy machine.
    await vi.waitFor(() => expect(steps.some((s) => s !== null)).toBe(true), WAIT);
    await call('clock:transport', { action: 'stop' });
    const played = steps.filter((s): s is number => s !== null);
    expect(played[0]).toBe(8);
  });

  it('refuses "play on next bar" without a playing clock; sampler notes fire with velocity', async () => {
    const { c, call } = core();
    await c.ready;
    await expect(call('player:play', { id: 1, onNextBar: true })).rejects.toThrow(
      /no clock is playing/,
    );
    await call('clock:transport', { action: 'start' });
    await expect.poll(() => c.midi.following.nextBarAt(), { timeout: 3000 }).not.toBeNull();
    const nextBar = c.midi.following.nextBarAt()!;
    const now = performance.timeOrigin + performance.now();
    // At 120 BPM a bar is 2 s: the next bar line is ahead, within one bar.
    expect(nextBar).toBeGreaterThan(now);
    expect(nextBar - now).toBeLessThanOrEqual(2000 + 5);

    const fired: ControlFired[] = [];
    c.subscribe((name, payload) => name === 'control:fired' && fired.push(payload as ControlFired));
    await call('sampler:configure', { input: 'internal:Sampledeck Loopback' });
    await call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0x90, 48, 64] });
    await call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0x80, 48, 0] });
    expect(fired).toEqual([{ action: 'sampler', value: 64 / 127 }]);
    await expect(call('sampler:configure', { input: 'internal:nope' })).rejects.toThrow(
      /no MIDI input/,
    );

    // A note mapped to a file plays that file (here: no audio process, so it is refused and
    // logged, and the input path is not broken); other notes still play the selection.
    const folder = mkdtempSync(join(tmpdir(), 'sd-sampler-'));
    writeFileSync(join(folder, 'kick.wav'), makeWav({ frames: 441 }));
    await call('library:add', { paths: [folder] });
    await c.library.idle();
    const page = await call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 1 });
    const state = await call<SamplerState>('sampler:configure', {
      map: { note: 36, id: page.rows[0]!.id },
    });
    expect(state).toEqual({
      input: 'internal:Sampledeck Loopback',
      notes: [{ note: 36, id: page.rows[0]!.id, name: 'kick.wav' }],
    });
    fired.length = 0;
    await call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0x90, 36, 100] });
    expect(fired).toEqual([]);
    await call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0x90, 37, 100] });
    expect(fired).toEqual([{ action: 'sampler', value: 100 / 127 }]);
  });

  it('learns a CC for an action, fires it, and keeps the mapping', async () => {
    const { c, call } = core();
    await c.ready;
    const fired: ControlFired[] = [];
    c.subscribe((name, payload) => name === 'control:fired' && fired.push(payload as ControlFired));
    await call('learn:start', { action: 'next-file' });
    await call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0xb0, 20, 127] });
    const state = await call<LearnState>('learn:state', {});
    expect(state.learning).toBeNull();
    expect(state.mappings).toEqual([
      expect.objectContaining({
        action: 'next-file',
        trigger: expect.objectContaining({ kind: 'cc', channel: 1, number: 20 }),
      }),
    ]);
    expect(fired).toEqual([]);
    await call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0xb0, 20, 0] });
    await call('midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0xb0, 20, 127] });
    expect(fired).toEqual([{ action: 'next-file', value: 1 }]);
  });
});
