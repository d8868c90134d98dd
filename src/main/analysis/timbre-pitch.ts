/**
 * A cheap fundamental and how periodic the sound is, for the similarity vector's pitch aspect:
 * YIN's cumulative-mean-normalised difference (de Cheveigné & Kawahara 2002, research-15 §3.4) on
 * a few frames of the signal decimated to ~5 kHz, so a frame costs ~70k multiply-adds. The tonal
 * slice's root pitch is the precise one; this only has to place a sound in the right register.
 */

/** Decimated rate: enough for fundamentals up to ~1 kHz, which is all a register needs. */
const TARGET_RATE = 5000;
const MIN_HZ = 30;
const MAX_HZ = 1000;
const FRAMES = 6;
const THRESHOLD = 0.15;
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
  const factor = Math.max(1, Math.floor(sampleRate / TARGET_RATE));
  const rate = sampleRate / factor;
  const tauMax = Math.ceil(rate / MIN_HZ);
  const tauMin = Math.max(2, Math.floor(rate / MAX_HZ));
  const width = 2 * tauMax;
  const span = (width + tauMax) * factor;
  const x = new Float64Array(width + tauMax);
  const d = new Float64Array(tauMax + 1);

  const last = Math.max(from, Math.min(to, mono.length) - span);
  const count = Math.max(1, Math.min(FRAMES, Math.floor((last - from) / (span / 2)) + 1));
  const f0s: number[] = [];
  const scores: number[] = [];
  for (let f = 0; f < count; f++) {
    const start = count === 1 ? from : Math.round(from + ((last - from) * f) / (count - 1));
    let energy = 0;
    for (let i = 0; i < x.length; i++) {
      let sum = 0;
      const at = start + i * factor;
      for (let j = 0; j < factor; j++) sum += mono[at + j] ?? 0;
      x[i] = sum / factor;
      energy += x[i]! * x[i]!;
    }
    if (!(energy > 0)) continue;
    const frame = yinFrame(x, d, width, tauMin, tauMax);
    scores.push(frame.score);
    if (frame.score < VOICED) f0s.push(rate / frame.tau);
  }
  if (scores.length === 0) return { f0Hz: null, aperiodicity: 1 };
  return {
    f0Hz: f0s.length >= 0.4 * scores.length ? median(f0s) : null,
    aperiodicity: Math.min(1, median(scores)),
  };
}

/** YIN on one frame: the chosen lag (parabolically refined) and its d'. */
function yinFrame(
  x: Float64Array,
  d: Float64Array,
  width: number,
  tauMin: number,
  tauMax: number,
): { tau: number; score: number } {
  d[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= tauMax; tau++) {
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const diff = x[j]! - x[j + tau]!;
      sum += diff * diff;
    }
    running += sum;
    d[tau] = running > 0 ? (sum * tau) / running : 1;
  }
  let best = -1;
  for (let tau = tauMin; tau <= tauMax; tau++) {
    if (d[tau]! < THRESHOLD) {
      while (tau < tauMax && d[tau + 1]! < d[tau]!) tau++;
      best = tau;
      break;
    }
  }
  if (best < 0) {
    best = tauMin;
    for (let tau = tauMin; tau <= tauMax; tau++) if (d[tau]! < d[best]!) best = tau;
  }
  let tau = best;
  if (best > tauMin && best < tauMax) {
    const [a, b, c] = [d[best - 1]!, d[best]!, d[best + 1]!];
    const den = a - 2 * b + c;
    if (den > 0) tau += (0.5 * (a - c)) / den;
  }
  return { tau, score: Math.max(0, d[best]!) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
