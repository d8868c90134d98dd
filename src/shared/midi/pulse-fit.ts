/**
 * The clock follower's tempo estimate (./clock-follower.ts): a least-squares line through the
 * accepted pulses of a window, each a point (pulse index, arrival time). Its slope is the
 * period, and it predicts when each later pulse should arrive. Why a line rather than averaged
 * intervals: jitter sits on each pulse time, so an interval carries two pulses' jitter; the
 * slope over n points has a standard error of sigma * sqrt(12 / (n^3 - n)), falling like
 * n^-1.5 (the mean interval: n^-1; the last interval: not at all).
 */
import type { MonoMs, Pulses } from '../unit-types';
import { PPQN } from './clock-pulses';

/** Floor of the expected prediction error (ms): an exact clock still has timer noise. */
export const MIN_SPREAD_MS = 0.25;
/** At most this many points in a window (3 s at 300 BPM is 360). */
const MAX_POINTS = 1024;

/** A least-squares line through (pulse index, time) points; refitted on each change. */
export class PulseFit {
  private readonly index = new Float64Array(MAX_POINTS);
  private readonly time = new Float64Array(MAX_POINTS);
  private head = 0;
  count = 0;
  /** The fitted line: time = meanT + period * (index - meanI). */
  meanI = 0;
  meanT = 0;
  period = 0;
  /** Residual standard deviation (ms) and the index spread sum((i - meanI)^2). */
  spread = 0;
  sxx = 0;

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.period = 0;
  }

  add(index: Pulses, time: MonoMs): void {
    if (this.count === MAX_POINTS) {
      this.head = (this.head + 1) % MAX_POINTS;
      this.count -= 1;
    }
    const at = (this.head + this.count) % MAX_POINTS;
    this.index[at] = index;
    this.time[at] = time;
    this.count += 1;
  }

  /** Drops points older than `since`, keeping at least `keep`. */
  trim(since: MonoMs, keep: number): void {
    while (this.count > keep && (this.time[this.head] as number) < since) {
      this.head = (this.head + 1) % MAX_POINTS;
      this.count -= 1;
    }
  }

  /** Refits; the period stays 0 under two points. */
  refit(): void {
    const n = this.count;
    if (n < 2) {
      this.period = 0;
      return;
    }
    let si = 0;
    let st = 0;
    for (let j = 0; j < n; j++) {
      const at = (this.head + j) % MAX_POINTS;
      si += this.index[at] as number;
      st += this.time[at] as number;
    }
    const mi = si / n;
    const mt = st / n;
    let sxx = 0;
    let sxy = 0;
    for (let j = 0; j < n; j++) {
      const at = (this.head + j) % MAX_POINTS;
      const di = (this.index[at] as number) - mi;
      sxx += di * di;
      sxy += di * ((this.time[at] as number) - mt);
    }
    const period = sxy / sxx;
    let ssr = 0;
    for (let j = 0; j < n; j++) {
      const at = (this.head + j) % MAX_POINTS;
      const r = (this.time[at] as number) - mt - period * ((this.index[at] as number) - mi);
      ssr += r * r;
    }
    this.meanI = mi;
    this.meanT = mt;
    this.period = period;
    this.sxx = sxx;
    this.spread = n > 2 ? Math.sqrt(ssr / (n - 2)) : 0;
  }

  predict(index: Pulses): MonoMs {
    return this.meanT + this.period * (index - this.meanI);
  }

  /** The expected spread of a new point's prediction error at `index` (ms). */
  predictionSpread(index: Pulses): number {
    const d = index - this.meanI;
    const sigma = Math.max(this.spread, MIN_SPREAD_MS);
    return sigma * Math.sqrt(1 + 1 / this.count + (d * d) / this.sxx);
  }

  /** Standard error of the tempo (BPM). */
  bpmError(): number {
    if (this.count < 3) return Infinity;
    return (periodToBpm(this.period) * this.spread) / Math.sqrt(this.sxx) / this.period;
  }
}

/** Tempo from ms per pulse. */
export const periodToBpm = (periodMs: number): number => 60000 / (PPQN * periodMs);
