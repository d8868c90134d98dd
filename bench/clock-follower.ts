/**
 * Clock follower accuracy: the displayed tempo against the truth for jittered MIDI clocks
 * (uniform ±2 ms on each pulse time, seeded), and a naive baseline measured in the same run:
 * the tempo from the last single pulse interval, 60000 / (24 × interval), rounded to 0.1 like
 * the display. Prints one JSON line.
 *
 * steady: at 60, 120, 180 and 300 BPM from the first pulse; `worstAfter2Beats` is the worst
 * |displayed − truth| from 2 beats on over the next 60 s while a tempo is displayed, and
 * `blankAfter2Beats` how long after the 2-beat mark nothing was displayed yet (beats; both the
 * worst of all seeds); `firstWithin01Beats` is the first time the display is within ±0.1 and
 * `settledWithin01Beats` the time from which it stays there (medians over seeds).
 * step: 8 beats at the tempo, then 16 at the tempo + 20; `within05Beats` and `within01Beats`
 * are the beats after the change from which the display stays within ±0.5 and ±0.1 of the new
 * tempo (median and worst over seeds; null: not within 16 beats). Also the cost of one
 * `clock()` call.
 */
import { ClockFollower } from '../src/shared/midi/clock-follower';
import { seededRandom } from '../test/fixtures/seeded-random';

const JITTER_MS = 2;
const SEEDS = 10;
const TEMPOS = [60, 120, 180, 300];
const STEP = 20;

const prng = seededRandom;

/** Pulse times and the true tempo at each, for tempo segments played one after the other. */
function clock(segments: { bpm: number; pulses: number }[], seed: number) {
  const random = prng(seed);
  const times: number[] = [];
  const truth: number[] = [];
  let nominal = 1000;
  for (const [n, { bpm, pulses }] of segments.entries()) {
    for (let i = 0; i < pulses; i++) {
      if (n > 0 || i > 0) nominal += 60000 / (24 * bpm);
      times.push(nominal + (random() * 2 - 1) * JITTER_MS);
      truth.push(bpm);
    }
  }
  return { times, truth };
}

type Display = (times: number[]) => (number | null)[];

const follower: Display = (times) => {
  const f = new ClockFollower();
  return times.map((t) => {
    f.clock(t);
    return f.state(t).bpm;
  });
};

const naive: Display = (times) =>
  times.map((t, i) =>
    i === 0 ? null : Math.round((60000 / (24 * (t - (times[i - 1] as number)))) * 10) / 10,
  );

const EPS = 1e-9;
const errorAt = (shown: (number | null)[], truth: number[], i: number) => {
  const value = shown[i];
  return value == null ? Infinity : Math.abs(value - (truth[i] as number));
};

/** The first index from `from` at which the error is within `bound`, or null. */
function firstWithin(shown: (number | null)[], truth: number[], bound: number, from = 0) {
  for (let i = from; i < shown.length; i++) {
    if (errorAt(shown, truth, i) <= bound + EPS) return i;
  }
  return null;
}

/** The index from which the error stays within `bound` to the end, or null. */
function settledWithin(shown: (number | null)[], truth: number[], bound: number, from = 0) {
  let last = from - 1;
  for (let i = from; i < shown.length; i++) {
    if (errorAt(shown, truth, i) > bound + EPS) last = i;
  }
  return last + 1 < shown.length ? last + 1 : null;
}

const beats = (pulses: number | null) => (pulses === null ? null : round(pulses / 24, 2));
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function median(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length < values.length / 2) return null;
  return known[Math.floor(values.length / 2)] ?? null;
}

const worstOf = (values: (number | null)[]) =>
  values.includes(null) ? null : Math.max(...(values as number[]));

function steady(display: Display, bpm: number) {
  const worst: number[] = [];
  const blanks: number[] = [];
  const first: (number | null)[] = [];
  const settled: (number | null)[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const { times, truth } = clock([{ bpm, pulses: 48 + 24 * bpm }], seed);
    const shown = display(times);
    let w = 0;
    let blank = 0;
    for (let i = 48; i < shown.length; i++) {
      if (shown[i] === null) blank = i - 48 + 1;
      else w = Math.max(w, errorAt(shown, truth, i));
    }
    worst.push(round(w, 2));
    blanks.push(round(blank / 24, 2));
    first.push(beats(firstWithin(shown, truth, 0.1)));
    settled.push(beats(settledWithin(shown, truth, 0.1)));
  }
  return {
    worstAfter2Beats: Math.max(...worst),
    blankAfter2Beats: Math.max(...blanks),
    firstWithin01Beats: median(first),
    settledWithin01Beats: median(settled),
  };
}

function step(display: Display, bpm: number) {
  const change = 8 * 24 - 1;
  const half: (number | null)[] = [];
  const tenth: (number | null)[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const segments = [
      { bpm, pulses: 8 * 24 },
      { bpm: bpm + STEP, pulses: 16 * 24 },
    ];
    const { times, truth } = clock(segments, seed);
    const shown = display(times);
    const since = (i: number | null) => beats(i === null ? null : i - change);
    half.push(since(settledWithin(shown, truth, 0.5, change + 1)));
    tenth.push(since(settledWithin(shown, truth, 0.1, change + 1)));
  }
  return {
    within05Beats: { median: median(half), worst: worstOf(half) },
    within01Beats: { median: median(tenth), worst: worstOf(tenth) },
  };
}

function clockCallNs(): number {
  const { times } = clock([{ bpm: 300, pulses: 200_000 }], 1);
  const f = new ClockFollower();
  const start = process.hrtime.bigint();
  for (const t of times) f.clock(t);
  return Math.round(Number(process.hrtime.bigint() - start) / times.length);
}

function main(): void {
  const result = {
    bench: 'clock-follower',
    jitterMs: JITTER_MS,
    seeds: SEEDS,
    steady: Object.fromEntries(
      TEMPOS.map((bpm) => [bpm, { follower: steady(follower, bpm), naive: steady(naive, bpm) }]),
    ),
    stepPlus20: Object.fromEntries(
      TEMPOS.map((bpm) => [
        `${bpm}->${bpm + STEP}`,
        { follower: step(follower, bpm), naive: step(naive, bpm) },
      ]),
    ),
    clockCallNs: clockCallNs(),
  };
  console.log(JSON.stringify(result));
}

main();
