/** The WebAssembly SIMD kernel of the true-peak interpolator (true-peak.ts). */

import { leb128, oneFunctionModule } from '../platform/wasm-module';

/** Taps per phase, and the interpolating phases (1..3; phase 0 is the sample itself). */
export const TAPS = 12;
export const PHASES = 3;
/** Byte layout of the kernel's memory: the coefficient vectors, the running max, the samples. */
export const COEFFICIENT_AT = (phase: number, tap: number): number =>
  16 * (TAPS * (phase - 1) + tap);
export const MAX_AT = 16 * TAPS * PHASES;
export const SAMPLES_AT = 1024;

/**
 * The FIR max-abs kernel, hand-assembled (platform/wasm-module.ts wraps the body). Four consecutive
 * outputs are the four lanes: for each phase p, y_p[n..n+3] = Σ_k splat(h_p[k]) · x[n-k..n-k+3],
 * so each input vector is loaded once for the three phases (12 loads, 36 multiply-adds per four
 * outputs). The coefficient vectors sit at COEFFICIENT_AT(p, k), already splatted.
 *
 *   (module
 *     (import "env" "memory" (memory 1))
 *     (func (export "truepeak") (param $at i32) (param $end i32)   ;; $at: byte address of x[n-11]
 *       (local $x v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $max v128)
 *       (local.set $max (v128.load offset=MAX_AT (i32.const 0)))
 *       (block (br_if 0 (i32.ge_u (local.get $at) (local.get $end)))
 *         (loop
 *           ;; m = 0..11, k = 11 - m; for m = 0 the sums start from the product alone
 *           (local.set $x (v128.load offset=4m (local.get $at)))
 *           (local.set $ap (f32x4.add (local.get $ap)
 *             (f32x4.mul (local.get $x) (v128.load offset=COEFFICIENT_AT(p, k) (i32.const 0)))))
 *           (local.set $max (f32x4.max (local.get $max) (f32x4.abs (local.get $ap))))   ;; p = 1..3
 *           (local.set $at (i32.add (local.get $at) (i32.const 16)))
 *           (br_if 0 (i32.lt_u (local.get $at) (local.get $end)))))
 *       (v128.store offset=MAX_AT (i32.const 0) (local.get $max))))
 *
 * SIMD opcodes (0xfd prefix, then LEB128): v128.load 0x00, v128.store 0x0b, f32x4.abs 0xe0,
 * f32x4.add 0xe4, f32x4.mul 0xe6, f32x4.max 0xe9 (the WebAssembly SIMD spec's binary table).
 */
export function truePeakModule(): Uint8Array {
  const [GET, SET, V128] = [0x20, 0x21, 0xfd];
  const [X, MAX] = [2, 6];
  const acc = (p: number) => 2 + p; // $a1..$a3: locals 3..5
  const load = (align: number, offset: number) => [V128, 0x00, align, ...leb128(offset)];
  const MUL = [V128, 0xe6, 0x01];
  const ADD = [V128, 0xe4, 0x01];
  const phases = [1, 2, 3];
  const tapsOf = (m: number) =>
    phases.flatMap((p) => {
      const product = [GET, X, 0x41, 0, ...load(4, COEFFICIENT_AT(p, TAPS - 1 - m)), ...MUL];
      return m === 0 ? [...product, SET, acc(p)] : [GET, acc(p), ...product, ...ADD, SET, acc(p)];
    });
  const body = [
    ...[1, 5, 0x7b], // five v128 locals: $x, $a1, $a2, $a3, $max
    ...[0x41, 0, ...load(4, MAX_AT), SET, MAX],
    ...[0x02, 0x40, GET, 0, GET, 1, 0x4f, 0x0d, 0], // block; br_if 0 (at >= end)
    ...[0x03, 0x40], // loop
    ...Array.from({ length: TAPS }, (_, m) => [
      GET,
      0,
      ...load(0, 4 * m),
      SET,
      X,
      ...tapsOf(m),
    ]).flat(),
    ...phases.flatMap((p) => [GET, MAX, GET, acc(p), V128, 0xe0, 0x01, V128, 0xe9, 0x01, SET, MAX]),
    ...[GET, 0, 0x41, 16, 0x6a, SET, 0], // at += 16
    ...[GET, 0, GET, 1, 0x49, 0x0d, 0], // br_if 0 (at < end)
    ...[0x0b, 0x0b], // end loop, end block
    ...[0x41, 0, GET, MAX, V128, 0x0b, 4, ...leb128(MAX_AT)], // v128.store offset=MAX_AT
    0x0b,
  ];
  return oneFunctionModule('truepeak', 2, body);
}
