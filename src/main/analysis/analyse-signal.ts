import type { AnalysisHints, AnalysisRecord, Signal } from './analysis-record';
import { measureLoudness } from './loudness';
import { measureRhythm } from './rhythm';
import { measureTimbre } from './timbre';
import { measureTonal } from './tonal';

/** The channels' average: what tempo, key, pitch and timbre listen to. */
export function monoOf({ planes }: Signal): Float32Array {
  if (planes.length === 1) return planes[0]!;
  const frames = planes[0]?.length ?? 0;
  const mono = new Float32Array(frames);
  if (planes.length === 2) {
    // Most files: one pass instead of three.
    const [left, right] = planes as [Float32Array, Float32Array];
    for (let i = 0; i < frames; i++) mono[i] = (left[i]! + right[i]!) * 0.5;
    return mono;
  }
  for (const plane of planes) for (let i = 0; i < frames; i++) mono[i]! += plane[i]!;
  const scale = 1 / planes.length;
  for (let i = 0; i < frames; i++) mono[i]! *= scale;
  return mono;
}

/** Every measure of one decoded file (runs in a worker thread; pure, so tests call it directly). */
export function analyseSignal(signal: Signal, hints: AnalysisHints): AnalysisRecord {
  const loudness = measureLoudness(signal);
  const mono = monoOf(signal);
  const rhythm = measureRhythm(mono, signal.sampleRate, {
    ...hints,
    leadSec: loudness.leadSec,
    tailSec: loudness.tailSec,
  });
  const tonal = measureTonal(mono, signal.sampleRate, rhythm.kind);
  const timbre = measureTimbre(mono, signal.sampleRate);
  return { ...loudness, ...rhythm, ...tonal, ...timbre };
}
