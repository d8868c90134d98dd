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

  it('finds the same peak as the JavaScript loop, at any length and across its 65,536-sample chunks', () => {
    const random = seededRandom(1515);
    for (const length of [1, 5, 11, 12, 13, 1000, 65_535, 65_536, 65_547, 200_003]) {
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
