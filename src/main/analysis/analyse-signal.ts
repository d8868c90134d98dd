import type { AnalysisHints, AnalysisRecord, Signal } from './analysis-record';
import { measureLoudness } from './loudness';
import { measureRhythm } from './rhythm';
import { measureTimbre } from './timbre';
import { measureTonal } from './tonal';

/**
 * The channels' average: what tempo, key, pitch and timbre listen to. `inPlace` writes it over
 * the first plane instead of into new memory (a 5-minute file's mix is 53 MB, slow to touch
 * fresh): the signal is then no longer the file's.
 */
export function monoOf({ planes }: Signal, inPlace = false): Float32Array {
  if (planes.length === 1) return planes[0]!;
  const frames = planes[0]?.length ?? 0;
  const mono = inPlace ? planes[0]! : new Float32Array(frames);
  if (planes.length === 2) {
    // Most files: one pass instead of three.
    const [left, right] = planes as [Float32Array, Float32Array];
    for (let i = 0; i < frames; i++) mono[i] = (left[i]! + right[i]!) * 0.5;
    return mono;
  }
  for (const plane of inPlace ? planes.slice(1) : planes) {
    for (let i = 0; i < frames; i++) mono[i]! += plane[i]!;
  }
  const scale = 1 / planes.length;
  for (let i = 0; i < frames; i++) mono[i]! *= scale;
  return mono;
}

/**
 * Every measure of one decoded file (runs in a worker thread; pure, so tests call it directly).
 * `consume`: the signal is not needed afterwards, so its first plane may become the mono mix.
 */
export function analyseSignal(
  signal: Signal,
  hints: AnalysisHints,
  { consume = false }: { consume?: boolean } = {},
): AnalysisRecord {
  const loudness = measureLoudness(signal);
  const mono = monoOf(signal, consume);
  const rhythm = measureRhythm(mono, signal.sampleRate, {
    ...hints,
    leadSec: loudness.leadSec,
    tailSec: loudness.tailSec,
  });
  const tonal = measureTonal(mono, signal.sampleRate, rhythm.kind);
  const timbre = measureTimbre(mono, signal.sampleRate);
  return { ...loudness, ...rhythm, ...tonal, ...timbre };
}
