import type { AspectWeights } from '../../shared/contract';
import { VECTOR_LENGTH } from './analysis-record';
import type { WasmMemory } from '../platform/wasm-module';
import { dotsKernel } from './dots-kernel';
import type { SimilarityFinder } from './similarity';
import { ASPECT_RANGES } from './timbre';

const ASPECTS = ['timbre', 'pitch', 'envelope'] as const;
/** The dot products cover the aspects' dimensions, rounded up to the 8-wide unrolled step. */
const DOT_LENGTH = Math.ceil(Math.max(...ASPECTS.map((a) => ASPECT_RANGES[a][1])) / 8) * 8;
const [TIMBRE_FROM, TIMBRE_TO] = ASPECT_RANGES.timbre;
const [PITCH_FROM, PITCH_TO] = ASPECT_RANGES.pitch;
const [ENVELOPE_FROM, ENVELOPE_TO] = ASPECT_RANGES.envelope;
const ROW_BYTES = VECTOR_LENGTH * 4;
/** The kernel's memory: the query at 0, a block of results at OUT_AT, the rows from page 1 on. */
const OUT_AT = ROW_BYTES;
const BLOCK = 4096;
const MATRIX_AT = 65_536;
/** Below this the distance may be a rounding error of 0: the rows are then compared exactly. */
const SAME = 1e-5;
/** Statistics are redone when the library has grown or shrunk by more than this share. */
const RESTAT_SHARE = 0.1;
/** Rows summed or normalised per turn when the statistics are redone in the background. */
export const RESTAT_SLICE = 4096;

/** Runs work on a later turn of the event loop (tests run it by hand). */
export type Schedule = (run: () => void) => void;

/**
 * A redo of the statistics under way on main, a slice per turn: sums of (x − shift) and
 * (x − shift)² over rows [0, at), then, with the new statistics in place, rows rescaled from `at`.
 */
interface Restat {
  phase: 'sum' | 'scale';
  at: number;
  shift: Float64Array;
  sums: Float64Array;
  squares: Float64Array;
}

/**
 * The similarity vectors of the library by path, and the nearest ones to a file's
 * (research-15 §4.2). Raw vectors are kept; each dimension is normalised by its mean and standard
 * deviation over the library (recomputed as the library grows), and each aspect's block is divided
 * by √(its dimensions), so equal weights give the aspects an equal say. The squared distance
 * D = Σ_a w_a·‖x_a − y_a‖² comes from one pass of dot products for any weights:
 * D = Σ_a w_a·‖x_a‖² + Σ_a w_a·‖y_a‖² − 2·Σ_i w_a(i)·x_i·y_i, with each row's aspect norms kept.
 * The dot products run in a WebAssembly SIMD kernel (dots-kernel.ts) over rows kept in its
 * memory, or in an unrolled JS loop where SIMD is missing (or `simd: false`).
 *
 * Redoing the statistics over 100,000 rows takes main 100-450 ms here, so it is done in slices on
 * later turns as vectors arrive (`schedule`); a query finishes what is left of it first.
 */
export class SimilarityIndex implements SimilarityFinder {
  private readonly kernel: ReturnType<typeof dotsKernel>;
  private capacity = 0;
  private raw = new Float32Array(0);
  /** Normalised, block-scaled rows: what the distances are computed on. */
  private scaled: Float32Array = new Float32Array(0);
  /** Per row, ‖y_a‖² of the scaled vector for each aspect. */
  private norms = new Float64Array(0);
  private readonly paths: string[] = [];
  private readonly rows = new Map<string, number>();
  private readonly mean = new Float64Array(VECTOR_LENGTH);
  /** 1 / (σ·√d_a) per dimension; 0 outside the aspects. */
  private readonly factor = new Float64Array(VECTOR_LENGTH);
  /** How many rows the statistics were computed over (-1: never). */
  private statsCount = -1;
  private restat: Restat | null = null;
  private scheduled = false;
  private readonly schedule: Schedule;

  constructor({ simd = true, schedule }: { simd?: boolean; schedule?: Schedule } = {}) {
    this.kernel = simd ? dotsKernel(DOT_LENGTH / 4, ROW_BYTES) : null;
    this.schedule = schedule ?? ((run) => void setImmediate(run));
  }

  get size(): number {
    return this.paths.length;
  }

  set(path: string, vector: Float32Array): void {
    if (vector.length !== VECTOR_LENGTH) {
      throw new Error(
        `similarity vector of ${path}: ${vector.length} values, expected ${VECTOR_LENGTH}`,
      );
    }
    for (let i = 0; i < VECTOR_LENGTH; i++) {
      if (!Number.isFinite(vector[i])) {
        throw new Error(`similarity vector of ${path}: value ${i} is ${vector[i]}`);
      }
    }
    let row = this.rows.get(path);
    if (row === undefined) {
      row = this.paths.length;
      if (row === this.capacity) this.grow();
      this.paths.push(path);
      this.rows.set(path, row);
    }
    this.raw.set(vector, row * VECTOR_LENGTH);
    if (this.statsCount >= 0) this.scaleRow(row);
    this.prepareSoon();
  }

  delete(path: string): void {
    const row = this.rows.get(path);
    if (row === undefined) return;
    this.rows.delete(path);
    const last = this.paths.length - 1;
    const moved = this.paths.pop()!;
    if (row !== last) {
      // The last row fills the hole, so the rows stay one dense block for the scan.
      this.paths[row] = moved;
      this.rows.set(moved, row);
      this.raw.copyWithin(row * VECTOR_LENGTH, last * VECTOR_LENGTH, (last + 1) * VECTOR_LENGTH);
      this.scaled.copyWithin(row * VECTOR_LENGTH, last * VECTOR_LENGTH, (last + 1) * VECTOR_LENGTH);
      this.norms.copyWithin(row * 3, last * 3, last * 3 + 3);
      // A row from past a rescale's cursor would keep the old statistics behind it.
      if (this.restat?.phase === 'scale') this.scaleRow(row);
    }
    this.prepareSoon();
  }

  vectorOf(path: string): Float32Array | null {
    const row = this.rows.get(path);
    if (row === undefined) return null;
    return this.raw.slice(row * VECTOR_LENGTH, (row + 1) * VECTOR_LENGTH);
  }

  /** Whether the statistics are current and every row normalised by them. */
  get prepared(): boolean {
    return this.restat === null && !this.statsStale();
  }

  nearest(
    path: string,
    weights: AspectWeights,
    limit: number,
  ): { path: string; distance: number }[] {
    const query = this.rows.get(path);
    if (query === undefined || limit < 1) return [];
    this.prepare();
    const { scaled, norms } = this;
    const n = this.paths.length;
    const w = ASPECTS.map((a) => weights[a]);
    const [w0, w1, w2] = w as [number, number, number];
    const q = new Float64Array(DOT_LENGTH);
    let self = 0;
    ASPECTS.forEach((aspect, a) => {
      const [from, to] = ASPECT_RANGES[aspect];
      for (let i = from; i < to; i++) q[i] = w[a]! * scaled[query * VECTOR_LENGTH + i]!;
      self += w[a]! * norms[query * 3 + a]!;
    });
    const top = new TopK(Math.min(limit, n));
    const same = SAME * (self + 1);
    const consider = (r: number, product: number) => {
      if (r === query) return;
      const d =
        self + w0 * norms[r * 3]! + w1 * norms[r * 3 + 1]! + w2 * norms[r * 3 + 2]! - 2 * product;
      if (d >= top.worst) return;
      if (d <= same && this.identical(query, r)) return;
      top.add(d, r);
    };
    if (this.kernel) {
      const { memory, dots } = this.kernel;
      new Float32Array(memory.buffer, 0, VECTOR_LENGTH).set(q);
      const out = new Float32Array(memory.buffer, OUT_AT, BLOCK);
      for (let from = 0; from < n; from += BLOCK) {
        const count = Math.min(BLOCK, n - from);
        dots(0, MATRIX_AT + from * ROW_BYTES, count, OUT_AT);
        for (let i = 0, r = from; i < count; i++, r++) {
          // consider() written out: the kernel leaves this loop as the scan's main JS cost.
          const d =
            self +
            w0 * norms[r * 3]! +
            w1 * norms[r * 3 + 1]! +
            w2 * norms[r * 3 + 2]! -
            2 * out[i]!;
          if (d < top.worst && r !== query && !(d <= same && this.identical(query, r)))
            top.add(d, r);
        }
      }
    } else {
      for (let r = 0; r < n; r++) consider(r, dot(q, scaled, r * VECTOR_LENGTH));
    }
    return top
      .sorted()
      .map(([d, r]) => ({ path: this.paths[r]!, distance: Math.sqrt(Math.max(0, d)) }));
  }

  private identical(a: number, b: number): boolean {
    for (let i = 0; i < VECTOR_LENGTH; i++) {
      if (this.raw[a * VECTOR_LENGTH + i] !== this.raw[b * VECTOR_LENGTH + i]) return false;
    }
    return true;
  }

  private grow(): void {
    this.capacity = Math.max(1024, this.capacity * 2);
    const raw = new Float32Array(this.capacity * VECTOR_LENGTH);
    raw.set(this.raw);
    this.raw = raw;
    this.scaled = this.kernel
      ? grownView(this.kernel.memory, this.capacity)
      : grownCopy(this.scaled, this.capacity);
    const norms = new Float64Array(this.capacity * 3);
    norms.set(this.norms);
    this.norms = norms;
  }

  private statsStale(): boolean {
    const n = this.paths.length;
    return this.statsCount < 0 || Math.abs(n - this.statsCount) > RESTAT_SHARE * this.statsCount;
  }

  /** Statistics current and every row normalised, now: what a query needs. */
  private prepare(): void {
    while (!this.prepared) {
      this.restat ??= this.startRestat();
      this.step(Infinity);
    }
  }

  /** A slice of the redo on a later turn, while one is due. */
  private prepareSoon(): void {
    if (this.scheduled || this.prepared) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      if (this.prepared) return;
      this.restat ??= this.startRestat();
      this.step(RESTAT_SLICE);
      this.prepareSoon();
    });
  }

  private startRestat(): Restat {
    // Sums are taken about the old mean (or the first row), so the variance loses no digits.
    const shift =
      this.statsCount >= 0
        ? Float64Array.from(this.mean)
        : Float64Array.from(this.raw.subarray(0, VECTOR_LENGTH));
    return {
      phase: 'sum',
      at: 0,
      shift,
      sums: new Float64Array(VECTOR_LENGTH),
      squares: new Float64Array(VECTOR_LENGTH),
    };
  }

  /** Up to `rows` rows of the redo: summed, or rescaled once the statistics are set. */
  private step(rows: number): void {
    const job = this.restat!;
    let budget = rows;
    if (job.phase === 'sum') {
      const { raw, paths } = this;
      const { shift, sums, squares } = job;
      const end = Math.min(paths.length, job.at + budget);
      for (let r = job.at; r < end; r++) {
        for (let i = 0; i < VECTOR_LENGTH; i++) {
          const d = raw[r * VECTOR_LENGTH + i]! - shift[i]!;
          sums[i]! += d;
          squares[i]! += d * d;
        }
      }
      budget -= end - job.at;
      job.at = end;
      if (end < paths.length) return;
      this.setStats(job, end);
      job.phase = 'scale';
      job.at = 0;
    }
    const end = Math.min(this.paths.length, job.at + budget);
    for (let r = job.at; r < end; r++) this.scaleRow(r);
    job.at = end;
    if (end >= this.paths.length) this.restat = null;
  }

  /** Mean and 1 / (σ·√d_a) of each dimension from the sums over `count` rows. */
  private setStats({ shift, sums, squares }: Restat, count: number): void {
    const { mean, factor } = this;
    const n = Math.max(1, count);
    const offset = new Float64Array(VECTOR_LENGTH);
    for (let i = 0; i < VECTOR_LENGTH; i++) {
      offset[i] = sums[i]! / n;
      mean[i] = shift[i]! + offset[i]!;
    }
    factor.fill(0);
    for (const aspect of ASPECTS) {
      const [from, to] = ASPECT_RANGES[aspect];
      for (let i = from; i < to; i++) {
        const variance = Math.max(0, squares[i]! / n - offset[i]! ** 2);
        const sigma = Math.max(Math.sqrt(variance), 1e-6 * Math.abs(mean[i]!) + 1e-9);
        factor[i] = 1 / (sigma * Math.sqrt(to - from));
      }
    }
    this.statsCount = count;
  }

  private scaleRow(row: number): void {
    const { raw, scaled, mean, factor, norms } = this;
    const at = row * VECTOR_LENGTH;
    for (let i = 0; i < VECTOR_LENGTH; i++) scaled[at + i] = (raw[at + i]! - mean[i]!) * factor[i]!;
    // The norms from the stored (Float32) values, so a row's distance to itself is 0.
    norms[row * 3] = squares(scaled, at + TIMBRE_FROM, at + TIMBRE_TO);
    norms[row * 3 + 1] = squares(scaled, at + PITCH_FROM, at + PITCH_TO);
    norms[row * 3 + 2] = squares(scaled, at + ENVELOPE_FROM, at + ENVELOPE_TO);
  }
}

function squares(m: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += m[i]! * m[i]!;
  return sum;
}

/** The rows in the kernel's memory, grown in place (a grown memory keeps its bytes). */
function grownView(memory: WasmMemory, capacity: number): Float32Array {
  const bytes = MATRIX_AT + capacity * ROW_BYTES;
  const pages = Math.ceil(bytes / 65_536) - memory.buffer.byteLength / 65_536;
  if (pages > 0) memory.grow(pages);
  return new Float32Array(memory.buffer, MATRIX_AT, capacity * VECTOR_LENGTH);
}

function grownCopy(scaled: Float32Array, capacity: number): Float32Array {
  const grown = new Float32Array(capacity * VECTOR_LENGTH);
  grown.set(scaled);
  return grown;
}

/** q · row over DOT_LENGTH dimensions, unrolled ×8 (research-15 §4.3: the scan's whole cost). */
export function dot(q: Float64Array, m: Float32Array, at: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let j = 0; j < DOT_LENGTH; j += 8) {
    const k = at + j;
    s0 += q[j]! * m[k]! + q[j + 4]! * m[k + 4]!;
    s1 += q[j + 1]! * m[k + 1]! + q[j + 5]! * m[k + 5]!;
    s2 += q[j + 2]! * m[k + 2]! + q[j + 6]! * m[k + 6]!;
    s3 += q[j + 3]! * m[k + 3]! + q[j + 7]! * m[k + 7]!;
  }
  return s0 + s1 + s2 + s3;
}

/** The k smallest distances seen: replace-the-worst over a small array. */
class TopK {
  private readonly distances: Float64Array;
  private readonly rows: Int32Array;
  private count = 0;
  private worstAt = 0;
  worst = Infinity;

  constructor(private readonly k: number) {
    this.distances = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  add(distance: number, row: number): void {
    if (this.count < this.k) {
      this.distances[this.count] = distance;
      this.rows[this.count++] = row;
      if (this.count === this.k) this.findWorst();
      return;
    }
    this.distances[this.worstAt] = distance;
    this.rows[this.worstAt] = row;
    this.findWorst();
  }

  sorted(): [number, number][] {
    return Array.from({ length: this.count }, (_, i): [number, number] => [
      this.distances[i]!,
      this.rows[i]!,
    ]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }

  private findWorst(): void {
    this.worstAt = 0;
    for (let i = 1; i < this.k; i++)
      if (this.distances[i]! > this.distances[this.worstAt]!) this.worstAt = i;
    this.worst = this.distances[this.worstAt]!;
  }
}
