import type { AnalysisHints } from './analysis-record';

export interface Rhythm {
  kind: 'loop' | 'oneshot' | null;
  beats: number | null;
  bpm: number | null;
  bpmAlt: number | null;
}

/** Scaffold for issue 15's rhythm slice (onset envelope, tempo, loop or one-shot): replaced by it. */
export function measureRhythm(
  _mono: Float32Array,
  _sampleRate: number,
  _context: AnalysisHints & { leadSec: number; tailSec: number },
): Rhythm {
  return { kind: null, beats: null, bpm: null, bpmAlt: null };
}
