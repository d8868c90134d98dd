/** A tempo guessed from a file's name ("Loop 90 BPM.wav", "Drums_128_Am.aif"). */

import type { AudioHeader } from './header-types';

const MIN_GUESSED_TEMPO = 40;
const MAX_GUESSED_TEMPO = 300;
/** "120bpm", "Loop 90 BPM", "92.5_bpm". */
const TEMPO_BEFORE_BPM = /(?:^|[^\d.])(\d{2,3}(?:\.\d{1,2})?)[\s_-]?bpm/i;
/** "bpm120", "BPM_128". */
const TEMPO_AFTER_BPM = /bpm[\s_-]?(\d{2,3}(?:\.\d{1,2})?)(?![\d.])/i;
/** A bare number between separators, "Drums_128_Am"; at the ends it is more often an index. */
const BARE_NUMBER = /[\s_-]([1-9]\d{1,2})(?=[\s_-])/g;

export function applyTempoGuess(header: AudioHeader, fileName: string | undefined): void {
  if (header.tempo !== null || !fileName) return;
  const tempo = guessTempoFromFileName(fileName);
  if (tempo !== null) {
    header.tempo = tempo;
    header.tempoSource = 'filename';
  }
}

export function guessTempoFromFileName(fileName: string): number | null {
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  let stem = fileName.slice(slash + 1);
  const dot = stem.lastIndexOf('.');
  if (dot > 0 && stem.length - dot <= 6) stem = stem.slice(0, dot);
  if (stem.length > 300) stem = stem.slice(0, 300);

  for (const pattern of [TEMPO_BEFORE_BPM, TEMPO_AFTER_BPM]) {
    const match = pattern.exec(stem);
    const tempo = inTempoRange(match?.[1]);
    if (tempo !== null) return tempo;
  }
  BARE_NUMBER.lastIndex = 0;
  for (let match = BARE_NUMBER.exec(stem); match; match = BARE_NUMBER.exec(stem)) {
    const tempo = inTempoRange(match[1]);
    if (tempo !== null) return tempo;
    // The lookahead leaves the separator unconsumed, so back-to-back numbers are all seen.
  }
  return null;
}

function inTempoRange(text: string | undefined): number | null {
  if (text === undefined) return null;
  const tempo = Number(text);
  return tempo >= MIN_GUESSED_TEMPO && tempo <= MAX_GUESSED_TEMPO ? tempo : null;
}
