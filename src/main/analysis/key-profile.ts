import { keyName } from '../../shared/music-key';

/**
 * Key profiles, index 0 = tonic, semitone steps upward (research-15 §3.2). Sha'ath 2011, expanded
 * with harmonics, was picked on the synthetic set of test/fixtures/synth-tonal.ts
 * (bench:analysis-key): Temperley's minor profile wants the raised 7th, which natural-minor
 * material lacks, and read such files as their relative major.
 */
export const PROFILES = {
  temperley: {
    major: [5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0],
    minor: [5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0],
  },
  krumhansl: {
    major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
    minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17],
  },
  shaath: {
    major: [6.6, 2.0, 3.5, 2.3, 4.6, 4.0, 2.5, 5.2, 2.4, 3.7, 2.3, 3.4],
    minor: [6.5, 2.7, 3.5, 5.4, 2.6, 3.5, 2.5, 5.2, 4.0, 2.7, 4.3, 3.2],
  },
  edma: {
    major: [
      1, 0.2875, 0.502, 0.4048, 0.605, 0.5614, 0.3205, 0.7966, 0.3159, 0.4506, 0.4202, 0.3889,
    ],
    minor: [
      1, 0.3096, 0.4415, 0.5827, 0.3262, 0.4948, 0.2889, 0.7804, 0.4328, 0.2903, 0.5331, 0.3217,
    ],
  },
};
export type ProfileName = keyof typeof PROFILES;

export interface KeyFit {
  /** music-key.ts's canonical name ("Am", "F#"). */
  key: string;
  tonic: number;
  minor: boolean;
  /** Pearson r of the best key, and its lead over the second. */
  r: number;
  margin: number;
}

/** Semitone offsets of harmonics 1-4 (octave, octave + fifth, two octaves). */
const HARMONIC_OFFSETS = [0, 12, 19, 24];

/**
 * A "polyphonic" profile: each pitch class also lends its harmonics' pitch classes its weight,
 * `slope`^h for harmonic h + 1, as a chroma of real notes does.
 */
export function withHarmonics(profile: readonly number[], slope = 0.6): number[] {
  const out = new Array<number>(12).fill(0);
  for (let i = 0; i < 12; i++)
    HARMONIC_OFFSETS.forEach((offset, h) => (out[(i + offset) % 12]! += profile[i]! * slope ** h));
  return out;
}

/**
 * A key and its relative (C and Am) share every note of the natural scale, so their correlations
 * differ only by emphasis. When they are this close, the one whose tonic is heard more wins.
 */
const RELATIVE_CLOSE = 0.1;

export interface FitOptions {
  /** Expand the profile with harmonics (default true). */
  harmonics?: boolean;
  /** Settle a close call between relative keys by their tonics' weight (default true). */
  relativeByTonic?: boolean;
}

function pearson(x: ArrayLike<number>, profile: number[], shift: number): number {
  let mx = 0;
  let mp = 0;
  for (let i = 0; i < 12; i++) {
    mx += x[i]!;
    mp += profile[i]!;
  }
  mx /= 12;
  mp /= 12;
  let num = 0;
  let dx = 0;
  let dp = 0;
  for (let i = 0; i < 12; i++) {
    const a = x[i]! - mx;
    const b = profile[(i - shift + 12) % 12]! - mp;
    num += a * b;
    dx += a * a;
    dp += b * b;
  }
  return dx > 0 && dp > 0 ? num / Math.sqrt(dx * dp) : 0;
}

/** The key whose rotated profile correlates best with the chroma (Krumhansl-Schmuckler). */
export function fitKey(
  chroma: ArrayLike<number>,
  profile: ProfileName = 'shaath',
  options: FitOptions = {},
): KeyFit {
  const { harmonics = true, relativeByTonic = true } = options;
  const raw = PROFILES[profile];
  const major = harmonics ? withHarmonics(raw.major) : raw.major;
  const minor = harmonics ? withHarmonics(raw.minor) : raw.minor;
  const fits: { tonic: number; minor: boolean; r: number }[] = [];
  for (let tonic = 0; tonic < 12; tonic++) {
    fits.push({ tonic, minor: false, r: pearson(chroma, major, tonic) });
    fits.push({ tonic, minor: true, r: pearson(chroma, minor, tonic) });
  }
  fits.sort((a, b) => b.r - a.r);
  const best = fits[0]!;
  let chosen = best;
  let margin = best.r - fits[1]!.r;
  if (relativeByTonic) {
    const relativeTonic = (best.tonic + (best.minor ? 3 : 9)) % 12;
    const isPair = (f: { tonic: number; minor: boolean }) =>
      f === best || (f.minor !== best.minor && f.tonic === relativeTonic);
    const relative = fits.find((f) => f !== best && isPair(f))!;
    if (best.r - relative.r < RELATIVE_CLOSE) {
      if (chroma[relativeTonic]! > chroma[best.tonic]!) chosen = relative;
      // How far the pair leads the rest says how clear the key is; their order is settled here.
      margin = best.r - fits.find((f) => !isPair(f))!.r;
    }
  }
  return {
    key: keyName(chosen),
    tonic: chosen.tonic,
    minor: chosen.minor,
    r: chosen.r,
    margin,
  };
}
