/** The whole number of samples averaged to bring `sampleRate` down to about `targetRate`. */
export const decimationFactor = (sampleRate: number, targetRate: number): number =>
  Math.max(1, Math.round(sampleRate / targetRate));

/**
 * A signal brought down to about `targetRate` by averaging blocks of whole samples: cheap, and
 * enough for onsets and chroma, which only look well below the new Nyquist (the box's nulls sit
 * on the multiples of the new rate, where aliases of the kept band would come from).
 */
export function decimate(
  signal: Float32Array,
  sampleRate: number,
  targetRate: number,
  maxSeconds = Infinity,
): { samples: Float32Array; rate: number } {
  const factor = decimationFactor(sampleRate, targetRate);
  const frames = Math.min(signal.length, Math.floor(maxSeconds * sampleRate));
  if (factor === 1) return { samples: signal.subarray(0, frames), rate: sampleRate };
  const out = new Float32Array(Math.floor(frames / factor));
  decimateInto(signal.subarray(0, frames), 0, factor, out);
  return { samples: out, rate: sampleRate / factor };
}

/**
 * `out.length` samples of decimate()'s result from `signal[from]` on (`from` a multiple of
 * `factor` gives exactly decimate()'s samples), zero where no whole block is left: one frame at a
 * time, so a long file is never decimated whole.
 */
export function decimateInto(
  signal: Float32Array,
  from: number,
  factor: number,
  out: Float32Array,
): void {
  const whole = Math.max(0, Math.min(out.length, Math.floor((signal.length - from) / factor)));
  const scale = 1 / factor;
  for (let i = 0, j = from; i < whole; i++) {
    let sum = 0;
    for (let k = 0; k < factor; k++) sum += signal[j++]!;
    out[i] = sum * scale;
  }
  out.fill(0, whole);
}

/** Silence before the first and after the last sample within 60 dB of the peak, seconds. */
export function silentEnds(
  signal: Float32Array,
  sampleRate: number,
): { leadSec: number; tailSec: number; peak: number } {
  let peak = 0;
  for (let i = 0; i < signal.length; i++) {
    const a = Math.abs(signal[i]!);
    if (a > peak) peak = a;
  }
  if (peak === 0) return { leadSec: signal.length / sampleRate, tailSec: 0, peak };
  const floor = peak * 1e-3;
  let first = 0;
  while (first < signal.length && Math.abs(signal[first]!) < floor) first++;
  let last = signal.length - 1;
  while (last > first && Math.abs(signal[last]!) < floor) last--;
  return { leadSec: first / sampleRate, tailSec: (signal.length - 1 - last) / sampleRate, peak };
}
