import { VECTOR_LENGTH } from './analysis-record';
import { Spectrum } from './spectrum';
import {
  blocksAbove,
  envelopeShape,
  rmsEnvelope,
  type Envelope,
  type EnvelopeShape,
} from './timbre-envelope';
import { periodicity } from './timbre-pitch';
import { frameTables, framePositions, spectralFrames, type FrameTables } from './timbre-frames';

/**
 * The similarity vector (research-15 §4.1), raw: similarity-index.ts normalises it over the library.
 *   0-12  MFCC c1-c13 mean      13-25 their std        26-38 std of their Δ
 *   39    ln centroid mean      40 ln centroid std     41 ln mel flatness mean
 *   42    ln rolloff-85 % mean  43 ln(1 + zero crossings/s)  44 log-mel flux mean
 *   45    energy share above 5 kHz
 *   46    f0 in octaves above 55 Hz (0: unpitched)     47 aperiodicity (YIN d')
 *   48    chroma entropy (0..1)  49 tonalness (energy share of the 8 strongest peaks)
 *   50    ln attack s           51 ln decay s          52 ln effective duration s
 *   53    temporal centroid / duration                 54 crest dB
 *   55    tail slope, signed ln(1 + |dB/s| / 10)
 *   56-63 zero (SIMD padding)
 * Nothing here depends on the level: c0 is left out, and every other figure is a ratio, a
 * frequency, a time or a level relative to the sound's own peak.
 */
export const ASPECT_RANGES = {
  timbre: [0, 46],
  pitch: [46, 50],
  envelope: [50, 56],
} as const satisfies Record<string, readonly [number, number]>;

export interface Timbre {
  centroidHz: number | null;
  vector: Float32Array;
}

const MFCC = 13;
/** Frames kept for the statistics: within 50 dB of the loudest. */
const KEEP = 1e-5;
/** Envelope blocks (RMS, so amplitude) within 50 dB of the peak bound the frames read. */
const KEEP_SPAN = 10 ** (-50 / 20);
/** Pitch looks after the attack, up to where the level has fallen 30 dB. */
const PITCH_AFTER_PEAK_SEC = 0.02;
const PITCH_FLOOR = 10 ** (-30 / 20);

let spectrum: Spectrum | null = null;
const tablesByRate = new Map<number, FrameTables>();

export function measureTimbre(mono: Float32Array, sampleRate: number): Timbre {
  const vector = new Float32Array(VECTOR_LENGTH);
  const envelope = rmsEnvelope(mono, sampleRate);
  const shape = envelopeShape(envelope);
  if (!shape) return { centroidHz: null, vector };

  spectrum ??= new Spectrum(2048);
  let tables = tablesByRate.get(sampleRate);
  if (!tables) tablesByRate.set(sampleRate, (tables = frameTables(spectrum, sampleRate)));
  // Only where the sound is: the frames more than 50 dB down would be dropped anyway.
  const [first, last] = blocksAbove(envelope.rms, envelope.peakBlock, KEEP_SPAN);
  const block = envelope.blockSec * sampleRate;
  const positions = framePositions(Math.round(first * block), Math.round((last + 1) * block));
  const frames = spectralFrames(spectrum, tables, mono, positions);
  const n = frames.energy.length;

  let loudest = 0;
  for (let f = 0; f < n; f++) loudest = Math.max(loudest, frames.energy[f]!);
  if (!(loudest > 0)) return { centroidHz: null, vector };
  const kept: number[] = [];
  for (let f = 0; f < n; f++) if (frames.energy[f]! >= loudest * KEEP) kept.push(f);

  const mfcc = cepstra(frames.mel, n, tables.dct);
  const delta = deltas(mfcc, n, frames.run);
  meanAndStd(mfcc, kept, vector, 0, 13);
  meanAndStd(delta, kept, vector, null, 26);

  const logCentroid = kept.map((f) => Math.log(Math.max(frames.centroidHz[f]!, 1)));
  const [centroidMean, centroidStd] = stats(logCentroid);
  vector[39] = centroidMean;
  vector[40] = centroidStd;
  vector[41] = mean(kept.map((f) => frames.melFlatness[f]!));
  vector[42] = mean(kept.map((f) => Math.log(Math.max(frames.rolloffHz[f]!, 1))));
  vector[43] = Math.log1p(mean(kept.map((f) => frames.crossingsPerSec[f]!)));
  const flux = kept.filter((f) => f > 0 && frames.run[f] === frames.run[f - 1]);
  vector[44] = flux.length ? mean(flux.map((f) => frames.melFlux[f]!)) : 0;
  let high = 0;
  let total = 0;
  let magnitude = 0;
  let weightedHz = 0;
  const chroma = new Float64Array(12);
  for (const f of kept) {
    high += frames.high[f]!;
    total += frames.energy[f]!;
    magnitude += frames.magnitude[f]!;
    weightedHz += frames.centroidHz[f]! * frames.magnitude[f]!;
    for (let pc = 0; pc < 12; pc++) chroma[pc]! += frames.chroma[f * 12 + pc]!;
  }
  vector[45] = high / total;

  const pitch = pitchRegion(envelope, shape);
  const period = periodicity(
    mono,
    sampleRate,
    Math.round(pitch.from * block),
    Math.round(pitch.to * block),
  );
  vector[46] = period.f0Hz ? Math.log2(period.f0Hz / 55) : 0;
  vector[47] = period.aperiodicity;
  vector[48] = entropy(chroma);
  vector[49] = mean(kept.map((f) => frames.tonalness[f]!));

  vector[50] = Math.log(shape.attackSec + 1e-3);
  vector[51] = Math.log(shape.decaySec + 1e-3);
  vector[52] = Math.log(shape.effectiveSec);
  vector[53] = shape.centroid;
  vector[54] = shape.crestDb;
  vector[55] =
    Math.sign(shape.tailSlopeDbPerSec) * Math.log1p(Math.abs(shape.tailSlopeDbPerSec) / 10);

  return { centroidHz: magnitude > 0 ? weightedHz / magnitude : null, vector };
}

/** c1..c13 of each frame: orthonormal DCT-II of its log mel energies (c0, the level, left out). */
function cepstra(mel: Float64Array, n: number, dct: Float64Array): Float64Array {
  const bands = dct.length / MFCC;
  let top = 0;
  for (let i = 0; i < mel.length; i++) top = Math.max(top, mel[i]!);
  // The floor follows the loudest band, so a quieter copy of a sound gives the same cepstra.
  const floor = top * 1e-10 + 1e-30;
  const log = new Float64Array(bands);
  const out = new Float64Array(n * MFCC);
  for (let f = 0; f < n; f++) {
    for (let b = 0; b < bands; b++) log[b] = Math.log(mel[f * bands + b]! + floor);
    for (let k = 0; k < MFCC; k++) {
      let sum = 0;
      for (let b = 0; b < bands; b++) sum += log[b]! * dct[k * bands + b]!;
      out[f * MFCC + k] = sum;
    }
  }
  return out;
}

/** Δ over ±2 frames, clamped to the frame's run (long files are read in separate runs). */
function deltas(c: Float64Array, n: number, run: Int32Array): Float64Array {
  const out = new Float64Array(c.length);
  const at = (f: number, offset: number) => {
    let g = f + offset;
    while (g < 0 || g >= n || run[g] !== run[f]) g += offset > 0 ? -1 : 1;
    return g;
  };
  for (let f = 0; f < n; f++) {
    const [m2, m1, p1, p2] = [at(f, -2), at(f, -1), at(f, 1), at(f, 2)];
    for (let k = 0; k < MFCC; k++) {
      out[f * MFCC + k] =
        (c[p1 * MFCC + k]! - c[m1 * MFCC + k]! + 2 * (c[p2 * MFCC + k]! - c[m2 * MFCC + k]!)) / 10;
    }
  }
  return out;
}

/** Mean (at `meanAt`, unless null) and std (at `stdAt`) of each coefficient over the kept frames. */
function meanAndStd(
  c: Float64Array,
  kept: number[],
  vector: Float32Array,
  meanAt: number | null,
  stdAt: number,
): void {
  for (let k = 0; k < MFCC; k++) {
    const [m, s] = stats(kept.map((f) => c[f * MFCC + k]!));
    if (meanAt !== null) vector[meanAt + k] = m;
    vector[stdAt + k] = s;
  }
}

/** Blocks from just after the peak to where the level has fallen 30 dB (the pitched body). */
function pitchRegion(
  { rms, peakBlock, blockSec }: Envelope,
  shape: EnvelopeShape,
): { from: number; to: number } {
  const from = peakBlock + Math.round(PITCH_AFTER_PEAK_SEC / blockSec);
  const floor = rms[peakBlock]! * PITCH_FLOOR;
  let to = peakBlock;
  while (to < shape.lastBlock && rms[to + 1]! >= floor) to++;
  return { from: Math.min(from, to), to: to + 1 };
}

function stats(values: number[]): [number, number] {
  if (values.length === 0) return [0, 0];
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) * (v - m);
  return [m, Math.sqrt(sum / values.length)];
}

function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : 0;
}

/** Shannon entropy over log 12: 0 for one pitch class, 1 for all twelve alike (or none). */
function entropy(chroma: Float64Array): number {
  let total = 0;
  for (const c of chroma) total += c;
  if (!(total > 0)) return 1;
  let h = 0;
  for (const c of chroma) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h / Math.log(12);
}
