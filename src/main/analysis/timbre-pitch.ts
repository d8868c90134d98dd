/**
 * A cheap fundamental and how periodic the sound is, for the similarity vector's pitch aspect:
 * yin.ts's YIN frame (the tonal slice's root pitch uses the same) on a few frames spread over the
 * sound's body. This only has to place a sound in the right register.
 */
import { decimate } from './decimate';
import { frameYin } from './yin';

/** The rate yin.ts's frames are made for (its window and lags are in samples at this rate). */
const YIN_RATE = 22_050;
/** About what one YIN frame reads (window + longest lag), seconds: frames are spread by it. */
const FRAME_SECONDS = 0.085;
const FRAMES = 6;
const VOICED = 0.2;

export interface Periodicity {
  /** Median fundamental of the voiced frames, when at least 40 % are voiced. */
  f0Hz: number | null;
  /** Median of the frames' best d' (0: perfectly periodic, ~1: noise). */
  aperiodicity: number;
}

/** Looks at up to FRAMES frames between samples `from` and `to` (the sound's body). */
export function periodicity(
  mono: Float32Array,
  sampleRate: number,
  from: number,
  to: number,
): Periodicity {
  // Only the frames are decimated: a long file's body is never read whole.
  const span = Math.round(FRAME_SECONDS * sampleRate);
  const end = Math.max(from, Math.min(to, mono.length));
  const last = Math.max(from, end - span);
  const count = Math.max(1, Math.min(FRAMES, Math.floor((last - from) / (span / 2)) + 1));
  const f0s: number[] = [];
  const scores: number[] = [];
  for (let f = 0; f < count; f++) {
    const start = count === 1 ? from : Math.round(from + ((last - from) * f) / (count - 1));
    const frame = mono.subarray(start, Math.min(end, start + span));
    const { samples, rate } = decimate(frame, sampleRate, YIN_RATE);
    if (!samples.some((v) => v !== 0)) continue;
    const [lag, score] = frameYin(samples, 0, rate);
    scores.push(score);
    if (score < VOICED) f0s.push(rate / lag);
  }
  if (scores.length === 0) return { f0Hz: null, aperiodicity: 1 };
  return {
    f0Hz: f0s.length >= 0.4 * scores.length ? median(f0s) : null,
    aperiodicity: Math.min(1, median(scores)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
