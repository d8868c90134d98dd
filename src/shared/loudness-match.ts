import type { FileAnalysis } from './contract/analysis';

/** The loudness every file plays at when matching is on (LUFS): the user's choice, in this range. */
export const LOUDNESS_TARGET_RANGE = { min: -30, max: -10 } as const;
export const DEFAULT_LOUDNESS_TARGET = -18;
/** No file is raised above this true peak (dBTP), so matching never clips. */
export const MATCH_CEILING_DBTP = -1;
/** The largest raise: more would lift a near-silent file's noise floor to full loudness. */
export const MAX_MATCH_GAIN_DB = 24;

/**
 * The gain (dB) that plays a file at `targetLufs`: min(target - L, ceiling - true peak, +24),
 * where L is the integrated loudness, or for files too short to have one the max momentary
 * loudness. 0 when the file has neither (silence, or not analysed yet): it plays as it is.
 */
export function matchedGainDb(
  analysis: Pick<FileAnalysis, 'lufs' | 'mmax' | 'truePeakDb'> | null,
  targetLufs: number,
  ceilingDbtp: number = MATCH_CEILING_DBTP,
): number {
  const loudness = analysis?.lufs ?? analysis?.mmax ?? null;
  if (loudness === null || analysis === null) return 0;
  const peakRoom = analysis.truePeakDb === null ? Infinity : ceilingDbtp - analysis.truePeakDb;
  return Math.min(targetLufs - loudness, peakRoom, MAX_MATCH_GAIN_DB);
}
