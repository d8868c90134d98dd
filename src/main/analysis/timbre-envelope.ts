/**
 * The amplitude envelope of a sound and its shape (research-15 §4.1, envelope aspect). Every
 * figure is relative to the envelope's own peak, so the sound's level does not move it.
 */

/** RMS over blocks of this length: fine enough for drum attacks, cheap over 5 minutes. */
const BLOCK_SEC = 0.005;

export interface Envelope {
  /** RMS of each block of `blockSec`. */
  rms: Float32Array;
  blockSec: number;
  /** The loudest block. */
  peakBlock: number;
  /** Largest |sample|. */
  samplePeak: number;
}

export function rmsEnvelope(mono: Float32Array, sampleRate: number): Envelope {
  const block = Math.max(1, Math.round(sampleRate * BLOCK_SEC));
  const rms = new Float32Array(Math.ceil(mono.length / block));
  let samplePeak = 0;
  let peakBlock = 0;
  for (let b = 0; b < rms.length; b++) {
    const end = Math.min(mono.length, (b + 1) * block);
    let sum = 0;
    for (let i = b * block; i < end; i++) {
      const x = mono[i]!;
      sum += x * x;
      if (x > samplePeak) samplePeak = x;
      else if (-x > samplePeak) samplePeak = -x;
    }
    rms[b] = Math.sqrt(sum / block);
    if (rms[b]! > rms[peakBlock]!) peakBlock = b;
  }
  return { rms, blockSec: block / sampleRate, peakBlock, samplePeak };
}

export interface EnvelopeShape {
  /** 10 % → 90 % of the peak, seconds. */
  attackSec: number;
  /** Peak → 20 dB below it, seconds (to the end when it never falls that far). */
  decaySec: number;
  /** From the first to the last block within 40 dB of the peak, seconds. */
  effectiveSec: number;
  /** Where the energy sits in that span, 0 (front) .. 1 (end). */
  centroid: number;
  /** Sample peak over the span's RMS, dB. */
  crestDb: number;
  /** Level slope over the span's second half, dB/s (negative: dying away). */
  tailSlopeDbPerSec: number;
  /** The span, in blocks, for measures that look only where the sound is. */
  firstBlock: number;
  lastBlock: number;
}

export function envelopeShape({
  rms,
  blockSec,
  peakBlock,
  samplePeak,
}: Envelope): EnvelopeShape | null {
  const peak = rms[peakBlock] ?? 0;
  if (!(peak > 0)) return null;
  const floor = peak * 0.01;
  const [first, last] = blocksAbove(rms, peakBlock, 0.01);

  const t10 = risingCrossing(rms, first, peakBlock, peak * 0.1);
  const t90 = risingCrossing(rms, first, peakBlock, peak * 0.9);
  let decayEnd = last + 1;
  for (let b = peakBlock + 1; b <= last + 1 && b < rms.length; b++) {
    if (rms[b]! < peak * 0.1) {
      decayEnd = crossing(rms, b, peak * 0.1);
      break;
    }
  }

  let weighted = 0;
  let sum = 0;
  let squares = 0;
  for (let b = first; b <= last; b++) {
    const e = rms[b]!;
    weighted += (b - first + 0.5) * e;
    sum += e;
    squares += e * e;
  }
  const span = last - first + 1;
  const spanRms = Math.sqrt(squares / span);
  return {
    attackSec: Math.max(0, t90 - t10) * blockSec,
    decaySec: Math.max(0, decayEnd - peakBlock) * blockSec,
    effectiveSec: span * blockSec,
    centroid: weighted / sum / span,
    crestDb: 20 * Math.log10(Math.max(samplePeak, spanRms) / spanRms),
    tailSlopeDbPerSec: slopeDb(rms, first + Math.floor(span / 2), last, floor) / blockSec,
    firstBlock: first,
    lastBlock: last,
  };
}

/** The first and last block at or above `share` of the peak block's RMS. */
export function blocksAbove(rms: Float32Array, peakBlock: number, share: number): [number, number] {
  const floor = rms[peakBlock]! * share;
  let first = 0;
  while (first < peakBlock && rms[first]! < floor) first++;
  let last = rms.length - 1;
  while (last > peakBlock && rms[last]! < floor) last--;
  return [first, last];
}

/** The first time (in blocks, interpolated) the envelope reaches `level` from `from` on. */
function risingCrossing(rms: Float32Array, from: number, to: number, level: number): number {
  for (let b = from; b <= to; b++)
    if (rms[b]! >= level) return b === from ? b : crossing(rms, b, level);
  return to;
}

/** Where the line between blocks b-1 and b passes `level`. */
function crossing(rms: Float32Array, b: number, level: number): number {
  const before = rms[b - 1]!;
  const at = rms[b]!;
  return at === before ? b : b - 1 + (level - before) / (at - before);
}

/** Least-squares slope of the level in dB per block over [from, to]. */
function slopeDb(rms: Float32Array, from: number, to: number, floor: number): number {
  const n = to - from + 1;
  if (n < 2) return 0;
  const meanT = (from + to) / 2;
  let meanDb = 0;
  for (let b = from; b <= to; b++) meanDb += 20 * Math.log10(Math.max(rms[b]!, floor * 0.1));
  meanDb /= n;
  let num = 0;
  let den = 0;
  for (let b = from; b <= to; b++) {
    const dt = b - meanT;
    num += dt * (20 * Math.log10(Math.max(rms[b]!, floor * 0.1)) - meanDb);
    den += dt * dt;
  }
  return num / den;
}
