import type { Spectrum } from './spectrum';

/**
 * Per-frame spectral figures for the timbre vector (research-15 §4.1): 2048-point frames at hop
 * 1024 (hop 512 cost twice as much for the same precision@5 on bench:analysis-similarity); mel energies (40 HTK triangles, 20 Hz to 16 kHz, on the power spectrum), centroid, rolloff,
 * energy above 5 kHz, zero crossings, the strongest peaks' share and chroma, all in one pass over
 * the bins. Shape figures stop at 20 kHz so a 48 kHz file reads like its 44.1 kHz copy.
 */

const FRAME = 2048;
const HOP = 1024;
const MEL_BANDS = 40;
const MEL_LOW_HZ = 20;
const MEL_HIGH_HZ = 16_000;
const SHAPE_HIGH_HZ = 20_000;
const HIGH_HZ = 5000;
const CHROMA_LOW_HZ = 55;
const CHROMA_HIGH_HZ = 2093;
const PEAKS = 8;
const MFCC = 13;
/** Long files are read as RUNS runs of RUN consecutive frames spread over the file. */
const RUN = 16;
const RUNS = 24;

export interface FrameTables {
  binHz: number;
  /** Last bin of the shape figures, first bin above 5 kHz. */
  bandEnd: number;
  highBin: number;
  /** Per bin up to melEnd: the mel segment it falls in and its place in it (0..1). */
  melSegment: Int16Array;
  melEnd: number;
  melWeight: Float64Array;
  /** Orthonormal DCT-II rows for c1..c13 over the mel bands. */
  dct: Float64Array;
  chromaFrom: number;
  chromaTo: number;
  /** Per bin in the chroma range: pitch class and cos² weight. */
  chromaClass: Int8Array;
  chromaWeight: Float64Array;
}

export function frameTables(spectrum: Spectrum, sampleRate: number): FrameTables {
  const bins = spectrum.size / 2;
  const binHz = spectrum.binHz(1, sampleRate);
  const bandEnd = Math.min(bins, Math.floor(SHAPE_HIGH_HZ / binHz));
  const mel = (f: number) => 2595 * Math.log10(1 + f / 700);
  const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const top = Math.min(sampleRate / 2, MEL_HIGH_HZ);
  const points = Array.from({ length: MEL_BANDS + 2 }, (_, i) =>
    hz(mel(MEL_LOW_HZ) + ((mel(top) - mel(MEL_LOW_HZ)) * i) / (MEL_BANDS + 1)),
  );
  // Bins under 20 Hz stay in segment 0 with weight 0: they add nothing.
  const melSegment = new Int16Array(bins + 1);
  const melWeight = new Float64Array(bins + 1);
  const melEnd = Math.min(bins, Math.ceil(points[MEL_BANDS + 1]! / binHz) - 1);
  for (let k = 1; k <= melEnd; k++) {
    const f = k * binHz;
    for (let i = 0; i <= MEL_BANDS; i++) {
      if (f >= points[i]! && f < points[i + 1]!) {
        melSegment[k] = i;
        melWeight[k] = (f - points[i]!) / (points[i + 1]! - points[i]!);
        break;
      }
    }
  }
  const dct = new Float64Array(MFCC * MEL_BANDS);
  for (let k = 1; k <= MFCC; k++) {
    for (let n = 0; n < MEL_BANDS; n++) {
      dct[(k - 1) * MEL_BANDS + n] =
        Math.sqrt(2 / MEL_BANDS) * Math.cos((Math.PI * k * (n + 0.5)) / MEL_BANDS);
    }
  }
  const chromaFrom = Math.ceil(CHROMA_LOW_HZ / binHz);
  const chromaTo = Math.min(bins, Math.floor(CHROMA_HIGH_HZ / binHz));
  const chromaClass = new Int8Array(bins + 1);
  const chromaWeight = new Float64Array(bins + 1);
  for (let k = chromaFrom; k <= chromaTo; k++) {
    const m = 69 + 12 * Math.log2((k * binHz) / 440);
    const note = Math.round(m);
    chromaClass[k] = ((note % 12) + 12) % 12;
    chromaWeight[k] = Math.cos(Math.PI * Math.abs(m - note)) ** 2;
  }
  return {
    binHz,
    bandEnd,
    highBin: Math.ceil(HIGH_HZ / binHz),
    melSegment,
    melWeight,
    melEnd,
    dct,
    chromaFrom,
    chromaTo,
    chromaClass,
    chromaWeight,
  };
}

export interface FramePositions {
  /** First sample of each frame (may be negative: the first frame is centred on sample 0). */
  starts: Int32Array;
  /** Which run of consecutive frames each belongs to (Δ and flux stay inside a run). */
  run: Int32Array;
}

/**
 * Frames centred every HOP samples over [from, to) (the sound, without the silence around it):
 * all of them for a short sound, RUNS runs of RUN spread evenly over a long one.
 */
export function framePositions(from: number, to: number): FramePositions {
  const all = Math.max(1, Math.ceil((to - from) / HOP));
  const at = (i: number) => from + i * HOP - FRAME / 2;
  if (all <= RUN * RUNS) {
    return { starts: Int32Array.from({ length: all }, (_, i) => at(i)), run: new Int32Array(all) };
  }
  const starts = new Int32Array(RUN * RUNS);
  const run = new Int32Array(RUN * RUNS);
  for (let r = 0; r < RUNS; r++) {
    const first = Math.floor(((all - RUN) * r) / (RUNS - 1));
    for (let i = 0; i < RUN; i++) {
      starts[r * RUN + i] = at(first + i);
      run[r * RUN + i] = r;
    }
  }
  return { starts, run };
}

export interface SpectralFrames {
  run: Int32Array;
  /** Power up to 20 kHz, and above 5 kHz. */
  energy: Float64Array;
  high: Float64Array;
  /** Σ|X| up to 20 kHz (weights the file's centroid). */
  magnitude: Float64Array;
  centroidHz: Float64Array;
  rolloffHz: Float64Array;
  crossingsPerSec: Float64Array;
  /** Share of the power in the PEAKS strongest peaks (each with its two neighbours). */
  tonalness: Float64Array;
  /** MEL_BANDS power sums per frame. */
  mel: Float64Array;
  /** ln(geometric / arithmetic mean) of the mel energies. */
  melFlatness: Float64Array;
  /** Mean rise of the log mel energies from the previous frame. */
  melFlux: Float64Array;
  /** 12 pitch-class magnitude sums per frame. */
  chroma: Float64Array;
}

export function spectralFrames(
  spectrum: Spectrum,
  t: FrameTables,
  mono: Float32Array,
  { starts, run }: FramePositions,
): SpectralFrames {
  const n = starts.length;
  const out: SpectralFrames = {
    run,
    energy: new Float64Array(n),
    high: new Float64Array(n),
    magnitude: new Float64Array(n),
    centroidHz: new Float64Array(n),
    rolloffHz: new Float64Array(n),
    crossingsPerSec: new Float64Array(n),
    tonalness: new Float64Array(n),
    mel: new Float64Array(n * MEL_BANDS),
    melFlatness: new Float64Array(n),
    melFlux: new Float64Array(n),
    chroma: new Float64Array(n * 12),
  };
  const peaks = new Float64Array(PEAKS);
  const power = new Float64Array(t.bandEnd + 1);
  const { bandEnd, highBin, melSegment, melWeight, melEnd } = t;
  const mel = out.mel;
  for (let f = 0; f < n; f++) {
    const m = spectrum.of(mono, starts[f]!);
    const melAt = f * MEL_BANDS;
    let total = 0;
    let sum = 0;
    let weighted = 0;
    for (let k = 1; k <= bandEnd; k++) {
      const a = m[k]!;
      const p = a * a;
      power[k] = p;
      total += p;
      sum += a;
      weighted += a * k;
    }
    let high = 0;
    for (let k = highBin; k <= bandEnd; k++) high += power[k]!;
    for (let k = 1; k <= melEnd; k++) {
      // Bin k rises into band `segment` and falls out of the band below it.
      const segment = melSegment[k]!;
      const w = melWeight[k]! * power[k]!;
      if (segment < MEL_BANDS) mel[melAt + segment]! += w;
      if (segment > 0) mel[melAt + segment - 1]! += power[k]! - w;
    }
    peaks.fill(0);
    let weakest = 0;
    for (let k = 2; k < bandEnd; k++) {
      const p = power[k]!;
      if (p > power[k - 1]! && p >= power[k + 1]!) {
        const peak = power[k - 1]! + p + power[k + 1]!;
        if (peak > peaks[weakest]!) {
          peaks[weakest] = peak;
          for (let i = 0; i < PEAKS; i++) if (peaks[i]! < peaks[weakest]!) weakest = i;
        }
      }
    }
    out.energy[f] = total;
    out.high[f] = high;
    out.magnitude[f] = sum;
    if (!(total > 0)) continue;
    out.centroidHz[f] = (weighted / sum) * t.binHz;
    let cumulative = 0;
    let k = 1;
    while (k < t.bandEnd && (cumulative += power[k]!) < 0.85 * total) k++;
    out.rolloffHz[f] = k * t.binHz;
    let strongest = 0;
    for (const peak of peaks) strongest += peak;
    out.tonalness[f] = Math.min(1, strongest / total);
    for (let k = t.chromaFrom; k <= t.chromaTo; k++) {
      out.chroma[f * 12 + t.chromaClass[k]!]! += t.chromaWeight[k]! * m[k]!;
    }
    out.crossingsPerSec[f] =
      crossings(mono, starts[f]! + FRAME / 2 - HOP / 2) / (HOP / (t.binHz * FRAME));
  }
  melShape(out, n);
  return out;
}

/** Sign changes among HOP samples from `from` (clamped to the signal). */
function crossings(mono: Float32Array, from: number): number {
  const start = Math.max(1, from);
  const end = Math.min(mono.length, from + HOP);
  let count = 0;
  for (let i = start; i < end; i++) if (mono[i - 1]! < 0 !== mono[i]! < 0) count++;
  return count;
}

/** Mel flatness and flux, on log energies floored relative to the loudest band of the file. */
function melShape(out: SpectralFrames, n: number): void {
  let top = 0;
  for (const e of out.mel) top = Math.max(top, e);
  const floor = top * 1e-10 + 1e-30;
  const previous = new Float64Array(MEL_BANDS);
  for (let f = 0; f < n; f++) {
    let logSum = 0;
    let sum = 0;
    let rise = 0;
    for (let b = 0; b < MEL_BANDS; b++) {
      const e = out.mel[f * MEL_BANDS + b]! + floor;
      const log = Math.log(e);
      logSum += log;
      sum += e;
      if (f > 0 && log > previous[b]!) rise += log - previous[b]!;
      previous[b] = log;
    }
    out.melFlatness[f] = logSum / MEL_BANDS - Math.log(sum / MEL_BANDS);
    out.melFlux[f] = rise / MEL_BANDS;
  }
}
