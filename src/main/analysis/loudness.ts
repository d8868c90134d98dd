import type { Signal } from './analysis-record';

export interface Loudness {
  lufs: number | null;
  mmax: number | null;
  lra: number | null;
  samplePeakDb: number | null;
  truePeakDb: number | null;
  rmsDb: number | null;
  leadSec: number;
  tailSec: number;
}

/**
 * Scaffold for issue 15's loudness slice (BS.1770-4 / R128 / Tech 3342, true peak, silence):
 * replaced by it. Until then only nothing is measured.
 */
export function measureLoudness(_signal: Signal): Loudness {
  return {
    lufs: null,
    mmax: null,
    lra: null,
    samplePeakDb: null,
    truePeakDb: null,
    rmsDb: null,
    leadSec: 0,
    tailSec: 0,
  };
}
