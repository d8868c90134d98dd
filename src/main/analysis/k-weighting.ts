/**
 * BS.1770-4 K-weighting at any sample rate: the high-shelf pre-filter and the RLB high-pass,
 * from the analogue parameters libebur128 (MIT) and FFmpeg use. At 48 kHz they give BS.1770's
 * table to 14 digits; at other rates they are the same filter, not a resampled one.
 */

export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** The two K-weighting stages for `sampleRate` (a0 normalised to 1). */
export function kWeighting(sampleRate: number): [Biquad, Biquad] {
  let K = Math.tan((Math.PI * 1681.974450955533) / sampleRate);
  let Q = 0.7071752369554196;
  const Vh = 10 ** (3.999843853973347 / 20);
  const Vb = Vh ** 0.4996667741545416;
  const a0 = 1 + K / Q + K * K;
  const shelf: Biquad = {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  K = Math.tan((Math.PI * 38.13547087602444) / sampleRate);
  Q = 0.5003270373238773;
  const d = 1 + K / Q + K * K;
  const highPass: Biquad = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (K * K - 1)) / d,
    a2: (1 - K / Q + K * K) / d,
  };
  return [shelf, highPass];
}

/** Below this a filter state is flushed to zero: denormals after silence cost 100x per sample. */
const DENORMAL = 1e-30;

/** Energies summed per run of `size` frames: slot i holds frames i·size .. (i+1)·size - 1. */
export interface EnergyRuns {
  size: number;
  energies: Float64Array;
}

/** One channel to weigh: its samples and its BS.1770 channel weight. */
export interface WeightedPlane {
  plane: Float32Array;
  weight: number;
}

/**
 * Adds the weighted K-weighted energy (sum of squares) of two channels to two tallies: BS.1770's
 * 100 ms segments (whole ones only: a block never reaches a shorter tail) and the 10 ms ticks the
 * momentary maximum slides by (the last one may be partial). Two channels run in one loop because
 * each filter is a chain of dependent steps: a second, independent chain fills the processor's
 * idle slots and costs almost nothing (a stereo file in 0.55 of the time of one channel after the
 * other). A lone channel is passed with a silent partner.
 */
export function addKWeightedEnergies(
  [a, b]: [WeightedPlane, WeightedPlane],
  sampleRate: number,
  segments: EnergyRuns,
  ticks: EnergyRuns,
): void {
  const [s, h] = kWeighting(sampleRate);
  // Coefficients in locals: property loads in the loop cost a third of its time.
  const [b0, b1, b2, a1, a2, c1, c2] = [s.b0, s.b1, s.b2, s.a1, s.a2, h.a1, h.a2];
  const x = a.plane;
  const z = b.plane;
  const [wx, wz] = [a.weight, b.weight];
  // Transposed direct form II, two stages per channel, state in doubles.
  let s1 = 0;
  let s2 = 0;
  let h1 = 0;
  let h2 = 0;
  let t1 = 0;
  let t2 = 0;
  let k1 = 0;
  let k2 = 0;
  const whole = segments.energies.length * segments.size;
  let nextSegment = segments.size;
  let nextTick = ticks.size;
  for (let start = 0; start < x.length;) {
    // A piece never crosses a segment or tick boundary, so each sum goes whole to one slot of each.
    const end = Math.min(nextSegment, nextTick, x.length);
    let sx = 0;
    let sz = 0;
    for (let i = start; i < end; i++) {
      const xi = x[i]!;
      const zi = z[i]!;
      const u = b0 * xi + s1;
      const v = b0 * zi + t1;
      s1 = b1 * xi - a1 * u + s2;
      t1 = b1 * zi - a1 * v + t2;
      s2 = b2 * xi - a2 * u;
      t2 = b2 * zi - a2 * v;
      const y = u + h1;
      const w = v + k1;
      h1 = -2 * u - c1 * y + h2;
      k1 = -2 * v - c1 * w + k2;
      h2 = u - c2 * y;
      k2 = v - c2 * w;
      sx += y * y;
      sz += w * w;
    }
    const sum = wx * sx + wz * sz;
    if (start < whole) segments.energies[Math.floor(start / segments.size)]! += sum;
    ticks.energies[Math.floor(start / ticks.size)]! += sum;
    if (end === nextSegment) nextSegment += segments.size;
    if (end === nextTick) nextTick += ticks.size;
    start = end;
    if (Math.abs(s1) < DENORMAL) s1 = 0;
    if (Math.abs(s2) < DENORMAL) s2 = 0;
    if (Math.abs(h1) < DENORMAL) h1 = 0;
    if (Math.abs(h2) < DENORMAL) h2 = 0;
    if (Math.abs(t1) < DENORMAL) t1 = 0;
    if (Math.abs(t2) < DENORMAL) t2 = 0;
    if (Math.abs(k1) < DENORMAL) k1 = 0;
    if (Math.abs(k2) < DENORMAL) k2 = 0;
  }
}

/**
 * BS.1770 channel weights by channel count, as libebur128 maps them without a channel mask:
 * 5 channels are L R C Ls Rs, 6 are L R C LFE Ls Rs (LFE not counted, surrounds 1.41).
 */
export function channelWeights(channels: number): number[] {
  if (channels === 5) return [1, 1, 1, 1.41, 1.41];
  if (channels === 6) return [1, 1, 1, 0, 1.41, 1.41];
  return Array.from({ length: channels }, () => 1);
}
