import { afterEach, describe, expect, it, vi } from 'vitest';
import { disposeMidi, LOOPBACK, makeMidi, WAIT } from '../fixtures/midi';

/** Following a clock (an input's, or Sampledeck's own from its clock thread), and the clock master. */
afterEach(disposeMidi);

const service = () => makeMidi({ pollMs: 20, batchIntervalMs: 20 });

describe('ClockFollowing and ClockMaster (through the MIDI feature)', () => {
  it('tells the next bar line by the clock it is given, as epoch ms of that clock', () => {
    let now = 50_000;
    const clock = { now: () => now, origin: 1_700_000_000_000 };
    const { midi } = makeMidi({ clock, hardware: new Error('no hardware') });
    midi.following.setSource(LOOPBACK);
    const period = 60_000 / (120 * 24);
    const start = now;
    midi.registry.send(LOOPBACK, [0xfa]);
    // The first pulse after START is the bar line of bar 1 (pulse 0); pulse n comes n periods on.
    for (let pulse = 0; pulse < 120; pulse++) {
      now = start + (pulse + 1) * period;
      midi.registry.send(LOOPBACK, [0xf8]);
    }
    expect(midi.report.info()).toMatchObject({ transport: 'playing', bpm: 120 });
    // 120 pulses are bar 2 and a quarter: the next bar line is pulse 192.
    expect(midi.following.nextBarAt()).toBeCloseTo(clock.origin + start + 193 * period, 3);
    // Messages are stamped with that clock too (the START: clock pulses are only counted).
    expect(midi.monitor.newest(1)[0]).toMatchObject({
      type: 'start',
      wall: clock.origin + start,
    });
  });

  it('restarts clock health on a tempo change (seen, or its own clock set) and on reset', async () => {
    let now = 10_000;
    const clock = { now: () => now, origin: 1_700_000_000_000 };
    const { midi } = makeMidi({ clock, hardware: new Error('no hardware') });
    midi.following.setSource(LOOPBACK);
    midi.registry.send(LOOPBACK, [0xfa]);
    const play = (bpm: number, pulses: number) => {
      for (let i = 0; i < pulses; i++) {
        now += 60_000 / (bpm * 24);
        midi.registry.send(LOOPBACK, [0xf8]);
      }
    };
    play(20, 96);
    play(240, 240);
    expect(midi.report.info().bpm).toBe(240);
    const health = midi.following.healthOf(null);
    expect(health).toMatchObject({ port: LOOPBACK, dropped: 0, bursts: 0 });
    expect(Math.abs(health.driftMs!)).toBeLessThan(0.01);
    expect(midi.following.resetHealth(null)).toMatchObject({ port: LOOPBACK, pulses: 0 });
    play(240, 10);
    expect(midi.following.healthOf(LOOPBACK).pulses).toBe(10);

    // Sampledeck's own clock: told when its tempo is set.
    const OWN = 'internal:Sampledeck Clock';
    midi.master.transport('start');
    await vi.waitFor(() => expect(midi.following.healthOf(OWN).pulses).toBeGreaterThan(5), {
      timeout: 10_000,
    });
    midi.master.configure({ bpm: 200 });
    expect(midi.following.healthOf(OWN).pulses).toBe(0);
    midi.master.transport('stop');
  });

  it('follows its own clock: tempo, transport and position', async () => {
    const { midi, clocks } = service();
    midi.master.configure({ bpm: 150 });
    const started = performance.now();
    midi.master.transport('start');
    await vi.waitFor(() => expect(midi.report.info().beat).toBeGreaterThanOrEqual(2), WAIT);
    await vi.waitFor(() => expect(midi.report.info().bpm).toBeCloseTo(150, 0), WAIT);
    const playing = midi.report.info();
    expect(playing).toMatchObject({
      transport: 'playing',
      noClock: false,
      source: 'internal:Sampledeck Clock',
    });
    expect(playing.bpm).toBeCloseTo(150, 0);
    expect(playing.position.bar).toBeGreaterThanOrEqual(1);
    expect(playing.beat).toBeGreaterThanOrEqual(2);
    midi.master.transport('stop');
    await vi.waitFor(() => expect(midi.report.info().transport).toBe('paused'), WAIT);
    await vi.waitFor(() => expect(midi.report.info().noClock).toBe(true), WAIT);
    // Emitted on changes and at about 10 Hz, not once per pulse (60 a second at 150 BPM): under
    // 40 in the ~1.8 s this takes on an idle machine, and as few for as long as it took.
    const seconds = (performance.now() - started) / 1000;
    expect(clocks.length).toBeLessThan(Math.max(40, 22 * seconds));
  });

  it('warns when two inputs send clock at once', async () => {
    const { midi } = service();
    midi.master.transport('start');
    const other = setInterval(() => midi.registry.send(LOOPBACK, [0xf8]), 20);
    await expect
      .poll(() => midi.report.info().warning, { timeout: 3000 })
      .toMatch(
        /^2 inputs send clock at once: Sampledeck (Clock|Loopback), Sampledeck (Clock|Loopback)$/,
      );
    clearInterval(other);
  });
});
