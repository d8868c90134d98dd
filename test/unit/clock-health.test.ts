import { describe, expect, it } from 'vitest';
import { ClockHealth } from '../../src/shared/midi/clock-health';

const period = 60_000 / (120 * 24);

describe('ClockHealth', () => {
  it('an exact clock: no jitter, no drift, everything in the middle bins', () => {
    const h = new ClockHealth();
    for (let n = 0; n < 200; n++) h.pulse(1000 + n * period);
    const r = h.report(120);
    expect(r.pulses).toBe(200);
    expect(r.meanIntervalMs).toBeCloseTo(period, 9);
    expect(r.jitterMs).toBeCloseTo(0, 9);
    expect(Math.abs(r.driftMs!)).toBeLessThan(1e-6);
    expect(r.histogram.reduce((n, b) => n + b.count, 0)).toBe(199);
    expect(r.histogram.find((b) => b.centerMs === 0)!.count).toBe(199);
  });

  it('counts dropped pulses and bursts, and sees a clock running fast', () => {
    const h = new ClockHealth();
    let t = 0;
    for (let n = 0; n < 100; n++) {
      if (n === 50) t += period; // one pulse missing
      h.pulse(t);
      if (n === 70) h.pulse(t + 0.2); // a doubled pulse
      t += period * 0.999; // 0.1 % fast
    }
    const r = h.report(120);
    expect(r.dropped).toBe(1);
    expect(r.bursts).toBe(1);
    expect(r.driftMs!).toBeLessThan(-1.5); // ahead of where 120.0 BPM would be
  });

  it('starts again on a new tempo: 20 → 240 BPM is not hundreds of doubled pulses', () => {
    const h = new ClockHealth();
    const slow = 60_000 / (20 * 24);
    const fast = 60_000 / (240 * 24);
    let t = 1000;
    for (let n = 0; n < 96; n++) h.pulse((t += slow));
    for (let n = 0; n < 600; n++) h.pulse((t += fast));
    const r = h.report(240);
    expect(h.restarts).toBe(1);
    expect(r.bursts).toBe(0);
    expect(r.dropped).toBe(0);
    expect(r.meanIntervalMs).toBeCloseTo(fast, 9);
    expect(Math.abs(r.driftMs!)).toBeLessThan(1e-6);
    // And back down: no run of "dropped" pulses either.
    for (let n = 0; n < 48; n++) h.pulse((t += slow));
    expect(h.restarts).toBe(2);
    expect(h.report(20)).toMatchObject({ dropped: 0, bursts: 0 });
    expect(Math.abs(h.report(20).driftMs!)).toBeLessThan(1e-6);
  });

  it('starts again when told, and keeps counting real drops and doubles', () => {
    const h = new ClockHealth();
    for (let n = 0; n < 100; n++) h.pulse(1000 + n * period);
    h.restart();
    expect(h.report(120)).toMatchObject({ pulses: 0, meanIntervalMs: null, driftMs: null });
    let t = 10_000;
    for (let n = 0; n < 50; n++) {
      h.pulse((t += period));
      if (n % 10 === 5) h.pulse(t + 0.3); // doubled, never eight in a row
    }
    expect(h.report(120)).toMatchObject({ pulses: 50, bursts: 5, dropped: 0 });
  });
});
