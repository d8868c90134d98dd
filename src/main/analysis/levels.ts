/** Sample peak, RMS and the silence before and after the sound: plain sample statistics. */

export interface Levels {
  /** Largest |sample| over all channels, linear. */
  samplePeak: number;
  /** RMS over all samples of all channels, linear (no AES17 +3 dB: a full-scale sine is 0.707). */
  rms: number;
  leadSec: number;
  tailSec: number;
}

/** Silence is measured in windows of this length. */
const WINDOW_SEC = 0.01;

/**
 * Levels of the planes. Lead and tail silence: the first and last 10 ms window whose RMS (over all
 * channels) exceeds max(-60 dBFS, peak - 50 dB); a file with no such window is all lead.
 * Throws a RangeError naming the first sample that is NaN or infinite.
 */
export function measureLevels(planes: Float32Array[], sampleRate: number): Levels {
  const frames = planes[0]?.length ?? 0;
  const window = Math.max(1, Math.round(sampleRate * WINDOW_SEC));
  const windows = new Float64Array(Math.ceil(frames / window));
  let peak = 0;
  let total = 0;
  for (const plane of planes) {
    for (let w = 0, start = 0; start < frames; w++, start += window) {
      const end = Math.min(frames, start + window);
      let sum = 0;
      for (let i = start; i < end; i++) {
        const x = plane[i]!;
        sum += x * x;
        const a = Math.abs(x);
        if (a > peak) peak = a;
      }
      windows[w]! += sum;
      total += sum;
    }
  }
  // NaN and infinity (a damaged float file) would poison every sum: named, not measured.
  if (!Number.isFinite(total)) throw new RangeError(nonFiniteSample(planes));
  const samples = frames * planes.length;
  const rms = samples > 0 ? Math.sqrt(total / samples) : 0;
  const gate = Math.max(10 ** (-60 / 20), peak * 10 ** (-50 / 20));
  const gateEnergy = gate * gate;
  const loud = (w: number) => {
    const n = Math.min(frames, (w + 1) * window) - w * window;
    return windows[w]! / (n * planes.length) > gateEnergy;
  };
  let first = 0;
  while (first < windows.length && !loud(first)) first++;
  const duration = frames / sampleRate;
  if (first === windows.length) return { samplePeak: peak, rms, leadSec: duration, tailSec: 0 };
  let last = windows.length - 1;
  while (!loud(last)) last--;
  return {
    samplePeak: peak,
    rms,
    leadSec: (first * window) / sampleRate,
    tailSec: Math.max(0, frames - (last + 1) * window) / sampleRate,
  };
}

function nonFiniteSample(planes: Float32Array[]): string {
  for (let c = 0; c < planes.length; c++) {
    const i = planes[c]!.findIndex((x) => !Number.isFinite(x));
    if (i >= 0) return `sample ${i} of channel ${c + 1} is ${planes[c]![i]}, not a finite number`;
  }
  return 'the samples sum to more than a number can hold';
}
