import { describe, expect, it } from 'vitest';
import { VECTOR_LENGTH } from '../../src/main/analysis/analysis-record';
import { dotsKernel } from '../../src/main/analysis/dots-kernel';
import { RESTAT_SLICE, SimilarityIndex } from '../../src/main/analysis/similarity-index';
import { ASPECT_RANGES, measureTimbre } from '../../src/main/analysis/timbre';
import type { AspectWeights } from '../../src/shared/contract';
import { between, seededRandom } from '../fixtures/seeded-random';
import { labelledVoices } from '../fixtures/synth-voices';

const ASPECTS = ['timbre', 'pitch', 'envelope'] as const;
const ROW = VECTOR_LENGTH * 4;

function randomVectors(count: number, seed: number): Map<string, Float32Array> {
  const random = seededRandom(seed);
  // Dimensions of very different scales, as the real features have (Hz logs, dB, shares).
  const scales = Array.from({ length: VECTOR_LENGTH }, () => 10 ** between(random, -2, 3));
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < count; i++) {
    const v = new Float32Array(VECTOR_LENGTH);
    for (let d = 0; d < ASPECT_RANGES.envelope[1]; d++)
      v[d] = scales[d]! * (between(random, -1, 1) + 3);
    vectors.set(`/lib/${seed}/${i}.wav`, v);
  }
  return vectors;
}

/**
 * The definition, written out: z-scores over the library (or over `statsOver`, the library when
 * its statistics were taken), each aspect /√d, weighted squared distance.
 */
function bruteForce(
  vectors: Map<string, Float32Array>,
  query: string,
  weights: AspectWeights,
  limit: number,
  statsOver = vectors,
): { path: string; distance: number }[] {
  const rows = [...statsOver.values()];
  const mean = new Float64Array(VECTOR_LENGTH);
  const sd = new Float64Array(VECTOR_LENGTH);
  for (const v of rows) for (let d = 0; d < VECTOR_LENGTH; d++) mean[d]! += v[d]! / rows.length;
  for (const v of rows)
    for (let d = 0; d < VECTOR_LENGTH; d++) sd[d]! += (v[d]! - mean[d]!) ** 2 / rows.length;
  const x = vectors.get(query)!;
  const scored = [...vectors].flatMap(([path, y]) => {
    if (path === query) return [];
    let sum = 0;
    for (const aspect of ASPECTS) {
      const [from, to] = ASPECT_RANGES[aspect];
      for (let d = from; d < to; d++) {
        const sigma = Math.max(Math.sqrt(sd[d]!), 1e-6 * Math.abs(mean[d]!) + 1e-9);
        sum += (weights[aspect] * ((x[d]! - y[d]!) / sigma) ** 2) / (to - from);
      }
    }
    return [{ path, distance: Math.sqrt(sum) }];
  });
  return scored.sort((a, b) => a.distance - b.distance).slice(0, limit);
}

function indexOf(vectors: Map<string, Float32Array>, simd = true): SimilarityIndex {
  const index = new SimilarityIndex({ simd });
  for (const [path, v] of vectors) index.set(path, v);
  return index;
}

function expectSame(
  got: { path: string; distance: number }[],
  want: { path: string; distance: number }[],
): void {
  expect(got.map((m) => m.path)).toEqual(want.map((m) => m.path));
  got.forEach((m, i) => expect(m.distance).toBeCloseTo(want[i]!.distance, 4));
}

describe('dotsKernel', () => {
  it.each([1, 3, 14])('gives the JS loop’s dot products over %i lanes, row after row', (lanes) => {
    const kernel = dotsKernel(lanes, ROW)!;
    expect(kernel).not.toBeNull();
    const rows = 5000; // more than one 64 KB page of rows
    kernel.memory.grow(Math.ceil((65_536 + rows * ROW) / 65_536));
    const random = seededRandom(lanes);
    const memory = new Float32Array(kernel.memory.buffer);
    const q = memory.subarray(0, 64);
    for (let i = 0; i < 4 * lanes; i++) q[i] = between(random, -2, 2);
    const matrix = memory.subarray(65_536 / 4, 65_536 / 4 + rows * 64);
    for (let i = 0; i < matrix.length; i++) matrix[i] = between(random, -2, 2);
    const out = new Float32Array(kernel.memory.buffer, 256, rows);
    kernel.dots(0, 65_536, rows, 256);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let i = 0; i < 4 * lanes; i++) sum += q[i]! * matrix[r * 64 + i]!;
      expect(Math.abs(out[r]! - sum), `row ${r}`).toBeLessThan(1e-5 * (1 + Math.abs(sum)) * lanes);
    }
    out[0] = 42;
    kernel.dots(0, 65_536, 0, 256);
    expect(out[0]).toBe(42);
  });
});

describe('SimilarityIndex', () => {
  it.each([
    ['the SIMD kernel', true],
    ['the JS loop', false],
  ])('returns what a brute-force reference returns, for several weights (%s)', (_, simd) => {
    const vectors = randomVectors(600, 1);
    const index = indexOf(vectors, simd);
    const paths = [...vectors.keys()];
    const weightings: AspectWeights[] = [
      { timbre: 1, pitch: 0.5, envelope: 0.5 },
      { timbre: 0, pitch: 1, envelope: 0 },
      { timbre: 0.2, pitch: 0, envelope: 1 },
    ];
    for (const weights of weightings) {
      for (const query of [paths[0]!, paths[317]!, paths[599]!]) {
        expectSame(index.nearest(query, weights, 25), bruteForce(vectors, query, weights, 25));
      }
    }
  });

  it('lets the weights change the order: same timbre first, or same envelope first', () => {
    const vectors = randomVectors(300, 2);
    const query = vectors.get('/lib/2/0.wav')!;
    const [envelopeFrom, envelopeTo] = ASPECT_RANGES.envelope;
    const sameTimbre = query.slice();
    const sameEnvelope = vectors.get('/lib/2/1.wav')!.slice();
    for (let d = envelopeFrom; d < envelopeTo; d++) {
      sameTimbre[d] = vectors.get('/lib/2/2.wav')![d]!;
      sameEnvelope[d] = query[d]!;
    }
    vectors.set('/lib/same-timbre.wav', sameTimbre);
    vectors.set('/lib/same-envelope.wav', sameEnvelope);
    const index = indexOf(vectors);
    const first = (weights: AspectWeights) => index.nearest('/lib/2/0.wav', weights, 1)[0]!.path;
    expect(first({ timbre: 1, pitch: 1, envelope: 0 })).toBe('/lib/same-timbre.wav');
    expect(first({ timbre: 0, pitch: 0, envelope: 1 })).toBe('/lib/same-envelope.wav');
  });

  it('never returns the query, nor a file with the very same vector', () => {
    const vectors = randomVectors(100, 3);
    vectors.set('/lib/copy.wav', vectors.get('/lib/3/5.wav')!.slice());
    const index = indexOf(vectors);
    const found = index
      .nearest('/lib/3/5.wav', { timbre: 1, pitch: 1, envelope: 1 }, 200)
      .map((m) => m.path);
    expect(found).toHaveLength(99);
    expect(found).not.toContain('/lib/3/5.wav');
    expect(found).not.toContain('/lib/copy.wav');
    expect(index.nearest('/lib/unknown.wav', { timbre: 1, pitch: 1, envelope: 1 }, 5)).toEqual([]);
  });

  it.each([true, false])(
    'forgets deleted files and stays exact for the rest (simd: %s)',
    (simd) => {
      const vectors = randomVectors(400, 4);
      const index = indexOf(vectors, simd);
      const weights = { timbre: 1, pitch: 0.5, envelope: 0.5 };
      const query = '/lib/4/10.wav';
      const nearestBefore = index.nearest(query, weights, 1)[0]!.path;
      // Deleting 30 rows (under the 10 % that redoes the statistics), then re-adding them, must give
      // back exactly the answers of the untouched library.
      const removed = [
        nearestBefore,
        ...[...vectors.keys()].filter((p) => p !== query).slice(0, 29),
      ];
      for (const path of removed) index.delete(path);
      expect(index.size).toBe(370);
      const after = index.nearest(query, weights, 400).map((m) => m.path);
      expect(after).toHaveLength(369);
      for (const path of removed) expect(after).not.toContain(path);
      for (const path of removed) index.set(path, vectors.get(path)!);
      expectSame(index.nearest(query, weights, 20), bruteForce(vectors, query, weights, 20));
      index.delete(query);
      expect(index.nearest(query, weights, 5)).toEqual([]);
    },
  );

  it('redoes the normalisation as the library grows', () => {
    const vectors = randomVectors(200, 5);
    const index = indexOf(vectors);
    const weights = { timbre: 1, pitch: 1, envelope: 1 };
    const query = '/lib/5/0.wav';
    expectSame(index.nearest(query, weights, 10), bruteForce(vectors, query, weights, 10));
    // 100 more files on another scale: the old statistics would rank differently.
    for (const [path, v] of randomVectors(100, 6)) {
      const moved = v.map((x, d) => x * (d % 3 === 0 ? 50 : 1));
      vectors.set(path, moved);
      index.set(path, moved);
    }
    expectSame(index.nearest(query, weights, 10), bruteForce(vectors, query, weights, 10));
  });

  it('redoes the statistics in slices on later turns, and is then ready for a query', () => {
    const due: (() => void)[] = [];
    const index = new SimilarityIndex({ schedule: (run) => due.push(run) });
    const vectors = randomVectors(20_000, 7);
    for (const [path, v] of vectors) index.set(path, v);
    expect(due).toHaveLength(1);
    let slices = 0;
    for (let run = due.shift(); run; run = due.shift(), slices++) run();
    expect(index.prepared).toBe(true);
    // Summing and rescaling, a slice each per RESTAT_SLICE rows (one turn may do the end of both).
    expect(slices).toBeGreaterThanOrEqual(Math.ceil((2 * 20_000) / RESTAT_SLICE) - 1);
    const weights = { timbre: 1, pitch: 0.5, envelope: 0.5 };
    for (const query of ['/lib/7/0.wav', '/lib/7/19999.wav'])
      expectSame(index.nearest(query, weights, 10), bruteForce(vectors, query, weights, 10));
  });

  it('rows moved, added or changed while the rows are rescaled end up normalised like the rest', () => {
    const due: (() => void)[] = [];
    const index = new SimilarityIndex({ schedule: (run) => due.push(run) });
    // 20,000 rows when the statistics are taken, and 300 more of the same kind added later.
    const all = [...randomVectors(20_300, 8)];
    const taken = new Map(all.slice(0, 20_000));
    for (const [path, v] of taken) index.set(path, v);
    // The sums, then part of the rescale.
    for (let i = 0; i < Math.ceil(20_000 / RESTAT_SLICE) + 1; i++) due.shift()!();
    expect(index.prepared).toBe(false);
    const now = new Map(taken);
    const paths = [...taken.keys()];
    // Deleting early rows moves late, not yet rescaled rows into their places.
    for (const path of paths.slice(0, 500)) {
      index.delete(path);
      now.delete(path);
    }
    for (const [path, v] of all.slice(20_000)) {
      index.set(path, v);
      now.set(path, v);
    }
    const changed = paths[600]!;
    const v = taken.get(changed)!.map((x) => x * 1.5);
    index.set(changed, v);
    now.set(changed, v);
    const weights = { timbre: 1, pitch: 1, envelope: 1 };
    for (const query of [paths[19_999]!, paths[700]!, changed, all[20_100]![0]])
      expectSame(index.nearest(query, weights, 10), bruteForce(now, query, weights, 10, taken));
    expect(index.prepared).toBe(true);
  });

  it('rejects a vector of the wrong length or with a non-number, naming the file', () => {
    const index = new SimilarityIndex();
    expect(() => index.set('/lib/a.wav', new Float32Array(3))).toThrow(/a\.wav.*3 values/);
    const v = new Float32Array(VECTOR_LENGTH);
    v[7] = NaN;
    expect(() => index.set('/lib/b.wav', v)).toThrow(/b\.wav.*value 7/);
    expect(index.size).toBe(0);
  });

  it('finds kicks for a kick, pads for a pad (measured vectors of labelled one-shots)', () => {
    const voices = labelledVoices(12, 9);
    const index = new SimilarityIndex();
    voices.forEach((v, i) =>
      index.set(`/${v.label}/${i}.wav`, measureTimbre(v.samples, v.sampleRate).vector),
    );
    let hits = 0;
    voices.forEach((v, i) => {
      const near = index.nearest(
        `/${v.label}/${i}.wav`,
        { timbre: 1, pitch: 0.5, envelope: 0.5 },
        5,
      );
      hits += near.filter((m) => m.path.startsWith(`/${v.label}/`)).length;
    });
    expect(hits / (voices.length * 5)).toBeGreaterThanOrEqual(0.85);
  });
});
