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
});
