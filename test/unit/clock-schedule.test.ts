import { describe, expect, it } from 'vitest';
import { ClockSchedule } from '../../src/main/midi/clock-schedule';

describe('ClockSchedule', () => {
  it('puts pulse n at origin + n × period, however late the pulses before it went out', () => {
    const s = new ClockSchedule(120, 1000); // 20.833 ms a pulse
    for (let n = 0; n < 24 * 4 * 100; n++) s.advance(); // 100 bars
    expect(s.next()).toBeCloseTo(1000 + 9600 * (60_000 / (120 * 24)), 6);
  });

  it('changes tempo from the next pulse, without moving it', () => {
    const s = new ClockSchedule(120, 0);
    for (let n = 0; n < 10; n++) s.advance();
    const next = s.next();
    s.setTempo(60);
    expect(s.next()).toBe(next);
    s.advance();
    expect(s.next() - next).toBeCloseTo(60_000 / (60 * 24), 9);
    expect(s.count).toBe(11);
  });

  it('keeps the grid exact after many tempo changes (no accumulated rounding)', () => {
    const s = new ClockSchedule(133.3, 0);
    let expected = 0;
    for (let n = 0; n < 10_000; n++) {
      if (n % 97 === 0) s.setTempo(20 + (n % 280));
      const period = 60_000 / (s.bpm * 24);
      expect(Math.abs(s.next() - expected)).toBeLessThan(1e-6);
      s.advance();
      expected += period;
    }
  });
});
