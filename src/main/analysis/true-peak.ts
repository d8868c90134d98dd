/**
 * True peak (BS.1770-4 Annex 2): the largest |sample| of the signal 4x oversampled, as a linear
 * float (above 1 for inter-sample overs). The interpolator is libebur128's (MIT): a 49-tap
 * Hann-windowed sinc split into four 12-tap phases; phase 0 is the sample itself, so the result
 * is max(interpolated, sample peak). libebur128 oversamples 2x from 96 kHz; here 4x is kept up to
 * 192 kHz (no fewer points, same cost), and none from 192 kHz, where samples are close enough.
 *
 * The FIR runs in WebAssembly SIMD (true-peak-kernel.ts; four phases in one f32x4): plain
 * JavaScript needs ~2 ms per channel-second, too slow for a 5-minute file. Where SIMD is
 * unavailable, truePeakJs does the same in JavaScript. The signal is treated as silent before its
 * first and after its last sample, so the filter's tail (the last 11 outputs) is counted.
 */

import { webAssembly } from '../platform/wasm-module';
import {
  COEFFICIENT_AT,
  MAX_AT,
  PHASES,
  SAMPLES_AT,
  TAPS,
  truePeakModule,
} from './true-peak-kernel';

const FACTOR = 4;
const HALF = 24; // (49 - 1) / 2

/** Tap k of phase p (k = 0..11, p = 0..3): coefficient j = 4k + p of the windowed sinc. */
export const TRUE_PEAK_TAPS: Float64Array[] = Array.from({ length: FACTOR }, (_, p) =>
  Float64Array.from({ length: TAPS }, (_, k) => {
    const j = FACTOR * k + p;
    const m = (j - HALF) / FACTOR;
    const sinc = m === 0 ? 1 : Math.sin(Math.PI * m) / (Math.PI * m);
    const c = sinc * 0.5 * (1 - Math.cos((2 * Math.PI * j) / (2 * HALF)));
    return Math.abs(c) < 1e-6 ? 0 : c; // the zeros of the sinc, exactly zero
  }),
);

/**
 * Largest |interpolated point| between the samples of the planes (phases 1-3; phase 0 is the
 * samples themselves, which the sample peak covers).
 */
export function truePeakJs(planes: Float32Array[]): number {
  const [, h1, h2, h3] = TRUE_PEAK_TAPS as [Float64Array, Float64Array, Float64Array, Float64Array];
  const taps = TAPS; // a local: an imported binding is a property load in the loop
  let max = 0;
  for (const plane of planes) {
    // Zeros before and after, so output n reads x[n-11..n] with no bounds tests.
    const x = new Float32Array(plane.length + 2 * (taps - 1));
    x.set(plane, taps - 1);
    for (let n = 0; n + taps <= x.length; n++) {
      let y1 = 0;
      let y2 = 0;
      let y3 = 0;
      for (let k = 0; k < taps; k++) {
        const v = x[n + taps - 1 - k]!;
        y1 += h1[k]! * v;
        y2 += h2[k]! * v;
        y3 += h3[k]! * v;
      }
      const a = Math.max(Math.abs(y1), Math.abs(y2), Math.abs(y3));
      if (a > max) max = a;
    }
  }
  return max;
}

/** Outputs per kernel call at most: the scratch holds CHUNK + 11 samples and a step's spare 3. */
const CHUNK = 1 << 13;

interface Kernel {
  run: (at: number, end: number) => void;
  floats: Float32Array;
}

/** Per thread, created on first use; null where WebAssembly SIMD is unavailable. */
let kernel: Kernel | null | undefined;

function simdKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const wasm = webAssembly();
  const bytes = truePeakModule();
  // SIMD needs SSE4.1 on x86 (or NEON): validate() is false on CPUs without it.
  if (!wasm || !wasm.validate(bytes)) return (kernel = null);
  const memory = new wasm.Memory({
    initial: Math.ceil((SAMPLES_AT + 4 * (CHUNK + TAPS + 4)) / 65536),
  });
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  const floats = new Float32Array(memory.buffer);
  for (let p = 1; p <= PHASES; p++) {
    TRUE_PEAK_TAPS[p]!.forEach((c, k) =>
      floats.fill(c, COEFFICIENT_AT(p, k) / 4, COEFFICIENT_AT(p, k) / 4 + 4),
    );
  }
  return (kernel = { run: instance.exports.truepeak as Kernel['run'], floats });
}

/** Whether this thread interpolates with WebAssembly SIMD (false: the JavaScript loop). */
export const truePeakUsesSimd = (): boolean => simdKernel() !== null;

/**
 * No interpolated point exceeds the largest |sample| under the filter by more than this: the
 * largest sum of |taps| of a phase (1.864, phase 2). It lets whole blocks be skipped exactly.
 */
const GROWTH = Math.max(
  ...TRUE_PEAK_TAPS.slice(1).map((phase) => phase.reduce((sum, c) => sum + Math.abs(c), 0)),
);
/** Outputs per block: the unit of skipping. */
const BLOCK = 4096;

/**
 * max(floor, truePeakJs's result), by the SIMD kernel where it runs. Blocks whose samples (with
 * the 11 before) are too quiet to interpolate above `floor` or above what was already found are
 * skipped, loudest first: with the sample peak as the floor most of a dynamic file is never
 * filtered, and the result is still exact.
 */
export function interpolatedPeak(planes: Float32Array[], simd = true, floor = 0): number {
  const k = simd ? simdKernel() : null;
  if (!k) return Math.max(floor, truePeakJs(planes));
  const blocks: { x: Float32Array; start: number; bound: number }[] = [];
  for (const x of planes) {
    // Output n reads x[n-11..n]; outputs run over 0..length+10 (zeros outside the signal),
    // the last block taking the filter's tail.
    let before = 0;
    for (let start = 0; start < x.length; start += BLOCK) {
      let max = 0;
      for (let i = start, end = Math.min(x.length, start + BLOCK); i < end; i++) {
        const a = Math.abs(x[i]!);
        if (a > max) max = a;
      }
      blocks.push({ x, start, bound: GROWTH * Math.max(before, max) });
      before = max;
    }
  }
  blocks.sort((a, b) => b.bound - a.bound);
  let best = floor;
  for (const { x, start, bound } of blocks) {
    if (bound <= best) break;
    const end = start + BLOCK >= x.length ? x.length + TAPS - 1 : start + BLOCK;
    best = Math.max(best, kernelPeak(k, x, start, end));
  }
  return best;
}

/** The kernel's largest |interpolated point| over outputs start..end-1 of x (end - start <= CHUNK). */
function kernelPeak({ run, floats }: Kernel, x: Float32Array, start: number, end: number): number {
  const base = SAMPLES_AT / 4;
  const m = MAX_AT / 4;
  floats.fill(0, m, m + 4);
  // Four outputs a step: a last step past the end reads zeros, as silence after the file.
  const count = (end - start + 3) & ~3;
  // Scratch float q holds x[start + q - 11] for q in 0..count+10.
  const from = start - (TAPS - 1);
  const lo = Math.max(0, from);
  const hi = Math.min(x.length, from + count + TAPS - 1);
  floats.fill(0, base, base + count + TAPS - 1);
  if (hi > lo) floats.set(x.subarray(lo, hi), base + (lo - from));
  run(SAMPLES_AT, SAMPLES_AT + 4 * count);
  return Math.max(floats[m]!, floats[m + 1]!, floats[m + 2]!, floats[m + 3]!);
}

/** True peak of the planes, linear: the sample peak or above; sample peak only from 192 kHz. */
export function truePeak(
  planes: Float32Array[],
  sampleRate: number,
  samplePeak: number,
  simd = true,
): number {
  if (sampleRate >= 192_000) return samplePeak;
  return interpolatedPeak(planes, simd, samplePeak);
}
