import type { FileAnalysis, LibraryFile } from '../../shared/contract';
import { normaliseKey } from '../../shared/music-key';
import { fold } from '../../shared/query/fold';
import type { AnalysisView } from '../analysis/analysis-view';
import type { Entry } from './library-entry';

/** No analysis at all: what the library reads until the analysis service is wired in. */
export const NO_ANALYSIS: AnalysisView = Object.freeze({
  version: 0,
  of: () => null,
  similar: { set: () => {}, delete: () => {}, vectorOf: () => null, nearest: () => [] },
});

/** A loop at 60 or 240 BPM fits a 120 BPM clock too (half and double time), within 2 %. */
export function tempoMatches(fileBpm: number, clockBpm: number): boolean {
  return [fileBpm, fileBpm * 2, fileBpm / 2].some((t) => Math.abs(t - clockBpm) <= clockBpm * 0.02);
}

type Tempo = Pick<LibraryFile, 'tempo' | 'tempoSource'>;

/**
 * The tempo a row shows, sorts and filters by (research §2.4): what the file says (acid chunk or
 * tag) first; a tempo guessed from the name while the detection agrees with it (same, half or
 * double within 2 %); otherwise the detected one.
 */
export function effectiveTempo(file: LibraryFile, analysis: FileAnalysis | null): Tempo {
  const own: Tempo = { tempo: file.tempo, tempoSource: file.tempoSource };
  const detected = analysis?.bpm ?? null;
  if (detected === null || file.tempoSource === 'acid' || file.tempoSource === 'tag') return own;
  if (file.tempo !== null && file.tempoSource === 'filename') {
    const heard = analysis?.bpmAlt == null ? [detected] : [detected, analysis.bpmAlt];
    if (heard.some((bpm) => tempoMatches(bpm, file.tempo!))) return own;
  }
  return { tempo: detected, tempoSource: 'detected' };
}

/** Detected keys by canonical name (24 of them): read once, not once per file. */
const heardKeys = new Map<string, string | null>();
function heardKey(written: string): string | null {
  let key = heardKeys.get(written);
  if (key === undefined) {
    key = normaliseKey(written);
    if (heardKeys.size < 1000) heardKeys.set(written, key);
  }
  return key;
}

/**
 * Brings what the entry shows of the analysis up to the view's current value: its analysis, its
 * effective tempo, and its key (the tagged one, else the detected one). False when unchanged.
 */
export function hear(entry: Entry, view: AnalysisView): boolean {
  const analysis = view.of(entry.file.path);
  // The view hands out the same object while a file's analysis stays: most files, per version.
  if (analysis === entry.analysis) return false;
  entry.analysis = analysis;
  const { tempo, tempoSource } = effectiveTempo(entry.file, analysis);
  entry.tempo = tempo;
  entry.tempoSource = tempoSource;
  const key = entry.key ?? (analysis?.key ? heardKey(analysis.key) : null);
  if (key !== entry.shownKey) {
    entry.shownKey = key;
    entry.facetKey = null;
  }
  return true;
}

/** A key's name as search words match it ("f#m"), made once per key, not per file and word. */
const keyTexts = new Map<string, string>();
export function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = fold(key);
    if (keyTexts.size < 1000) keyTexts.set(key, text);
  }
  return text;
}

/** Integrated loudness, or the max momentary loudness of files too short for it. */
export const loudnessOf = (e: Entry): number | null => e.analysis?.lufs ?? e.analysis?.mmax ?? null;
