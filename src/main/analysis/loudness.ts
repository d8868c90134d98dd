import type { FileAnalysis } from '../../shared/contract';
import type { Signal } from './analysis-record';
import { integratedLoudness, loudnessRange, lufsOf, maxMomentary, windowEnergies } from './gating';
import { addKWeightedEnergies, channelWeights, type EnergyRuns } from './k-weighting';
import { measureLevels } from './levels';
import { truePeak } from './true-peak';

/** The levels and silences of FileAnalysis, which this module measures. */
export type Loudness = Pick<
  FileAnalysis,
  'lufs' | 'mmax' | 'lra' | 'samplePeakDb' | 'truePeakDb' | 'rmsDb' | 'leadSec' | 'tailSec'
>;

/** dB of a linear level; null for silence (no level to show or sort by). */
const dbOf = (linear: number): number | null => (linear > 0 ? 20 * Math.log10(linear) : null);

/** K-weighted, channel-weighted energies of a signal per 100 ms segment and per 10 ms tick. */
export function kWeightedRuns({ planes, sampleRate }: Signal): {
  segments: EnergyRuns;
  ticks: EnergyRuns;
} {
  const frames = planes[0]?.length ?? 0;
  // libebur128's 100 ms, (fs + 5) / 10 in integers; the tick is a tenth of it, rounded.
  const segment = Math.floor((sampleRate + 5) / 10);
  const tick = Math.max(1, Math.round(segment / 10));
  const segments = { size: segment, energies: new Float64Array(Math.floor(frames / segment)) };
  const ticks = { size: tick, energies: new Float64Array(Math.ceil(frames / tick)) };
  const weights = channelWeights(planes.length);
  const weighted = planes
    .map((plane, c) => ({ plane, weight: weights[c]! }))
    .filter(({ weight }) => weight > 0);
  for (let c = 0; c < weighted.length; c += 2) {
    const silent = { plane: weighted[c]!.plane, weight: 0 };
    addKWeightedEnergies([weighted[c]!, weighted[c + 1] ?? silent], sampleRate, segments, ticks);
  }
  return { segments, ticks };
}

/** Momentary (0.4 s) or short-term (3 s) loudness every 100 ms, LUFS (meters and tests). */
export function loudnessSeries(signal: Signal, seconds: 0.4 | 3): number[] {
  const { segments } = kWeightedRuns(signal);
  return Array.from(windowEnergies(segments.energies, seconds * 10, segments.size), lufsOf);
}

/**
 * Loudness and levels of a decoded signal (ITU-R BS.1770-4 / EBU R128 / Tech 3342): integrated
 * loudness (null without a gated 400 ms block), max momentary loudness (one zero-padded window
 * for files under 400 ms), loudness range (null without a 3 s window above the gates), sample
 * and 4x true peak, RMS, and the silence before and after the sound. Throws a RangeError naming
 * the first NaN or infinite sample (a damaged float file).
 */
export function measureLoudness(signal: Signal): Loudness {
  const { planes, sampleRate } = signal;
  const levels = measureLevels(planes, sampleRate);
  const { segments, ticks } = kWeightedRuns(signal);
  return {
    lufs: integratedLoudness(windowEnergies(segments.energies, 4, segments.size)),
    mmax: maxMomentary(ticks.energies, ticks.size, 4 * segments.size),
    lra: loudnessRange(windowEnergies(segments.energies, 30, segments.size)),
    samplePeakDb: dbOf(levels.samplePeak),
    truePeakDb: dbOf(truePeak(planes, sampleRate, levels.samplePeak)),
    rmsDb: dbOf(levels.rms),
    leadSec: levels.leadSec,
    tailSec: levels.tailSec,
  };
}
