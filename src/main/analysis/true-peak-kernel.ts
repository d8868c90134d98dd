/** The WebAssembly SIMD kernel of the true-peak interpolator (true-peak.ts). */

/** Byte layout of the kernel's memory: TAPS coefficient vectors, the running max, then samples. */
export const TAPS = 12;
export const MAX_AT = TAPS * 16;
export const SAMPLES_AT = 256;

/**
 * The 4-phase FIR max-abs kernel, hand-assembled so no WebAssembly toolchain is needed. The four
 * phases are the four lanes: coefficient vector k (at byte 16k) holds tap k of every phase, so one
 * output frame is y = Σ_k C[k] · splat(x[n-k]) and the lanes are the four interpolated points.
 *
 *   (module
 *     (import "env" "memory" (memory 1))
 *     (func (export "truepeak") (param $at i32) (param $end i32)  ;; $at: byte address of x[n-11]
 *       (local $c0 v128) ... (local $c11 v128) (local $max v128)
 *       (local.set $ck (v128.load offset=16k (i32.const 0)))     ;; k = 0..11
 *       (local.set $max (v128.load offset=192 (i32.const 0)))
 *       (block (br_if 0 (i32.ge_u (local.get $at) (local.get $end)))
 *         (loop
 *           (f32x4.mul (v128.load32_splat offset=0 (local.get $at)) (local.get $c11))
 *           (f32x4.add (f32x4.mul (v128.load32_splat offset=4m (local.get $at)) (local.get $c(11-m))))
 *                                                                 ;; m = 1..11
 *           (local.set $max (f32x4.max (f32x4.abs) (local.get $max)))
 *           (local.set $at (i32.add (local.get $at) (i32.const 4)))
 *           (br_if 0 (i32.lt_u (local.get $at) (local.get $end)))))
 *       (v128.store offset=192 (i32.const 0) (local.get $max))))
 *
 * SIMD opcodes (0xfd prefix, LEB128): v128.load 0x00, v128.load32_splat 0x09, v128.store 0x0b,
 * f32x4.abs 0xe0, f32x4.add 0xe4, f32x4.mul 0xe6, f32x4.max 0xe9 (WebAssembly SIMD, final spec).
 */
export function truePeakModule(): Uint8Array {
  const name = (text: string) => [text.length, ...Buffer.from(text, 'latin1')];
  const section = (id: number, body: number[]) => [id, ...leb128(body.length), ...body];
  const [GET, SET, V128] = [0x20, 0x21, 0xfd];
  const coefficient = (k: number) => 2 + k; // locals 2..13
  const MAX = 2 + TAPS;
  const splat = (m: number) => [GET, 0, V128, 0x09, 2, ...leb128(4 * m)]; // align 4, offset 4m
  const MUL = [V128, 0xe6, 0x01];
  const ADD = [V128, 0xe4, 0x01];
  const body = [
    ...[1, TAPS + 1, 0x7b], // 13 v128 locals
    ...Array.from({ length: TAPS }, (_, k) => [
      0x41,
      0,
      V128,
      0x00,
      4,
      ...leb128(16 * k),
      SET,
      coefficient(k),
    ]).flat(),
    ...[0x41, 0, V128, 0x00, 4, ...leb128(MAX_AT), SET, MAX],
    ...[0x02, 0x40, GET, 0, GET, 1, 0x4f, 0x0d, 0], // block; br_if 0 (at >= end)
    ...[0x03, 0x40], // loop
    ...splat(0),
    ...[GET, coefficient(TAPS - 1), ...MUL],
    ...Array.from({ length: TAPS - 1 }, (_, i) => [
      ...splat(i + 1),
      GET,
      coefficient(TAPS - 2 - i),
      ...MUL,
      ...ADD,
    ]).flat(),
    ...[V128, 0xe0, 0x01, GET, MAX, V128, 0xe9, 0x01, SET, MAX], // max = f32x4.max(abs(y), max)
    ...[GET, 0, 0x41, 4, 0x6a, SET, 0], // at += 4
    ...[GET, 0, GET, 1, 0x49, 0x0d, 0], // br_if 0 (at < end)
    ...[0x0b, 0x0b], // end loop, end block
    ...[0x41, 0, GET, MAX, V128, 0x0b, 4, ...leb128(MAX_AT)], // v128.store offset=192 (0, max)
    0x0b,
  ];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0], // "\0asm", version 1
    ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 0]), // type 0: (i32, i32) -> ()
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0, 1]), // memory, min 1 page
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, ...name('truepeak'), 0x00, 0]), // export function 0
    ...section(10, [1, ...leb128(body.length), ...body]),
  ]);
}

/** An unsigned LEB128 number, as WebAssembly writes sizes. */
function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return out;
}
