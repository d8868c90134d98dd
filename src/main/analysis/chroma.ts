import { decimate } from './decimate';
import { Spectrum } from './spectrum';

const SIZE = 2048;
const LOW_HZ = 55;
const HIGH_HZ = 2093;
/** Long files are read at a wider hop so no file costs more than this many frames. */
const MAX_FRAMES = 1500;

let spectrum: Spectrum | null = null;

export interface ChromaResult {
  /** Twelve pitch-class weights, C = 0, summing to 1 (all zero for silence). */
  chroma: Float64Array;
  /** Spectral flatness (geometric / arithmetic mean power) of the averaged spectrum, 55 Hz-2 kHz. */
  flatness: number;
  /** Tuning of the strongest peaks, cents from A440. */
  tuningCents: number;
}

/**
 * Chroma from an STFT (research-15 §3.1): mono at ~11 kHz, Hann 2048 at hop ≥ 1024, the
 * magnitudes averaged over frames, A4 re-tuned by the peaks' circular mean cents, each bin from
 * A1 to C7 weighted into its nearest pitch class by cos² of its distance.
 */
export function chromaOf(mono: Float32Array, sampleRate: number): ChromaResult {
  const { samples, rate } = decimate(mono, sampleRate, 11_025);
  spectrum ??= new Spectrum(SIZE);
  const bins = SIZE / 2 + 1;
  const mean = new Float64Array(bins);
  const frames = Math.max(1, Math.ceil(samples.length / 1024));
  const hop = Math.max(1024, Math.ceil(samples.length / Math.min(frames, MAX_FRAMES)));
  for (let start = 0; start < Math.max(1, samples.length); start += hop) {
    const m = spectrum.of(samples, start);
    for (let k = 0; k < bins; k++) mean[k]! += m[k]!;
  }
  const lo = Math.max(1, Math.ceil((LOW_HZ * SIZE) / rate));
  const hi = Math.min(bins - 2, Math.floor((HIGH_HZ * SIZE) / rate));

  // Tuning: magnitude-weighted circular mean of the peaks' cents.
  let top = 0;
  for (let k = lo; k <= hi; k++) top = Math.max(top, mean[k]!);
  let sin = 0;
  let cos = 0;
  for (let k = lo; k <= hi; k++) {
    const b = mean[k]!;
    if (b < top * 0.01 || b < mean[k - 1]! || b < mean[k + 1]!) continue;
    const a = Math.log(mean[k - 1]! + 1e-12);
    const c = Math.log(mean[k + 1]! + 1e-12);
    const l = Math.log(b + 1e-12);
    const denom = a - 2 * l + c;
    const delta = denom < 0 ? (0.5 * (a - c)) / denom : 0;
    const hz = ((k + delta) * rate) / SIZE;
    const cents = 100 * (12 * Math.log2(hz / 440));
    const angle = (2 * Math.PI * cents) / 100;
    sin += b * Math.sin(angle);
    cos += b * Math.cos(angle);
  }
  const tuningCents = sin === 0 && cos === 0 ? 0 : (100 / (2 * Math.PI)) * Math.atan2(sin, cos);
  const a4 = 440 * 2 ** (tuningCents / 1200);

  const chroma = new Float64Array(12);
  let logSum = 0;
  let sum = 0;
  for (let k = lo; k <= hi; k++) {
    const power = mean[k]! * mean[k]!;
    logSum += Math.log(power + 1e-20);
    sum += power;
    const midi = 69 + 12 * Math.log2((k * rate) / SIZE / a4);
    const note = Math.round(midi);
    const w = Math.cos(Math.PI * Math.abs(midi - note)) ** 2;
    chroma[((note % 12) + 12) % 12]! += w * power;
  }
  const count = hi - lo + 1;
  const flatness = sum > 0 ? Math.exp(logSum / count) / (sum / count) : 1;
  let total = 0;
  for (let i = 0; i < 12; i++) total += chroma[i]!;
  if (total > 0) for (let i = 0; i < 12; i++) chroma[i]! /= total;
  return { chroma, flatness, tuningCents };
}
