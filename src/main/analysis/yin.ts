import FFT from 'fft.js';
import { decimate } from './decimate';

const SIZE = 2048;
/** Integration window, samples at ~22 kHz (46 ms): at least the longest period looked for. */
const WINDOW = 1024;
const HOP = 512;
const MIN_HZ = 30;
const MAX_HZ = 2000;
const THRESHOLD = 0.15;
/** A one-shot's root is read from at most this many frames, which bounds its cost. */
const MAX_FRAMES = 8;

let fft: FFT | null = null;
let buffers: {
  a: Float64Array;
  b: Float64Array;
  fa: Float64Array;
  fb: Float64Array;
  r: Float64Array;
} | null = null;

export interface Pitch {
  /** MIDI number with cents (60.12), or null when no steady pitch was heard. */
  midi: number | null;
  /** Median YIN aperiodicity d'(τ*) of the frames read: 0 a pure tone, ~1 noise. */
  aperiodicity: number;
}

/** d'(τ) of one frame via FFT cross-correlation (research-15 §3.4); returns [τ*, d'(τ*)]. */
export function frameYin(x: Float32Array, t: number, rate: number): [number, number] {
  fft ??= new FFT(SIZE);
  buffers ??= {
    a: new Float64Array(SIZE),
    b: new Float64Array(SIZE),
    fa: new Float64Array(SIZE * 2),
    fb: new Float64Array(SIZE * 2),
    r: new Float64Array(SIZE * 2),
  };
  const { a, b, fa, fb, r } = buffers;
  const maxLag = Math.min(Math.floor(rate / MIN_HZ), SIZE - WINDOW - 1);
  const minLag = Math.max(2, Math.floor(rate / MAX_HZ));
  a.fill(0);
  b.fill(0);
  for (let j = 0; j < WINDOW + maxLag; j++) {
    const v = x[t + j] ?? 0;
    if (j < WINDOW) a[j] = v;
    b[j] = v;
  }
  fft.realTransform(fa, a);
  fft.completeSpectrum(fa);
  fft.realTransform(fb, b);
  fft.completeSpectrum(fb);
  // conj(A)·B, reusing fb
  for (let k = 0; k < SIZE; k++) {
    const [ar, ai, br, bi] = [fa[2 * k]!, fa[2 * k + 1]!, fb[2 * k]!, fb[2 * k + 1]!];
    fb[2 * k] = ar * br + ai * bi;
    fb[2 * k + 1] = ar * bi - ai * br;
  }
  fft.inverseTransform(r, fb);
  let e0 = 0;
  for (let j = 0; j < WINDOW; j++) e0 += a[j]! * a[j]!;
  let et = e0;
  let running = 0;
  let bestLag = -1;
  let bestValue = Infinity;
  const dn = new Float64Array(maxLag + 2);
  dn[0] = 1;
  for (let lag = 1; lag <= maxLag + 1; lag++) {
    // energy of b[lag..lag+W): slide by one
    et += (b[lag + WINDOW - 1] ?? 0) ** 2 - b[lag - 1]! ** 2;
    const d = Math.max(0, e0 + et - 2 * r[2 * lag]!);
    running += d;
    dn[lag] = running > 0 ? (d * lag) / running : 1;
  }
  for (let lag = minLag; lag <= maxLag; lag++) {
    if (dn[lag]! < THRESHOLD) {
      while (lag + 1 <= maxLag && dn[lag + 1]! < dn[lag]!) lag++;
      [bestLag, bestValue] = [lag, dn[lag]!];
      break;
    }
    if (dn[lag]! < bestValue) [bestLag, bestValue] = [lag, dn[lag]!];
  }
  const [p, q, s] = [dn[bestLag - 1]!, dn[bestLag]!, dn[bestLag + 1]!];
  const denom = p - 2 * q + s;
  const shift = denom > 0 ? (0.5 * (p - s)) / denom : 0;
  return [bestLag + shift, bestValue];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * Root pitch of a one-shot by YIN: frames from 20 ms after the envelope's peak until it falls
 * 30 dB, the median f0 of the steady frames (d' < 0.2) of the later half (a kick's glide settles
 * there), when they are at least 40 % of the frames read.
 */
export function rootPitch(mono: Float32Array, sampleRate: number): Pitch {
  const { samples, rate } = decimate(mono, sampleRate, 22_050);
  let peakAt = 0;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i]!);
    if (v > peak) [peak, peakAt] = [v, i];
  }
  if (peak === 0) return { midi: null, aperiodicity: 1 };
  const rms = (t: number) => {
    let sum = 0;
    for (let j = t; j < t + WINDOW && j < samples.length; j++) sum += samples[j]! ** 2;
    return Math.sqrt(sum / WINDOW);
  };
  const start = peakAt + Math.round(0.02 * rate);
  const first = rms(start);
  const frames: [number, number][] = [];
  for (let t = start; t + WINDOW <= samples.length && frames.length < MAX_FRAMES; t += HOP) {
    if (rms(t) < first * 0.0316) break;
    frames.push(frameYin(samples, t, rate));
  }
  if (frames.length === 0) return { midi: null, aperiodicity: 1 };
  const aperiodicity = median(frames.map(([, v]) => v));
  const steady = frames.filter(([, v]) => v < 0.2);
  if (steady.length < 0.4 * frames.length) return { midi: null, aperiodicity };
  const later = steady.slice(Math.floor(steady.length / 2));
  const hz = rate / median(later.map(([lag]) => lag));
  return { midi: 69 + 12 * Math.log2(hz / 440), aperiodicity };
}
