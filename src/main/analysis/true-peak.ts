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
  let max = 0;
  for (const plane of planes) {
    // Zeros before and after, so output n reads x[n-11..n] with no bounds tests.
    const x = new Float32Array(plane.length + 2 * (TAPS - 1));
    x.set(plane, TAPS - 1);
    for (let n = 0; n + TAPS <= x.length; n++) {
      let y1 = 0;
      let y2 = 0;
      let y3 = 0;
      for (let k = 0; k < TAPS; k++) {
        const v = x[n + TAPS - 1 - k]!;
        y1 += h1[k]! * v;
        y2 += h2[k]! * v;
        y3 += h3[k]! * v;
      }
      max = Math.max(max, Math.abs(y1), Math.abs(y2), Math.abs(y3));
    }
  }
  return max;
}

/** The WebAssembly API, declared here: the main process's TypeScript config has no DOM lib. */
interface Wasm {
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** Outputs per kernel call: the scratch holds CHUNK + 11 samples. */
const CHUNK = 1 << 16;

interface Kernel {
  run: (at: number, end: number) => void;
  floats: Float32Array;
}

/** Per thread, created on first use; null where WebAssembly SIMD is unavailable. */
let kernel: Kernel | null | undefined;

function simdKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
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

/** truePeakJs's result, by the SIMD kernel where it runs. */
export function interpolatedPeak(planes: Float32Array[], simd = true): number {
  const k = simd ? simdKernel() : null;
  if (!k) return truePeakJs(planes);
  const { run, floats } = k;
  const base = SAMPLES_AT / 4;
  floats.fill(0, MAX_AT / 4, MAX_AT / 4 + 4);
  for (const x of planes) {
    // Output n reads x[n-11..n]; n runs over 0..length+10 (zeros outside the signal).
    const outputs = x.length + TAPS - 1;
    for (let o = 0; o < outputs; o += CHUNK) {
      // Four outputs a step: a last step past the end reads zeros, as silence after the file.
      const count = Math.min(CHUNK, (outputs - o + 3) & ~3);
      // Scratch float q holds x[o + q - 11] for q in 0..count+10.
      const from = o - (TAPS - 1);
      const lo = Math.max(0, from);
      const hi = Math.min(x.length, from + count + TAPS - 1);
      floats.fill(0, base, base + count + TAPS - 1);
      if (hi > lo) floats.set(x.subarray(lo, hi), base + (lo - from));
      run(SAMPLES_AT, SAMPLES_AT + 4 * count);
    }
  }
  const m = MAX_AT / 4;
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
  return Math.max(samplePeak, interpolatedPeak(planes, simd));
}
