/** The WebAssembly SIMD min/max kernel that folds waveform peaks (peaks.ts). */

import { oneFunctionModule } from '../platform/wasm-module';

/**
 * The min/max kernel, hand-assembled (platform/wasm-module.ts wraps the body; 166 bytes):
 *
 *   (module
 *     (import "env" "memory" (memory 1))
 *     (func (export "minmax") (param $at i32) (param $end i32)   ;; byte offsets, 16 apart
 *       (local $lo v128) (local $hi v128) (local $v v128)
 *       (local.set $lo (v128.const i16x8 32767 ...))
 *       (local.set $hi (v128.const i16x8 -32768 ...))
 *       (block (br_if 0 (i32.ge_u (local.get $at) (local.get $end)))
 *         (loop
 *           (local.set $v (v128.load align=1 (local.get $at)))
 *           (local.set $lo (i16x8.min_s (local.get $lo) (local.get $v)))
 *           (local.set $hi (i16x8.max_s (local.get $hi) (local.get $v)))
 *           (local.set $at (i32.add (local.get $at) (i32.const 16)))
 *           (br_if 0 (i32.lt_u (local.get $at) (local.get $end)))))
 *       (v128.store (i32.const 0) (local.get $lo))     ;; eight lane minima at byte 0
 *       (v128.store (i32.const 16) (local.get $hi))))  ;; eight lane maxima at byte 16
 */
export function minMaxModule(): Uint8Array {
  const lanes = (v: number) =>
    Array.from(new Uint8Array(Int16Array.from({ length: 8 }, () => v).buffer));
  const [GET, SET, V128] = [0x20, 0x21, 0xfd];
  const body = [
    ...[1, 3, 0x7b], // three v128 locals: 2 $lo, 3 $hi, 4 $v
    ...[V128, 0x0c, ...lanes(32767), SET, 2],
    ...[V128, 0x0c, ...lanes(-32768), SET, 3],
    ...[0x02, 0x40, GET, 0, GET, 1, 0x4f, 0x0d, 0], // block; br_if 0 (at >= end)
    ...[0x03, 0x40], // loop
    ...[GET, 0, V128, 0x00, 0, 0, SET, 4], // v = v128.load align=1 offset=0
    ...[GET, 2, GET, 4, V128, 0x96, 0x01, SET, 2], // lo = i16x8.min_s(lo, v)
    ...[GET, 3, GET, 4, V128, 0x98, 0x01, SET, 3], // hi = i16x8.max_s(hi, v)
    ...[GET, 0, 0x41, 16, 0x6a, SET, 0], // at += 16
    ...[GET, 0, GET, 1, 0x49, 0x0d, 0], // br_if 0 (at < end)
    ...[0x0b, 0x0b], // end loop, end block
    ...[0x41, 0, GET, 2, V128, 0x0b, 4, 0], // v128.store align=16 (0, lo)
    ...[0x41, 16, GET, 3, V128, 0x0b, 4, 0], // v128.store align=16 (16, hi)
    0x0b,
  ];
  return oneFunctionModule('minmax', 2, body);
}
