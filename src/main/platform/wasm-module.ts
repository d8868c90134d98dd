/**
 * The bytes of a one-function WebAssembly module, for the hand-assembled SIMD kernels
 * (workers/minmax-kernel.ts, analysis/true-peak-kernel.ts, analysis/dots-kernel.ts), so no
 * WebAssembly toolchain is needed. Here in platform/ because both workers/ and analysis/ use it.
 *
 *   (module
 *     (import "env" "memory" (memory 1))
 *     (func (export name) (param i32 × params) body))
 */
export function oneFunctionModule(
  name: string,
  params: number,
  body: readonly number[],
): Uint8Array {
  const text = (s: string) => [s.length, ...Buffer.from(s, 'latin1')];
  const section = (id: number, content: number[]) => [id, ...leb128(content.length), ...content];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0], // "\0asm", version 1
    ...section(1, [1, 0x60, params, ...new Array<number>(params).fill(0x7f), 0]), // type 0: (i32 × params) -> ()
    ...section(2, [1, ...text('env'), ...text('memory'), 0x02, 0, 1]), // memory, min 1 page
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, ...text(name), 0x00, 0]), // export function 0
    ...section(10, [1, ...leb128(body.length), ...body]),
  ]);
}

/** An unsigned LEB128 number, as WebAssembly writes sizes and offsets. */
export function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return out;
}

/** A signed LEB128 number, as i32.const takes it. */
export function sleb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (low & 0x40) === 0) || (n === -1 && (low & 0x40) !== 0);
    out.push(done ? low : low | 0x80);
    if (done) return out;
  }
}

/** The WebAssembly API, declared here: the main process's TypeScript config has no DOM lib. */
export interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** This thread's WebAssembly, or undefined where there is none. */
export function webAssembly(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
}
