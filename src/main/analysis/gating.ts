/**
 * BS.1770-4 gating over 100 ms segment energies (K-weighted, channel-weighted sums of squares):
 * integrated loudness from 400 ms blocks, EBU Tech 3342 loudness range from 3 s windows, both
 * every 100 ms, with exact lists (libebur128's default), and the max momentary loudness.
 */

const ABSOLUTE_GATE = -70;

/** LUFS of a mean-square energy; -Infinity for none. */
export const lufsOf = (meanSquare: number): number => -0.691 + 10 * Math.log10(meanSquare);

/** Mean-square energies of the windows of `span` segments, one every segment (none if too short). */
export function windowEnergies(
  segments: Float64Array,
  span: number,
  segment: number,
): Float64Array {
  const out = new Float64Array(Math.max(0, segments.length - span + 1));
  const scale = 1 / (span * segment);
  // Summed afresh for each window (30 adds at most): a running sum would leave rounding
  // residue after a loud passage, where silence must read as silence.
  for (let w = 0; w < out.length; w++) {
    let sum = 0;
    for (let i = w; i < w + span; i++) sum += segments[i]!;
    out[w] = sum * scale;
  }
  return out;
}

/** Mean of the energies at or above `gate`, and how many there are. */
function gatedMean(energies: Float64Array, gate: number): { mean: number; n: number } {
  let sum = 0;
  let n = 0;
  for (const z of energies) {
    if (z >= gate) {
      sum += z;
      n++;
    }
  }
  return { mean: n > 0 ? sum / n : 0, n };
}

/** Integrated loudness of 400 ms block energies: absolute then relative (-10 LU) gate. */
export function integratedLoudness(blocks: Float64Array): number | null {
  const threshold = 10 ** ((ABSOLUTE_GATE + 0.691) / 10);
  const kept = gatedMean(blocks, threshold);
  if (kept.n === 0) return null;
  const gated = gatedMean(blocks, Math.max(threshold, kept.mean * 0.1));
  return gated.n === 0 ? null : lufsOf(gated.mean);
}

/** Loudness range (Tech 3342) of 3 s window energies: absolute and -20 LU gates, L95 - L10. */
export function loudnessRange(windows: Float64Array): number | null {
  const threshold = 10 ** ((ABSOLUTE_GATE + 0.691) / 10);
  const loud = gatedMean(windows, threshold);
  if (loud.n === 0) return null;
  const gate = Math.max(threshold, loud.mean * 0.01);
  const kept = windows.filter((z) => z >= gate).sort();
  const at = (p: number) => lufsOf(kept[Math.round((kept.length - 1) * p)]!);
  return Math.max(0, at(0.95) - at(0.1));
}

/**
 * Max momentary loudness: the loudest 400 ms window sliding by 10 ms ticks (a meter's reading,
 * finer than BS.1770's 100 ms hop, so a short burst is not missed), or, for a file under 400 ms,
 * its whole energy over one zero-padded 400 ms window. `ticks` holds `tick`-frame energies.
 */
export function maxMomentary(ticks: Float64Array, tick: number, window: number): number | null {
  const span = Math.round(window / tick);
  let max = 0;
  if (ticks.length <= span) for (const e of ticks) max += e;
  else
    for (let w = 0; w + span <= ticks.length; w++) {
      let sum = 0;
      for (let i = w; i < w + span; i++) sum += ticks[i]!;
      if (sum > max) max = sum;
    }
  return max > 0 ? lufsOf(max / window) : null;
}
