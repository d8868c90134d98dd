import { decimate } from './decimate';
import { Spectrum } from './spectrum';

/** Onset strength frames per second at the analysis rate (22,050 / 128 ≈ 172 Hz). */
export const ONSET_HOP = 128;
const ONSET_SIZE = 512;
/** Long files are songs: their tempo is heard in the first minute, which keeps 5 minutes cheap. */
export const ONSET_MAX_SECONDS = 60;

let spectrum: Spectrum | null = null;

export interface OnsetEnvelope {
  /** O(n) >= 0: log-compressed, half-wave rectified spectral flux less its local mean. */
  strength: Float64Array;
  /** The same below 5 kHz: kicks, snares and toms without the hats, which sit on every subdivision. */
  low: Float64Array;
  /** Frames per second. */
  frameRate: number;
}

/** Bins of ONSET_SIZE at the analysis rate below ~5 kHz. */
const LOW_BINS = Math.round((5000 / 22_050) * ONSET_SIZE);

/**
 * Spectral-flux onset strength (research-15 §2.1): mono at ~22 kHz, Hann frames of 512 at hop
 * 128 (5.8 ms), Y = log(1 + 100·|X|), flux = Σ max(0, ΔY), minus its mean over ±0.1 s.
 */
export function onsetEnvelope(mono: Float32Array, sampleRate: number): OnsetEnvelope {
  const { samples, rate } = decimate(mono, sampleRate, 22_050, ONSET_MAX_SECONDS);
  spectrum ??= new Spectrum(ONSET_SIZE);
  const frames = Math.max(0, Math.floor(samples.length / ONSET_HOP));
  const bins = ONSET_SIZE / 2 + 1;
  let previous = new Float64Array(bins);
  let current = new Float64Array(bins);
  const flux = new Float64Array(frames);
  const lowFlux = new Float64Array(frames);
  const scale = 100 * (4 / ONSET_SIZE); // a full-scale sine reads |X|·4/size = 1
  for (let n = 0; n < frames; n++) {
    const m = spectrum.of(samples, n * ONSET_HOP - ONSET_SIZE / 2);
    let sum = 0;
    for (let k = 1; k < bins; k++) {
      const y = Math.log1p(scale * m[k]!);
      current[k] = y;
      const d = y - previous[k]!;
      if (d > 0 && n > 0) sum += d;
      if (k === LOW_BINS) lowFlux[n] = sum;
    }
    flux[n] = sum;
    [previous, current] = [current, previous];
  }
  const frameRate = rate / ONSET_HOP;
  return {
    strength: lessLocalMean(flux, frameRate),
    low: lessLocalMean(lowFlux, frameRate),
    frameRate,
  };
}

/** max(0, flux − its mean over ±0.1 s). */
function lessLocalMean(flux: Float64Array, frameRate: number): Float64Array {
  const frames = flux.length;
  const half = Math.max(1, Math.round(0.1 * frameRate));
  const strength = new Float64Array(frames);
  let windowSum = 0;
  let lo = 0;
  let hi = 0; // window [lo, hi)
  for (let n = 0; n < frames; n++) {
    while (hi < frames && hi <= n + half) windowSum += flux[hi++]!;
    while (lo < n - half) windowSum -= flux[lo++]!;
    strength[n] = Math.max(0, flux[n]! - windowSum / (hi - lo));
  }
  return strength;
}

/** Frames that are local peaks of O above its mean + σ, at least 50 ms apart. */
export function onsetPeaks(strength: Float64Array, frameRate: number): number[] {
  const n = strength.length;
  if (n === 0) return [];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += strength[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (strength[i]! - mean) ** 2;
  const threshold = mean + Math.sqrt(variance / n);
  const gap = Math.round(0.05 * frameRate);
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = strength[i]!;
    if (v <= threshold || v < (strength[i - 1] ?? 0) || v < (strength[i + 1] ?? 0)) continue;
    const last = peaks[peaks.length - 1];
    if (last !== undefined && i - last < gap) {
      if (v > strength[last]!) peaks[peaks.length - 1] = i;
      continue;
    }
    peaks.push(i);
  }
  return peaks;
}
