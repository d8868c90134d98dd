import FFT from 'fft.js';

/**
 * Magnitude spectra of Hann-windowed frames, for every measure that looks at frequencies (onsets,
 * chroma, MFCC, centroid). One instance per frame size per thread, with its buffers made once:
 * fft.js slows down twice over when one process mixes output array types (research-15 §5.1).
 */
export class Spectrum {
  /** Bins 0..size/2 of the last frame: |X(k)|, unscaled (a unit cosine on bin k reads size/2). */
  readonly magnitudes: Float64Array;
  private readonly fft: FFT;
  private readonly window: Float64Array;
  private readonly frame: Float64Array;
  private readonly out: Float64Array;

  constructor(readonly size: number) {
    this.fft = new FFT(size);
    this.window = new Float64Array(size);
    // Periodic Hann: overlapping frames at size/4 hops sum to a constant.
    for (let i = 0; i < size; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
    this.frame = new Float64Array(size);
    this.out = new Float64Array(size * 2);
    this.magnitudes = new Float64Array(size / 2 + 1);
  }

  /** Bin k's centre frequency at this rate. */
  binHz(k: number, sampleRate: number): number {
    return (k * sampleRate) / this.size;
  }

  /**
   * The spectrum of `size` samples of `signal` from `start` (zero past either end), into
   * `magnitudes`, which it returns.
   */
  of(signal: Float32Array, start: number): Float64Array {
    const { size, frame, window, out, magnitudes } = this;
    for (let i = 0; i < size; i++) {
      const j = start + i;
      frame[i] = j >= 0 && j < signal.length ? signal[j]! * window[i]! : 0;
    }
    this.fft.realTransform(out, frame);
    for (let k = 0; k <= size / 2; k++) {
      const re = out[2 * k]!;
      const im = out[2 * k + 1]!;
      magnitudes[k] = Math.sqrt(re * re + im * im);
    }
    return magnitudes;
  }
}
