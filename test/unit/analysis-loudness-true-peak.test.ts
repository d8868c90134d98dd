import { describe, expect, it } from 'vitest';
import {
  interpolatedPeak,
  truePeak,
  truePeakJs,
  truePeakUsesSimd,
} from '../../src/main/analysis/true-peak';
import { between, seededRandom } from '../fixtures/seeded-random';

describe('the true-peak SIMD kernel', () => {
  it('runs here (so the comparisons below test the kernel, not the fallback)', () => {
    expect(truePeakUsesSimd()).toBe(true);
  });

  it('finds the same peak as the JavaScript loop, at any length and across its 4,096-output blocks', () => {
    const random = seededRandom(1515);
    for (const length of [1, 5, 11, 12, 13, 1000, 4095, 4096, 4097, 4107, 65_547, 200_003]) {
      const planes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const plane = new Float32Array(length);
        // Loud at a random place: the peak may sit at a chunk edge or in the filter's tail.
        const hot = Math.floor(random() * length);
        for (let i = 0; i < length; i++)
          plane[i] = between(random, -0.3, 0.3) * (Math.abs(i - hot) < 8 ? 3 : 1);
        return plane;
      });
      const js = truePeakJs(planes);
      expect(interpolatedPeak(planes), `length ${length}`).toBeCloseTo(js, 5);
      expect(interpolatedPeak(planes, false)).toBe(js);
    }
  });

  it('skips quiet blocks only where nothing there could be louder: the result stays exact', () => {
    const random = seededRandom(77);
    for (let run = 0; run < 20; run++) {
      // Level jumps from block to block, so most blocks are skippable and some are not.
      const plane = new Float32Array(50_000);
      let gain = 1;
      for (let i = 0; i < plane.length; i++) {
        if (i % 1000 === 0) gain = 10 ** (-between(random, 0, 12) / 20);
        plane[i] = gain * between(random, -0.5, 0.5) * (random() < 0.001 ? 2 : 1);
      }
      let samplePeak = 0;
      for (const x of plane) samplePeak = Math.max(samplePeak, Math.abs(x));
      const exact = Math.max(samplePeak, truePeakJs([plane]));
      expect(interpolatedPeak([plane], true, samplePeak)).toBeCloseTo(exact, 5);
      expect(truePeak([plane], 44_100, samplePeak)).toBeCloseTo(exact, 5);
    }
  });

  it('counts the peak of the filter tail after the last sample', () => {
    // An alternating full-scale ending rings after the last sample; a filter cut at the last input misses it.
    const plane = Float32Array.from({ length: 64 }, (_, i) => (i < 40 ? 0 : i % 2 ? 1 : -1));
    expect(interpolatedPeak([plane])).toBeCloseTo(truePeakJs([plane]), 5);
    expect(truePeakJs([plane])).toBeGreaterThan(1);
  });

  it('is the sample peak where the interpolation reads lower, and from 192 kHz', () => {
    const plane = Float32Array.from([0, 0.5, 0, 0]);
    expect(truePeak([plane], 48_000, 0.5)).toBeGreaterThanOrEqual(0.5);
    expect(truePeak([plane], 192_000, 0.5)).toBe(0.5);
  });
});
