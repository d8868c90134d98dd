import type { AnalysisHints } from './analysis-record';
import { silentEnds } from './decimate';
import { onsetEnvelope, onsetPeaks } from './onset';
import { CombFit, MAX_BPM, MIN_BPM, coarseTempo, fitGrid, metreScore, tempoPrior } from './tempo';

export interface Rhythm {
  kind: 'loop' | 'oneshot' | null;
  beats: number | null;
  bpm: number | null;
  bpmAlt: number | null;
}

/** Loop lengths in beats a pack cuts to: whole bars of 4/4 first, then half bars and 3/4. */
const SNAP_BEATS = [4, 8, 16, 32, 64, 2, 6, 12, 24, 48, 3];
/** How near the comb's tempo a whole-beats length must lie to be taken (research-15 §2.3). */
const SNAP_TOLERANCE = 0.015;
const FADED_SNAP_TOLERANCE = 0.003;
/** Half/double: the runner-up is reported when it scores this near the winner. */
const AMBIGUOUS = 0.9;
/** How much better (metreScore) another level must read to overrule the comb's pick. */
const METRE_MARGIN = 0.1;

const NONE: Rhythm = { kind: null, beats: null, bpm: null, bpmAlt: null };
const round2 = (x: number) => Math.round(x * 100) / 100;
const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * b;

/** True when the file's own metadata or name says it is a loop (research-15 §2.4). */
function hintedLoop(context: AnalysisHints): boolean {
  return (
    context.tempoSource === 'acid' ||
    context.tempoSource === 'tag' ||
    (context.beats ?? 0) > 0 ||
    /loop/i.test(context.name)
  );
}

/** RMS of the last 50 ms against the peak: loops are cut mid-sound, one-shots decay away. */
function endsInSound(mono: Float32Array, sampleRate: number, peak: number): boolean {
  const count = Math.min(mono.length, Math.round(0.05 * sampleRate));
  let sum = 0;
  for (let i = mono.length - count; i < mono.length; i++) sum += mono[i]! * mono[i]!;
  return count > 0 && Math.sqrt(sum / count) > peak * 0.01;
}

/**
 * Tempo, loop or one-shot, and a loop's length in beats (research-15 §2). The detected tempo is
 * what is heard; hints only choose between half and double time and mark a file as a loop.
 * Leading and trailing silence are measured here (the context's may come from another threshold).
 */
export function measureRhythm(
  mono: Float32Array,
  sampleRate: number,
  context: AnalysisHints & { leadSec: number; tailSec: number },
): Rhythm {
  const duration = mono.length / sampleRate;
  const ends = silentEnds(mono, sampleRate);
  if (ends.peak === 0 || duration === 0) return NONE;
  const hinted = hintedLoop(context);
  if (!hinted && duration < 1) return { ...NONE, kind: 'oneshot' };

  const { strength, low, frameRate } = onsetEnvelope(mono, sampleRate);
  const peaks = onsetPeaks(strength, frameRate);
  const onsets = peaks.length;
  // Fewer than four onsets is never rhythmic (below): a one-shot, without the comb's cost.
  if (!hinted && onsets < 4) return { ...NONE, kind: 'oneshot' };
  const coarse = coarseTempo(strength, frameRate);
  if (coarse === null) return { ...NONE, kind: hinted ? 'loop' : 'oneshot' };
  const comb = new CombFit(strength, frameRate);
  const first = comb.refine(coarse);

  // Half or double time: the comb at T/2 and 2T, weighed by the prior.
  const candidates = [first];
  for (const factor of [0.5, 2]) {
    const bpm = first.bpm * factor;
    if (bpm >= MIN_BPM && bpm <= MAX_BPM) candidates.push(comb.refine(bpm, 0.004));
  }
  // A file cut mid-sound is most likely cut to whole beats, so those lengths weigh more.
  const cut = endsInSound(mono, sampleRate, ends.peak);
  // Its length with the lead trimmed, and with the silent tail too: a loop may end in a quiet
  // step that reads as silence, so both are tried.
  const spans = [duration - ends.leadSec, duration - ends.leadSec - ends.tailSec];
  const span = spans[1]!;
  // Whole-beat lengths are candidates too: a one-bar loop holds too few beats for the
  // autocorrelation, which then hears 2/3 or 4/3 of the tempo.
  for (const n of SNAP_BEATS)
    for (const length of spans) {
      const bpm = (60 * n) / length;
      if (bpm >= MIN_BPM && bpm <= MAX_BPM && !candidates.some((c) => near(c.bpm, bpm, 0.03)))
        candidates.push({
          bpm,
          score: comb.score(bpm) * (n % 4 === 0 ? 1 : 0.9) * (cut ? 1.3 : 1),
        });
    }
  const inRange = candidates.filter((c) => c.bpm >= MIN_BPM && c.bpm <= MAX_BPM);
  if (inRange.length === 0) inRange.push(first);
  const weighed = inRange
    .map((c) => ({ ...c, weight: c.score * tempoPrior(c.bpm) }))
    .sort((a, b) => b.weight - a.weight);
  let best = weighed[0]!;
  let alt: (typeof weighed)[number] | null =
    weighed[1] && weighed[1].weight >= AMBIGUOUS * best.weight ? weighed[1] : null;
  // The comb found the pulse; its metrical level (the beat, its half or its double) is the
  // one a musician writes.
  const lowComb = new CombFit(low, frameRate);
  const levels = [best.bpm / 2, best.bpm, best.bpm * 2]
    .filter((b) => b >= MIN_BPM && b <= MAX_BPM)
    .map((b) => ({ bpm: b, metre: metreScore(comb, lowComb, b) }))
    .sort((a, b) => b.metre - a.metre);
  // Only a clear backbeat overrules the comb: evenly struck chords have none to read.
  const picked = levels.find((l) => l.bpm === best.bpm)?.metre ?? -Infinity;
  if (levels[0]!.bpm !== best.bpm && levels[0]!.metre - picked >= METRE_MARGIN) {
    const level = comb.refine(levels[0]!.bpm, 0.004);
    alt = best;
    best = { ...level, weight: level.score };
  }
  // A tempo the file names settles half/double time when it is one of them.
  const named = context.tempo;
  if (named !== null && named > 0) {
    const match = weighed.find((c) => near(c.bpm, named, 0.02));
    if (match && match !== best) [best, alt] = [match, best];
  }

  // Sub-frame precision from the peaks on the grid.
  const fitted = fitGrid(strength, frameRate, peaks, best.bpm);
  const onGrid = fitted !== null && near(fitted.bpm, best.bpm, 0.02);
  if (onGrid) best = { ...best, bpm: fitted.bpm };

  const rhythmic = onsets >= 4 && best.score >= 1.5 * comb.mean && duration >= 1;
  // Duration snap: a loop cut to whole beats has an exact tempo 60·n / its sounding length.
  let bpm = best.bpm;
  let beats: number | null = null;
  const beatCounts =
    context.beats !== null && context.beats > 0 ? [context.beats, ...SNAP_BEATS] : SNAP_BEATS;
  snap: for (const n of beatCounts)
    for (const length of spans) {
      const snapped = (60 * n) / length;
      // A loop that fades out has a tail of no whole beats: only a near-exact length is taken.
      if (near(snapped, best.bpm, cut ? SNAP_TOLERANCE : FADED_SNAP_TOLERANCE)) {
        [bpm, beats] = [snapped, n];
        break snap;
      }
    }
  if (beats === null) {
    const count = (span * bpm) / 60;
    if (count >= 1 && Math.abs(count - Math.round(count)) <= 0.02 * count)
      beats = Math.round(count);
  }
  // Four or more hits on one 8th-note grid make a pattern, even one that fades out.
  const pattern = onGrid && fitted.positions >= 4;
  const loop = hinted || (rhythmic && (cut || beats !== null || onsets >= 8 || pattern));
  if (!loop) return { ...NONE, kind: 'oneshot' };
  // A loop by its name or tags, without a beat to hear (a pad, a drone): no tempo to report.
  if (!rhythmic) return { ...NONE, kind: 'loop', beats: context.beats };
  const altBpm = alt ? alt.bpm * (bpm / best.bpm) : null;
  return { kind: 'loop', beats, bpm: round2(bpm), bpmAlt: altBpm === null ? null : round2(altBpm) };
}
