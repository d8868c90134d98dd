import { decimateInto, decimationFactor } from './decimate';
import { Spectrum } from './spectrum';

const SIZE = 2048;
const LOW_HZ = 55;
const HIGH_HZ = 2093;
/** Long files are read at a wider hop so no file costs more than this many frames. */
const MAX_FRAMES = 1500;
/** The semitones A1 (MIDI 33, 55 Hz) to C7 (96, 2093 Hz). */
const FIRST_NOTE = 33;
const NOTES = 64;
/**
 * Share of a note's level taken off the notes of its 3rd (+19) and 5th (+28) harmonics. High,
 * because in bright plucks (sox's, Karplus-Strong) the 3rd harmonic can be as strong as the note.
 */
const HARMONIC_SUPPRESSION = 0.8;
/**
 * The lowest note within this share of the frame's strongest, below C4, is the bass: its pitch
 * class gets this share of the frame's weight on top (chord roots sit in the bass).
 */
const BASS_LEVEL = 0.7;
const BASS_BELOW = 60;
const BASS_WEIGHT = 0.25;
/** Notes from C4 up (melodies, which dwell on the tonic and fifth) count this much more. */
const MELODY_FROM = 60;
const MELODY_GAIN = 1.5;
/** Frames this far below the loudest (-40 dB in power) are skipped: tails, gaps. */
const QUIET_FRAME = 1e-4;

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
 * Chroma from an STFT (research-15 §3.1): mono at ~11 kHz, Hann 2048 at hop ≥ 1024, A4 re-tuned
 * by the peaks' circular mean cents. Each frame's bins from A1 to C7 fold into semitones (cos² of
 * their distance), lose the 3rd and 5th harmonics of lower notes, gain a bass and a melody
 * emphasis, and fold into pitch classes normalised per frame, so loud chords do not outvote the
 * rest of the file.
 */
export function chromaOf(mono: Float32Array, sampleRate: number): ChromaResult {
  // Each frame is decimated on its own: a 5-minute file is not copied whole at 11 kHz (13 MB).
  const factor = decimationFactor(sampleRate, 11_025);
  const rate = sampleRate / factor;
  const decimated = Math.floor(mono.length / factor);
  spectrum ??= new Spectrum(SIZE);
  const bins = SIZE / 2 + 1;
  const lo = Math.max(1, Math.ceil((LOW_HZ * SIZE) / rate));
  const hi = Math.min(bins - 2, Math.floor((HIGH_HZ * SIZE) / rate));
  const width = hi - lo + 1;
  const mean = new Float64Array(bins);
  const count = Math.min(Math.max(1, Math.ceil(decimated / 1024)), MAX_FRAMES);
  const hop = Math.max(1024, Math.ceil(decimated / count));
  const frames = new Float32Array(count * width);
  const energy = new Float64Array(count);
  const frame = new Float32Array(SIZE);
  let loudest = 0;
  for (let f = 0; f < count; f++) {
    decimateInto(mono, f * hop * factor, factor, frame);
    const m = spectrum.of(frame, 0);
    for (let k = 0; k < bins; k++) mean[k]! += m[k]!;
    let e = 0;
    for (let k = lo; k <= hi; k++) {
      frames[f * width + k - lo] = m[k]!;
      e += m[k]! * m[k]!;
    }
    energy[f] = e;
    loudest = Math.max(loudest, e);
  }
  const tuningCents = tuningOf(mean, lo, hi, rate);
  const a4 = 440 * 2 ** (tuningCents / 1200);

  // Each kept bin's semitone and cos² weight, for this tuning.
  const noteOf = new Int32Array(width);
  const weightOf = new Float64Array(width);
  for (let k = lo; k <= hi; k++) {
    const midi = 69 + 12 * Math.log2((k * rate) / SIZE / a4);
    const note = Math.round(midi);
    noteOf[k - lo] = note - FIRST_NOTE;
    weightOf[k - lo] = Math.cos(Math.PI * Math.abs(midi - note)) ** 2;
  }

  const chroma = new Float64Array(12);
  const raw = new Float64Array(NOTES);
  const notes = new Float64Array(NOTES);
  const frameChroma = new Float64Array(12);
  for (let f = 0; f < count; f++) {
    if (energy[f]! <= loudest * QUIET_FRAME) continue;
    raw.fill(0);
    for (let j = 0; j < width; j++) {
      const n = noteOf[j]!;
      if (n >= 0 && n < NOTES) raw[n]! += weightOf[j]! * frames[f * width + j]!;
    }
    notes.set(raw);
    for (let n = 0; n + 19 < NOTES; n++) {
      notes[n + 19]! -= HARMONIC_SUPPRESSION * raw[n]!;
      if (n + 28 < NOTES) notes[n + 28]! -= HARMONIC_SUPPRESSION * raw[n]!;
    }
    let strongest = 0;
    for (let n = 0; n < NOTES; n++) {
      if (notes[n]! < 0) notes[n] = 0;
      if (n + FIRST_NOTE >= MELODY_FROM) notes[n]! *= MELODY_GAIN;
      strongest = Math.max(strongest, notes[n]!);
    }
    if (strongest === 0) continue;
    frameChroma.fill(0);
    let sum = 0;
    for (let n = 0; n < NOTES; n++) {
      frameChroma[(n + FIRST_NOTE) % 12]! += notes[n]!;
      sum += notes[n]!;
    }
    for (let n = 0; n + FIRST_NOTE < BASS_BELOW; n++)
      if (notes[n]! >= BASS_LEVEL * strongest) {
        frameChroma[(n + FIRST_NOTE) % 12]! += BASS_WEIGHT * sum;
        break;
      }
    for (let i = 0; i < 12; i++) chroma[i]! += frameChroma[i]! / sum;
  }
  let total = 0;
  for (let i = 0; i < 12; i++) total += chroma[i]!;
  if (total > 0) for (let i = 0; i < 12; i++) chroma[i]! /= total;
  return { chroma, flatness: flatnessOf(mean, lo, hi), tuningCents };
}

/** Magnitude-weighted circular mean of the peaks' cents from A440. */
function tuningOf(mean: Float64Array, lo: number, hi: number, rate: number): number {
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
  return sin === 0 && cos === 0 ? 0 : (100 / (2 * Math.PI)) * Math.atan2(sin, cos);
}

function flatnessOf(mean: Float64Array, lo: number, hi: number): number {
  let logSum = 0;
  let sum = 0;
  for (let k = lo; k <= hi; k++) {
    const power = mean[k]! * mean[k]!;
    logSum += Math.log(power + 1e-20);
    sum += power;
  }
  const count = hi - lo + 1;
  return sum > 0 ? Math.exp(logSum / count) / (sum / count) : 1;
}
