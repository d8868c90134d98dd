import { describe, expect, it } from 'vitest';
import { Spectrum } from '../../src/main/analysis/spectrum';

describe('Spectrum', () => {
  it('puts a sine on its bin, with the Hann window’s height, and nothing far from it', () => {
    const size = 2048;
    const rate = 44_100;
    const bin = 93;
    const hz = (bin * rate) / size;
    const signal = new Float32Array(8192);
    for (let i = 0; i < signal.length; i++) signal[i] = Math.sin((2 * Math.PI * hz * i) / rate);
    const spectrum = new Spectrum(size);
    const m = spectrum.of(signal, 1000);
    expect(spectrum.binHz(bin, rate)).toBeCloseTo(hz, 9);
    let peak = 0;
    for (let k = 1; k < m.length; k++) if (m[k]! > m[peak]!) peak = k;
    expect(peak).toBe(bin);
    // A Hann window halves a bin-centred sine's height: size/2 × 1/2.
    expect(m[bin]).toBeCloseTo(size / 4, 0);
    expect(m[bin + 10]! / m[bin]!).toBeLessThan(1e-4);
  });

  it('reads zeros past the ends of the signal', () => {
    const spectrum = new Spectrum(256);
    const m = spectrum.of(new Float32Array(10).fill(1), 300);
    expect(Math.max(...m)).toBe(0);
  });
});
