import {
  leb128,
  oneFunctionModule,
  sleb128,
  webAssembly,
  type WasmMemory,
} from '../platform/wasm-module';

/**
 * The WebAssembly SIMD kernel of the similarity scan (research-15 §4.4): dot products of one
 * query with many rows, four float lanes at a time. Hand-assembled like minmax-kernel.ts
 * (platform/wasm-module.ts wraps the body):
 *
 *   (module
 *     (import "env" "memory" (memory 1))
 *     (func (export "dots") (param $q i32) (param $x i32) (param $n i32) (param $out i32)
 *       (local $q0 v128) ... (local $q{L-1} v128) (local $a v128) (local $b v128)
 *       ;; $q0.. = v128.load offset=16k ($q): the query, loaded once
 *       (block (br_if 0 (i32.eqz (local.get $n)))
 *         (loop
 *           ;; a = Σ even k of f32x4.mul($qk, v128.load offset=16k ($x)); b likewise for odd k
 *           (f32.store (local.get $out) (lanes of a + b, summed))
 *           (local.set $x (i32.add (local.get $x) (i32.const rowBytes)))
 *           (local.set $out (i32.add (local.get $out) (i32.const 4)))
 *           (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
 *
 * `lanes` is the dot length / 4 (unrolled: each row is straight-line code), `rowBytes` the row
 * stride. Results are Float32 sums: about 1e-7 relative error against the JS loop in Float64.
 */
export function dotsModule(lanes: number, rowBytes: number): Uint8Array {
  const [GET, SET, TEE, V128] = [0x20, 0x21, 0x22, 0xfd];
  const [Q, X, N, OUT] = [0, 1, 2, 3];
  const A = 4 + lanes;
  const B = A + 1;
  const load = (offset: number) => [V128, 0x00, 0, ...leb128(offset)]; // v128.load align=1
  const mul = [V128, 0xe6, 0x01]; // f32x4.mul
  const add = [V128, 0xe4, 0x01]; // f32x4.add
  const lane = (i: number) => [V128, 0x1f, i]; // f32x4.extract_lane
  const body: number[] = [1, ...leb128(lanes + 2), 0x7b]; // lanes + 2 v128 locals
  for (let k = 0; k < lanes; k++) body.push(GET, Q, ...load(16 * k), SET, 4 + k);
  body.push(...[0x02, 0x40, GET, N, 0x45, 0x0d, 0]); // block; br_if 0 (n == 0)
  body.push(0x03, 0x40); // loop
  for (let k = 0; k < lanes; k++) {
    const acc = k % 2 ? B : A;
    body.push(GET, 4 + k, GET, X, ...load(16 * k), ...mul);
    if (k < 2) body.push(SET, acc);
    else body.push(GET, acc, ...add, SET, acc);
  }
  if (lanes < 2) body.push(...[V128, 0x0c, ...new Array<number>(16).fill(0), SET, B]); // b = 0
  body.push(GET, A, GET, B, ...add, SET, A); // a += b
  body.push(GET, OUT); // address for the store
  body.push(GET, A, ...lane(0), GET, A, ...lane(1), 0x92); // f32.add
  body.push(GET, A, ...lane(2), GET, A, ...lane(3), 0x92, 0x92);
  body.push(0x38, 2, 0); // f32.store align=4
  body.push(GET, X, 0x41, ...sleb128(rowBytes), 0x6a, SET, X); // x += rowBytes
  body.push(GET, OUT, 0x41, 4, 0x6a, SET, OUT); // out += 4
  body.push(GET, N, 0x41, 1, 0x6b, TEE, N, 0x0d, 0); // br_if 0 (n -= 1)
  body.push(0x0b, 0x0b, 0x0b); // end loop, end block, end function
  return oneFunctionModule('dots', 4, body);
}

/** dots(q, x, n, out) over `memory`, or null where WebAssembly SIMD is not available. */
export function dotsKernel(
  lanes: number,
  rowBytes: number,
): { memory: WasmMemory; dots: (q: number, x: number, n: number, out: number) => void } | null {
  const wasm = webAssembly();
  const bytes = dotsModule(lanes, rowBytes);
  // SIMD needs SSE4.1 on x86 (or NEON): validate() is false on CPUs without it.
  if (!wasm?.validate(bytes)) return null;
  const memory = new wasm.Memory({ initial: 1 });
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  return {
    memory,
    dots: instance.exports.dots as (q: number, x: number, n: number, out: number) => void,
  };
}
