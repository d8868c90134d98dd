import { chromaOf } from './chroma';
import { fitKey } from './key-profile';
import { rootPitch } from './yin';

export interface Tonal {
  key: string | null;
  keyConf: number | null;
  rootMidi: number | null;
}

/** "No key" thresholds (research-15 §3.3), calibrated on the synthetic sets. */
const MAX_ENTROPY = 0.95;
const MAX_FLATNESS = 0.3;
/**
 * Tonal files of the sets fit at r ≥ 0.67, the seven drum-loop patterns at ≤ 0.62. A key and its
 * fifth often fit within 0.02 of each other and are still told apart right, so the margin that
 * says "ambiguous" is smaller than research-15's starting 0.02.
 */
const MIN_R = 0.65;
const MIN_MARGIN = 0.01;
/** One pitch class this strong, with few others, is one note: a root, not a key. */
const ONE_NOTE_SHARE = 0.4;
const MAX_APERIODICITY = 0.3;

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Key by profile correlation over the chroma, or null for drums, noise and single notes; root
 * pitch (MIDI with cents) of tuned one-shots by YIN. One-shots get a root and no key.
 */
export function measureTonal(
  mono: Float32Array,
  sampleRate: number,
  kind: 'loop' | 'oneshot' | null,
): Tonal {
  if (mono.length === 0) return { key: null, keyConf: null, rootMidi: null };
  if (kind === 'oneshot') {
    const pitch = rootPitch(mono, sampleRate);
    const rootMidi =
      pitch.midi !== null && pitch.aperiodicity <= MAX_APERIODICITY ? round2(pitch.midi) : null;
    return { key: null, keyConf: null, rootMidi };
  }
  const { chroma, flatness } = chromaOf(mono, sampleRate);
  let entropy = 0;
  let top = 0;
  for (let i = 0; i < 12; i++) {
    const p = chroma[i]!;
    if (p > 0) entropy -= p * Math.log(p);
    top = Math.max(top, p);
  }
  entropy /= Math.log(12);
  if (top === 0 || entropy > MAX_ENTROPY || flatness > MAX_FLATNESS || top > ONE_NOTE_SHARE)
    return { key: null, keyConf: null, rootMidi: null };
  const fit = fitKey(chroma);
  if (fit.r < MIN_R || fit.margin < MIN_MARGIN) return { key: null, keyConf: null, rootMidi: null };
  return { key: fit.key, keyConf: round2(Math.min(1, fit.r)), rootMidi: null };
}
