/**
 * How healthy a clock input is, from its pulse times: the spread of its intervals around the
 * period (a histogram), how far it drifts from the tempo it shows, and pulses that came
 * twice as late (dropped) or far too early (bursts). Pure; the MIDI service feeds it.
 *
 * The statistics are of one tempo: a deliberate tempo change starts them again. It is seen
 * here as a run of intervals that all miss the mean the same way and agree with each other
 * (a clock at a new tempo, not a few late or doubled pulses), or told (`restart`) by whoever
 * knows of it: the follower that detected it, or Sampledeck's own clock that was set to it.
 */
import type { MonoMs, Pulses } from '../unit-types';
import { PPQN } from './clock-pulses';

export interface ClockHealthReport {
  pulses: Pulses;
  meanIntervalMs: number | null;
  /** Standard deviation of the intervals, ms. */
  jitterMs: number | null;
  /** Interval minus the mean, in 0.5 ms bins centred from -5 to +5 ms (the ends take the rest). */
  histogram: { centerMs: number; count: number }[];
  /** Where the last pulse is against first + n × the period of `nominalBpm`, ms. */
  driftMs: number | null;
  dropped: number;
  bursts: number;
}

const BIN_MS = 0.5;
const RANGE_MS = 5;
const BINS = (2 * RANGE_MS) / BIN_MS + 1;
/** Intervals kept for the histogram and the jitter. */
const WINDOW = 480;
/** This many intervals in a row off the mean, agreeing within this ratio: a new tempo. */
const NEW_TEMPO_RUN = 8;
const NEW_TEMPO_SPREAD = 1.25;

export class ClockHealth {
  private intervals: number[] = [];
  private first: MonoMs | null = null;
  private last: MonoMs | null = null;
  private counted = 0;
  private dropped = 0;
  private bursts = 0;
  /** The newest intervals in a row that missed the mean (dropped or burst). */
  private offRun: number[] = [];
  /** Times the statistics started again on a new tempo (seen or told). */
  restarts = 0;

  reset(): void {
    this.intervals = [];
    this.first = this.last = null;
    this.counted = this.dropped = this.bursts = 0;
    this.offRun = [];
  }

  /** The tempo changed: statistics start again from the next pulse. */
  restart(): void {
    this.reset();
    this.restarts += 1;
  }

  pulse(t: MonoMs): void {
    if (this.last !== null) {
      const interval = t - this.last;
      const mean = this.mean();
      if (mean !== null && interval > mean * 1.5) {
        // Counted as the pulses that should have come in between.
        const missing = Math.round(interval / mean) - 1;
        this.dropped += missing;
        this.counted += missing + 1;
        this.offMean(interval, t);
      } else if (mean !== null && interval < mean * 0.5) {
        this.bursts += 1;
        this.offMean(interval, t);
      } else {
        this.intervals.push(interval);
        if (this.intervals.length > WINDOW) this.intervals.shift();
        this.counted += 1;
        this.offRun = [];
      }
    } else this.first = t;
    this.last = t;
  }

  /**
   * An interval that missed the mean. A run of them that agree is a clock at a new tempo:
   * the statistics start again at the run's first pulse, with the run as their intervals.
   */
  private offMean(interval: number, t: MonoMs): void {
    const run = this.offRun;
    run.push(interval);
    if (run.length > NEW_TEMPO_RUN) run.shift();
    if (run.length < NEW_TEMPO_RUN) return;
    if (Math.max(...run) > Math.min(...run) * NEW_TEMPO_SPREAD) return;
    const intervals = [...run];
    this.restart();
    this.intervals = intervals;
    this.counted = intervals.length;
    this.first = t - intervals.reduce((a, b) => a + b, 0);
    this.last = t;
  }

  private mean(): number | null {
    if (this.intervals.length === 0) return null;
    return this.intervals.reduce((a, b) => a + b, 0) / this.intervals.length;
  }

  report(nominalBpm: number | null): ClockHealthReport {
    const mean = this.mean();
    const histogram = Array.from({ length: BINS }, (_, i) => ({
      centerMs: -RANGE_MS + i * BIN_MS,
      count: 0,
    }));
    let variance = 0;
    if (mean !== null) {
      for (const interval of this.intervals) {
        const d = interval - mean;
        variance += d * d;
        const bin = Math.min(BINS - 1, Math.max(0, Math.round((d + RANGE_MS) / BIN_MS)));
        histogram[bin]!.count += 1;
      }
      variance /= this.intervals.length;
    }
    const period = nominalBpm ? 60_000 / (nominalBpm * PPQN) : null;
    return {
      pulses: this.counted + (this.first === null ? 0 : 1),
      meanIntervalMs: mean,
      jitterMs: mean === null ? null : Math.sqrt(variance),
      histogram,
      driftMs:
        period !== null && this.first !== null && this.last !== null
          ? this.last - (this.first + this.counted * period)
          : null,
      dropped: this.dropped,
      bursts: this.bursts,
    };
  }
}
