/**
 * Find similar (issue 15): how right and how fast.
 *
 * Precision: PER_CLASS labelled synthetic one-shots of each class (test/fixtures/synth-voices.ts:
 * kick, snare, hat, clap, bass, pad, vocal-like formants; levels -30..0 dBFS, 44.1/48 kHz), each
 * measured with measureTimbre; for each file as the query, the share of its 5 nearest (default
 * weights) of its own class. Mean, per class, and the most frequent confusions.
 *
 * Speed: 100,000 vectors (the measured ones, jittered) in a SimilarityIndex; median and p95 of
 * 20 queries for the 50 nearest with its WebAssembly SIMD kernel and with its unrolled JS loop,
 * against the same scan with a plain (not unrolled) inner loop in the same run; all three must
 * give the same answers. The first query after loading the 100,000: once the index has redone
 * its statistics in slices on later turns (and the longest slice main spent), against a first
 * query that redoes them itself. Also measureTimbre's cost for a 1 s one-shot
 * (against the bare STFT of that second) and a 5-minute file.
 */
import { VECTOR_LENGTH } from '../src/main/analysis/analysis-record';
import { Spectrum } from '../src/main/analysis/spectrum';
import { SimilarityIndex } from '../src/main/analysis/similarity-index';
import { ASPECT_RANGES, measureTimbre } from '../src/main/analysis/timbre';
import { DEFAULT_ASPECTS, type AspectWeights } from '../src/shared/contract';
import { between, seededRandom } from '../test/fixtures/seeded-random';
import { labelledVoices, synthVoice } from '../test/fixtures/synth-voices';
import { median, round } from './bench-data';

const PER_CLASS = 60;
const LIBRARY = 100_000;
const QUERIES = 20;
const LIMIT = 50;
const ASPECTS = ['timbre', 'pitch', 'envelope'] as const;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function precision(): { vectors: Float32Array[]; figures: Record<string, unknown> } {
  const voices = labelledVoices(PER_CLASS, 15);
  const index = new SimilarityIndex();
  const vectors = voices.map((v, i) => {
    const { vector } = measureTimbre(v.samples, v.sampleRate);
    index.set(`${v.label}/${i}`, vector);
    return vector;
  });
  const perClass: Record<string, number> = {};
  const confusions: Record<string, number> = {};
  voices.forEach((v, i) => {
    const near = index.nearest(`${v.label}/${i}`, DEFAULT_ASPECTS, 5);
    for (const { path } of near) {
      const label = path.split('/')[0]!;
      if (label === v.label) perClass[v.label] = (perClass[v.label] ?? 0) + 1 / (5 * PER_CLASS);
      else confusions[`${v.label}->${label}`] = (confusions[`${v.label}->${label}`] ?? 0) + 1;
    }
  });
  const classes = Object.values(perClass);
  return {
    vectors,
    figures: {
      files: voices.length,
      precisionAt5: round(classes.reduce((a, b) => a + b, 0) / classes.length, 3),
      target: 0.9,
      perClass: Object.fromEntries(Object.entries(perClass).map(([k, p]) => [k, round(p, 3)])),
      worstConfusions: Object.fromEntries(
        Object.entries(confusions)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5),
      ),
    },
  };
}

function timbreCost(): Record<string, number> {
  const oneShots = Array.from({ length: 40 }, (_, i) => {
    const v = synthVoice('snare', 500 + i);
    const second = new Float32Array(v.sampleRate);
    second.set(v.samples.subarray(0, second.length));
    return { samples: second, rate: v.sampleRate };
  });
  for (const { samples, rate } of oneShots.slice(0, 10)) measureTimbre(samples, rate);
  const ms = oneShots.map(({ samples, rate }) => {
    const start = performance.now();
    measureTimbre(samples, rate);
    return performance.now() - start;
  });
  // Baseline: the bare STFT of the same seconds at hop 512 (Spectrum's window, FFT and magnitudes).
  const spectrum = new Spectrum(2048);
  const stftMs = oneShots.map(({ samples }) => {
    const start = performance.now();
    for (let at = -1024; at < samples.length - 1024; at += 512) spectrum.of(samples, at);
    return performance.now() - start;
  });
  const random = seededRandom(2);
  const long = new Float32Array(44_100 * 300);
  for (let i = 0; i < long.length; i++)
    long[i] = 0.5 * Math.sin(i * 0.03) * ((i % 22_050) / 22_050) + 0.1 * (random() - 0.5);
  const longMs = [0, 1, 2].map(() => {
    const start = performance.now();
    measureTimbre(long, 44_100);
    return performance.now() - start;
  });
  return {
    oneShot1sMs: round(median(ms), 2),
    baselineStftOnly1sMs: round(median(stftMs), 2),
    fiveMinuteMs: round(median(longMs), 1),
  };
}

/** The baseline: the same normalisation and one-pass distance, with a plain inner loop. */
class PlainScan {
  private readonly scaled: Float32Array;
  private readonly norms: Float64Array;

  constructor(
    private readonly raw: Float32Array,
    private readonly n: number,
  ) {
    const mean = new Float64Array(VECTOR_LENGTH);
    const sd = new Float64Array(VECTOR_LENGTH);
    for (let r = 0; r < n; r++)
      for (let d = 0; d < VECTOR_LENGTH; d++) mean[d]! += raw[r * VECTOR_LENGTH + d]! / n;
    for (let r = 0; r < n; r++)
      for (let d = 0; d < VECTOR_LENGTH; d++)
        sd[d]! += (raw[r * VECTOR_LENGTH + d]! - mean[d]!) ** 2 / n;
    this.scaled = new Float32Array(n * VECTOR_LENGTH);
    this.norms = new Float64Array(n * 3);
    for (let r = 0; r < n; r++) {
      ASPECTS.forEach((aspect, a) => {
        const [from, to] = ASPECT_RANGES[aspect];
        for (let d = from; d < to; d++) {
          const sigma = Math.max(Math.sqrt(sd[d]!), 1e-6 * Math.abs(mean[d]!) + 1e-9);
          const z = (raw[r * VECTOR_LENGTH + d]! - mean[d]!) / (sigma * Math.sqrt(to - from));
          this.scaled[r * VECTOR_LENGTH + d] = z;
          this.norms[r * 3 + a]! += z * z;
        }
      });
    }
  }

  nearest(query: number, weights: AspectWeights, limit: number): number[] {
    const w = ASPECTS.map((a) => weights[a]);
    const q = new Float64Array(VECTOR_LENGTH);
    let self = 0;
    ASPECTS.forEach((aspect, a) => {
      const [from, to] = ASPECT_RANGES[aspect];
      for (let d = from; d < to; d++) q[d] = w[a]! * this.scaled[query * VECTOR_LENGTH + d]!;
      self += w[a]! * this.norms[query * 3 + a]!;
    });
    const best: [number, number][] = [];
    let worst = Infinity;
    for (let r = 0; r < this.n; r++) {
      if (r === query) continue;
      let dot = 0;
      for (let d = 0; d < VECTOR_LENGTH; d++) dot += q[d]! * this.scaled[r * VECTOR_LENGTH + d]!;
      const distance =
        self +
        w[0]! * this.norms[r * 3]! +
        w[1]! * this.norms[r * 3 + 1]! +
        w[2]! * this.norms[r * 3 + 2]! -
        2 * dot;
      if (distance >= worst) continue;
      best.push([distance, r]);
      if (best.length > limit) {
        best.sort((a, b) => a[0] - b[0]);
        best.length = limit;
      }
      if (best.length === limit) worst = Math.max(...best.map((b) => b[0]));
    }
    return best.sort((a, b) => a[0] - b[0]).map((b) => b[1]);
  }
}

async function queryTime(measured: Float32Array[]): Promise<Record<string, unknown>> {
  const random = seededRandom(7);
  const raw = new Float32Array(LIBRARY * VECTOR_LENGTH);
  const slices: number[] = [];
  const index = new SimilarityIndex({
    schedule: (run) =>
      setImmediate(() => {
        const start = performance.now();
        run();
        slices.push(performance.now() - start);
      }),
  });
  // Its slices never run: its first query redoes the statistics (as before slicing).
  const unrolled = new SimilarityIndex({ simd: false, schedule: () => undefined });
  for (let r = 0; r < LIBRARY; r++) {
    const source = measured[r % measured.length]!;
    const v = raw.subarray(r * VECTOR_LENGTH, (r + 1) * VECTOR_LENGTH);
    for (let d = 0; d < ASPECT_RANGES.envelope[1]; d++)
      v[d] = source[d]! * between(random, 0.97, 1.03);
    index.set(`/library/${r}.wav`, v);
    unrolled.set(`/library/${r}.wav`, v);
  }
  while (!index.prepared) await new Promise((resolve) => setImmediate(resolve));
  let start = performance.now();
  index.nearest('/library/0.wav', DEFAULT_ASPECTS, LIMIT);
  const firstQueryMs = performance.now() - start;
  start = performance.now();
  unrolled.nearest('/library/0.wav', DEFAULT_ASPECTS, LIMIT);
  const firstQueryNormalisingMs = performance.now() - start;
  const plain = new PlainScan(raw, LIBRARY);
  const queries = Array.from({ length: QUERIES }, () => Math.floor(random() * LIBRARY));
  const weights: AspectWeights[] = [DEFAULT_ASPECTS, { timbre: 0.3, pitch: 1, envelope: 0.8 }];
  const indexMs: number[] = [];
  const plainMs: number[] = [];
  const unrolledMs: number[] = [];
  let sameAnswers = true;
  queries.forEach((query, i) => {
    const w = weights[i % 2]!;
    start = performance.now();
    const fast = index.nearest(`/library/${query}.wav`, w, LIMIT);
    indexMs.push(performance.now() - start);
    start = performance.now();
    const js = unrolled.nearest(`/library/${query}.wav`, w, LIMIT);
    unrolledMs.push(performance.now() - start);
    start = performance.now();
    const slow = plain.nearest(query, w, LIMIT);
    plainMs.push(performance.now() - start);
    sameAnswers &&= fast
      .slice(0, 10)
      .every((m, k) => m.path === `/library/${slow[k]}.wav` && m.path === js[k]!.path);
  });
  return {
    vectors: LIBRARY,
    limit: LIMIT,
    queryMedianMs: round(median(indexMs), 1),
    queryP95Ms: round(percentile(indexMs, 0.95), 1),
    unrolledJsMedianMs: round(median(unrolledMs), 1),
    unrolledJsP95Ms: round(percentile(unrolledMs, 0.95), 1),
    baselinePlainLoopMedianMs: round(median(plainMs), 1),
    baselinePlainLoopP95Ms: round(percentile(plainMs, 0.95), 1),
    firstQueryAfterBackgroundNormalisationMs: round(firstQueryMs, 1),
    backgroundSlices: slices.length,
    longestSliceMs: round(Math.max(...slices), 1),
    baselineFirstQueryNormalisingMs: round(firstQueryNormalisingMs, 1),
    target: '< 50 ms',
    sameAnswers,
  };
}

async function main() {
  const started = performance.now();
  const { vectors, figures } = precision();
  const cost = timbreCost();
  const speed = await queryTime(vectors);
  console.log(
    JSON.stringify({
      similarity: figures,
      timbreCost: cost,
      query: speed,
      seconds: round((performance.now() - started) / 1000, 1),
    }),
  );
}

void main();
