import { describe, expect, it } from 'vitest';
import { ClockFollower, type ClockState } from '../../src/shared/midi/clock-follower';
import { seededRandom } from '../fixtures/seeded-random';

// ---------------------------------------------------------------- simulated clocks

const prng = seededRandom;

const periodOf = (bpm: number) => 60000 / (24 * bpm);
const T0 = 1000;

interface Segment {
  bpm: number;
  pulses: number;
}

/**
 * Pulse times of a clock playing `segments` one after the other (the tempo changes at the last
 * pulse of a segment), each time moved by uniform jitter in [-jitter, +jitter] ms.
 */
function clockTimes(segments: Segment[], jitter = 0, seed = 1): number[] {
  const random = prng(seed);
  const times: number[] = [];
  let nominal = T0;
  for (const [n, segment] of segments.entries()) {
    for (let i = 0; i < segment.pulses; i++) {
      if (n > 0 || i > 0) nominal += periodOf(segment.bpm);
      times.push(nominal + (random() * 2 - 1) * jitter);
    }
  }
  return times;
}

const steady = (bpm: number, pulses: number, jitter = 0, seed = 1) =>
  clockTimes([{ bpm, pulses }], jitter, seed);

/** Feeds the pulses; the state after each. */
function follow(times: number[], follower = new ClockFollower()): ClockState[] {
  return times.map((t) => {
    follower.clock(t);
    return follower.state(t);
  });
}

/** |displayed - truth|, Infinity while nothing is displayed. */
const errorOf = (state: ClockState | undefined, truth: number) =>
  state?.bpm == null ? Infinity : Math.abs(state.bpm - truth);

const EPS = 1e-9;
const worst = (states: ClockState[], truth: number) =>
  Math.max(...states.map((s) => errorOf(s, truth)));

describe('the simulated clock', () => {
  it('replays the same jitter for the same seed, within the bound', () => {
    const a = steady(120, 500, 2, 7);
    expect(steady(120, 500, 2, 7)).toEqual(a);
    expect(steady(120, 500, 2, 8)).not.toEqual(a);
    a.forEach((t, i) => expect(Math.abs(t - (T0 + i * periodOf(120)))).toBeLessThanOrEqual(2));
  });

  it('is followed the same way twice', () => {
    const times = clockTimes(
      [
        { bpm: 120, pulses: 400 },
        { bpm: 133, pulses: 400 },
      ],
      2,
      3,
    );
    expect(follow(times)).toEqual(follow(times));
  });
});

describe('tempo from a steady clock', () => {
  it('shows nothing before the first pulse, nor after just one', () => {
    const follower = new ClockFollower();
    expect(follower.state(0)).toMatchObject({ noClock: true, bpm: null, rawBpm: null });
    follower.clock(T0);
    expect(follower.state(T0)).toMatchObject({ noClock: false, bpm: null, rawBpm: null });
  });

  it('is exact within 0.05 BPM from the 6th pulse, for every whole tempo 30..300 and some others', () => {
    const tempos = [...Array.from({ length: 271 }, (_, i) => 30 + i), 33.3, 98.76, 174.45, 299.99];
    for (const bpm of tempos) {
      const states = follow(steady(bpm, 48));
      expect(states[4]?.bpm, `${bpm} BPM, 5 pulses`).toBeNull();
      expect(worst(states.slice(5), bpm), `${bpm} BPM`).toBeLessThanOrEqual(0.05 + EPS);
      expect(Math.abs((states[47]?.rawBpm ?? 0) - bpm)).toBeLessThan(1e-6);
    }
  });

  // Bounds on the displayed tempo from 8 beats on, over a minute, 10 seeds each.
  it.each([
    [1, 30, 0.1],
    [1, 60, 0.1],
    [1, 120, 0.1],
    [1, 180, 0.1],
    [1, 300, 0.2],
    [3, 30, 0.2],
    [3, 60, 0.2],
    [3, 120, 0.2],
    [3, 180, 0.2],
    [3, 300, 0.3],
  ])('with ±%i ms jitter at %i BPM stays within %f BPM', (jitter, bpm, bound) => {
    for (let seed = 1; seed <= 10; seed++) {
      const states = follow(steady(bpm, 8 * 24 + 24 * bpm, jitter, seed));
      expect(worst(states.slice(8 * 24), bpm), `seed ${seed}`).toBeLessThanOrEqual(bound + EPS);
    }
  });

  // The requirement, at 120 BPM ±2 ms: within ±0.1 after 2 beats, never off by more than 0.2
  // after. At the 2-beat mark the fit has 49 pulses and a standard error of 0.07 BPM (the
  // least-squares limit: sigma 1.15 ms * sqrt(12 / (49^3 - 49)), relative to the 20.8 ms
  // period), so a few percent of runs show 120.2 or 119.8 there for a moment; from 3 beats on
  // none does in 400 seeds. The test states exactly that.
  it('at 120 BPM ±2 ms: within ±0.1 after 2 beats (3 beats for every seed), never off by more than 0.2', () => {
    const seeds = 40;
    let withinAtTwoBeats = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const states = follow(steady(120, 2 * 24 + 2880, 2, seed));
      if (errorOf(states[48], 120) <= 0.1 + EPS) withinAtTwoBeats += 1;
      expect(worst(states.slice(48), 120), `seed ${seed}`).toBeLessThanOrEqual(0.2 + EPS);
      expect(worst(states.slice(72), 120), `seed ${seed}`).toBeLessThanOrEqual(0.1 + EPS);
    }
    expect(withinAtTwoBeats).toBeGreaterThanOrEqual(seeds - 3);
  });

  it('does not flicker on a rounding boundary (hysteresis)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const states = follow(steady(120.05, 4 * 24 + 2880, 2, seed)).slice(4 * 24);
      let shown = 0;
      let rounded = 0;
      for (let i = 1; i < states.length; i++) {
        const [a, b] = [states[i - 1] as ClockState, states[i] as ClockState];
        if (a.bpm !== b.bpm) shown += 1;
        if (Math.round((a.rawBpm ?? 0) * 10) !== Math.round((b.rawBpm ?? 0) * 10)) rounded += 1;
      }
      expect(shown, `seed ${seed}`).toBeLessThanOrEqual(30);
      expect(shown * 5, `seed ${seed}`).toBeLessThan(rounded);
      expect(worst(states, 120.05)).toBeLessThanOrEqual(0.1 + EPS);
    }
  });

  it('says noClock after 500 ms without a pulse, and starts afresh after it', () => {
    const follower = new ClockFollower();
    const times = steady(120, 48);
    follow(times, follower);
    const last = times[47] as number;
    expect(follower.state(last + 500)).toMatchObject({ noClock: false, bpm: 120 });
    expect(follower.state(last + 501)).toMatchObject({ noClock: true, bpm: null, rawBpm: null });
    // The clock comes back at 90 BPM: a new window, no tempo until it has 6 pulses.
    const again = follow(
      steady(90, 12).map((t) => t + last + 2000),
      follower,
    );
    expect(again[0]).toMatchObject({ noClock: false, bpm: null });
    expect(again[4]?.bpm).toBeNull();
    expect(again[5]?.bpm).toBe(90);
  });

  it('honours a custom noClockMs', () => {
    const follower = new ClockFollower({ noClockMs: 100 });
    follower.clock(0);
    expect(follower.state(100).noClock).toBe(false);
    expect(follower.state(101).noClock).toBe(true);
  });

  it('ignores a timestamp earlier than the pulse before', () => {
    const follower = new ClockFollower();
    const times = steady(120, 48);
    follow(times, follower);
    follower.clock(0);
    follower.clock(Number.NaN);
    expect(follower.state(times[47] as number)).toMatchObject({ bpm: 120, missedPulses: 0 });
  });
});

describe('tempo changes', () => {
  const exactSteps: [number, number][] = [
    [120, 140],
    [140, 120],
    [60, 80],
    [60, 40],
    [180, 200],
    [180, 160],
    [300, 320],
    [300, 280],
    [30, 50],
    [120, 60],
    [120, 240],
    // From a slow tempo a pulse of the new one came within a quarter of the old period, and
    // each was taken for a duplicate: the display crawled from 20 to 27 over many seconds.
    [20, 240],
    [20, 300],
    [30, 300],
    [240, 20],
  ];

  // Criterion, exact clock: within ±0.05 of the new tempo 12 pulses (half a beat) after the
  // change, and from then on; the position counts every pulse and none is "missed".
  it.each(exactSteps)('exact clock, %i → %i BPM: within 0.05 half a beat after', (from, to) => {
    const follower = new ClockFollower();
    follower.start(0);
    const states = follow(
      clockTimes([
        { bpm: from, pulses: 8 * 24 },
        { bpm: to, pulses: 8 * 24 },
      ]),
      follower,
    );
    const change = 8 * 24 - 1;
    expect(worst(states.slice(48, change + 1), from)).toBeLessThanOrEqual(0.05 + EPS);
    expect(worst(states.slice(change + 12), to)).toBeLessThanOrEqual(0.05 + EPS);
    expect(states.at(-1)).toMatchObject({ pulses: 16 * 24 - 1, missedPulses: 0 });
  });

  it('follows a jump from 20 to 240 BPM within a beat with ±1 ms jitter, every seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const follower = new ClockFollower();
      follower.start(0);
      const states = follow(
        clockTimes(
          [
            { bpm: 20, pulses: 4 * 24 },
            { bpm: 240, pulses: 4 * 24 },
          ],
          1,
          seed,
        ),
        follower,
      );
      const change = 4 * 24 - 1;
      expect(worst(states.slice(change + 24), 240)).toBeLessThanOrEqual(1);
      expect(states.at(-1)).toMatchObject({ pulses: 8 * 24 - 1, missedPulses: 0 });
    }
  });

  // Criterion with ±2 ms jitter, over 20 seeds: the first pulse (counted in beats after the
  // change) from which the display stays within ±0.5, and within ±0.1. The bounds grow with
  // tempo because the information does: a fresh fit over 24 pulses has a standard error of
  // 0.27 BPM at 140 BPM and 1.3 BPM at 320, so no estimator of the new tempo settles within
  // ±0.5 in one beat at 300 BPM with this jitter. The bench reports the medians.
  it.each([
    [120, 140, 1.5, 4],
    [140, 120, 1.5, 4],
    [60, 80, 1, 2],
    [60, 40, 1, 2],
    [180, 200, 3, 6],
    [180, 160, 3, 6],
    [300, 320, 6, 14],
    [300, 280, 6, 14],
  ])(
    '±2 ms jitter, %i → %i BPM: within ±0.5 by %f beats, ±0.1 by %f beats',
    (from, to, half, tenth) => {
      for (let seed = 1; seed <= 20; seed++) {
        const follower = new ClockFollower();
        follower.start(0);
        const segments = [
          { bpm: from, pulses: 8 * 24 },
          { bpm: to, pulses: 16 * 24 },
        ];
        const states = follow(clockTimes(segments, 2, seed), follower);
        const after = states.slice(8 * 24);
        const settled = (bound: number) => {
          let last = -1;
          after.forEach((s, i) => {
            if (errorOf(s, to) > bound + EPS) last = i;
          });
          return (last + 2) / 24;
        };
        expect(settled(0.5), `seed ${seed}`).toBeLessThanOrEqual(half);
        expect(settled(0.1), `seed ${seed}`).toBeLessThanOrEqual(tenth);
        expect(states.at(-1), `seed ${seed}`).toMatchObject({
          pulses: 24 * 24 - 1,
          missedPulses: 0,
        });
      }
    },
  );

  it('a single late pulse (a stalled event loop) is not a tempo change', () => {
    for (const late of [0.3, 0.45, 0.6, 0.9]) {
      const follower = new ClockFollower();
      follower.start(0);
      const times = steady(120, 400);
      times[200] = (times[200] as number) + late * periodOf(120);
      const states = follow(times, follower);
      expect(worst(states.slice(12), 120), `late by ${late}`).toBe(0);
      expect(states.at(-1), `late by ${late}`).toMatchObject({ pulses: 399, missedPulses: 0 });
    }
  });

  it('a clump of late pulses delivered together keeps the position and the tempo', () => {
    const follower = new ClockFollower();
    follower.start(0);
    const times = steady(120, 400, 1, 5);
    // Pulses 200..204 arrive together, just after 204 was due.
    const at = (times[204] as number) + 0.5;
    for (let i = 200; i <= 204; i++) times[i] = at + (i - 200) * 0.01;
    const states = follow(times, follower);
    expect(worst(states.slice(48), 120)).toBeLessThanOrEqual(0.1 + EPS);
    expect(states[204]).toMatchObject({ pulses: 204, missedPulses: 0 });
    expect(states.at(-1)).toMatchObject({ pulses: 399, missedPulses: 0 });
  });

  it('ignores a duplicated pulse (a burst: a tiny interval)', () => {
    const follower = new ClockFollower();
    follower.start(0);
    const times = steady(120, 200);
    times.splice(100, 0, (times[99] as number) + 0.05);
    const states = follow(times, follower);
    expect(worst(states.slice(12), 120)).toBe(0);
    expect(states.at(-1)).toMatchObject({ pulses: 199, missedPulses: 0 });
  });
});

describe('missing pulses', () => {
  /** A steady clock with the pulses at `dropped` indices left out. */
  function withDrops(bpm: number, pulses: number, dropped: number[], jitter = 0, seed = 1) {
    const times = steady(bpm, pulses, jitter, seed);
    return times.filter((_, i) => !dropped.includes(i));
  }

  it.each([
    [60, 0],
    [120, 0],
    [300, 0],
    [60, 1],
    [120, 1],
    [300, 1],
    [120, 2],
  ])('at %i BPM, ±%i ms: single and double drops keep the position', (bpm, jitter) => {
    const dropped = [100, 160, 161, 250, 330, 331, 420];
    const follower = new ClockFollower();
    follower.start(0);
    const states = follow(withDrops(bpm, 500, dropped, jitter, 9), follower);
    expect(states.at(-1)).toMatchObject({ pulses: 499, missedPulses: dropped.length });
    expect(worst(states.slice(8 * 24), bpm)).toBeLessThanOrEqual(jitter === 0 ? EPS : 0.2);
    // Just after the double drop at 160-161, the position is 162.
    expect(states[160 - 1]?.pulses).toBe(162);
  });

  it('a drop across a beat boundary still counts the beat', () => {
    const follower = new ClockFollower();
    follower.start(0);
    const states = follow(withDrops(120, 60, [47, 48]), follower);
    // Pulses 0..46, then 49: beats at 0 and 24, then 48 is skipped over.
    expect(states.at(-1)).toMatchObject({ pulses: 59, beat: 3, missedPulses: 2 });
    expect(states.at(-1)?.position).toEqual({ bar: 1, beat: 3, tick: 11 });
  });

  it('START counts missed pulses afresh', () => {
    const follower = new ClockFollower();
    follower.start(0);
    const times = withDrops(120, 100, [50]);
    follow(times, follower);
    expect(follower.state(times.at(-1) as number).missedPulses).toBe(1);
    follower.start(0);
    expect(follower.state(times.at(-1) as number).missedPulses).toBe(0);
  });
});

describe('transport and position', () => {
  /** A follower fed a steady 120 BPM clock, one pulse per `pulse()` call. */
  function rig() {
    const follower = new ClockFollower();
    const period = periodOf(120);
    let t = T0;
    return {
      follower,
      pulse(n = 1): ClockState {
        for (let i = 0; i < n; i++) {
          t += period;
          follower.clock(t);
        }
        return follower.state(t);
      },
      get t() {
        return t;
      },
    };
  }

  it('starts stopped at 1.1.0, and measures tempo while stopped without moving', () => {
    const r = rig();
    expect(r.follower.state(0)).toMatchObject({
      transport: 'stopped',
      pulses: 0,
      position: { bar: 1, beat: 1, tick: 0 },
      beat: 0,
    });
    const s = r.pulse(30);
    expect(s).toMatchObject({ transport: 'stopped', pulses: 0, beat: 0, bpm: 120 });
  });

  it('START: the first clock after it is pulse 0, then one per clock', () => {
    const r = rig();
    r.pulse(30);
    r.follower.start(r.t);
    expect(r.follower.state(r.t)).toMatchObject({ transport: 'playing', pulses: 0 });
    expect(r.pulse()).toMatchObject({ pulses: 0, position: { bar: 1, beat: 1, tick: 0 }, beat: 1 });
    expect(r.pulse()).toMatchObject({ pulses: 1, position: { bar: 1, beat: 1, tick: 1 }, beat: 1 });
    expect(r.pulse(23)).toMatchObject({
      pulses: 24,
      position: { bar: 1, beat: 2, tick: 0 },
      beat: 2,
    });
    expect(r.pulse(72)).toMatchObject({
      pulses: 96,
      position: { bar: 2, beat: 1, tick: 0 },
      beat: 5,
    });
    expect(r.pulse(95)).toMatchObject({ pulses: 191, position: { bar: 2, beat: 4, tick: 23 } });
  });

  it('STOP pauses where it is; CONTINUE goes on from the next pulse', () => {
    const r = rig();
    r.follower.start(r.t);
    r.pulse(50); // pulses 0..49
    r.follower.stop(r.t);
    expect(r.follower.state(r.t)).toMatchObject({ transport: 'paused', pulses: 49 });
    expect(r.pulse(30)).toMatchObject({ transport: 'paused', pulses: 49, bpm: 120 });
    r.follower.continue(r.t);
    expect(r.pulse()).toMatchObject({ transport: 'playing', pulses: 50 });
  });

  it('SPP while paused: the position, played by the first clock after CONTINUE', () => {
    const r = rig();
    r.follower.start(r.t);
    r.pulse(50);
    r.follower.stop(r.t);
    r.follower.songPosition(16, r.t); // bar 2
    expect(r.follower.state(r.t)).toMatchObject({
      transport: 'paused',
      pulses: 96,
      position: { bar: 2, beat: 1, tick: 0 },
    });
    r.pulse(10);
    r.follower.continue(r.t);
    const beat = r.follower.state(r.t).beat;
    expect(r.pulse()).toMatchObject({ pulses: 96, beat: beat + 1 });
    expect(r.pulse()).toMatchObject({ pulses: 97 });
  });

  it('SPP while stopped keeps it stopped; CONTINUE then plays from there', () => {
    const r = rig();
    r.follower.songPosition(5, r.t);
    expect(r.follower.state(r.t)).toMatchObject({ transport: 'stopped', pulses: 30 });
    r.follower.continue(r.t);
    expect(r.pulse()).toMatchObject({ transport: 'playing', pulses: 30 });
    expect(r.pulse()).toMatchObject({ pulses: 31 });
  });

  it('SPP while playing is ignored', () => {
    const r = rig();
    r.follower.start(r.t);
    r.pulse(10);
    r.follower.songPosition(64, r.t);
    expect(r.pulse()).toMatchObject({ pulses: 10 });
  });

  it('STOP while stopped changes nothing; CONTINUE from fresh plays from 0', () => {
    const r = rig();
    r.follower.stop(r.t);
    expect(r.follower.state(r.t).transport).toBe('stopped');
    r.follower.continue(r.t);
    expect(r.pulse()).toMatchObject({ transport: 'playing', pulses: 0, beat: 1 });
  });

  it('START again goes back to 0', () => {
    const r = rig();
    r.follower.start(r.t);
    r.pulse(100);
    r.follower.stop(r.t);
    r.follower.start(r.t);
    expect(r.pulse()).toMatchObject({ pulses: 0 });
  });

  it('reset() forgets everything', () => {
    const r = rig();
    r.follower.start(r.t);
    r.pulse(100);
    r.follower.reset();
    expect(r.follower.state(r.t)).toMatchObject({
      transport: 'stopped',
      pulses: 0,
      beat: 0,
      bpm: null,
      noClock: true,
      missedPulses: 0,
    });
  });
});
