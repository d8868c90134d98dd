/**
 * Musical keys as tags spell them ("Am", "A minor", "Amin", "8A", "1m", "F♯ min") brought to one
 * name per key, so the Key column and its filter agree whatever wrote the tag (a sample's root
 * note is named by ../note-name.ts). Used by the index (filter, sort, facets) and the renderer
 * (the column), hence shared.
 */

/** Majors then minors, tonic C = 0 upwards: spelled with the fewest accidentals (F# and Ebm
 * where sharps and flats tie, as the Camelot wheel names them). */
const MAJOR_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
const MINOR_NAMES = ['Cm', 'C#m', 'Dm', 'Ebm', 'Em', 'Fm', 'F#m', 'Gm', 'G#m', 'Am', 'Bbm', 'Bm'];
const LETTERS: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

export interface MusicKey {
  /** Pitch class of the tonic, C = 0 … B = 11. */
  tonic: number;
  minor: boolean;
}

const MINOR_WORDS = new Set(['m', 'min', 'minor', 'moll', 'mi']);
const MAJOR_WORDS = new Set(['', 'maj', 'major', 'dur', 'ma']);

const mod12 = (n: number) => ((n % 12) + 12) % 12;

/** One spelling of one key, or null. */
function parseOne(raw: string): MusicKey | null {
  const text = raw.trim().toLowerCase().replace(/♯/g, '#').replace(/♭/g, 'b').replace(/-/g, ' ');
  // Camelot (8A = A minor, 8B = C major) and Open Key (1m = A minor, 1d = C major): a wheel of
  // fifths numbered 1-12, where the next number is a fifth up.
  const wheel = /^0?(1[0-2]|[1-9])\s*([abdm])$/.exec(text);
  if (wheel) {
    const n = Number(wheel[1]);
    const letter = wheel[2];
    const camelot = letter === 'a' || letter === 'b';
    const minor = letter === 'a' || letter === 'm';
    const step = camelot ? n - 8 : n - 1;
    return { tonic: mod12((minor ? 9 : 0) + 7 * step), minor };
  }
  // After the letter a "b" is always a flat: no mode word starts with one.
  const note = /^([a-g])\s*(#|b|sharp|flat)?\s*(.*)$/.exec(text);
  if (!note) return null;
  const [, letter = '', accidental = '', rest = ''] = note;
  let tonic = LETTERS[letter];
  if (tonic === undefined) return null;
  if (accidental === '#' || accidental === 'sharp') tonic += 1;
  else if (accidental === 'b' || accidental === 'flat') tonic -= 1;
  const mode = rest.replace(/\s+/g, '');
  if (MINOR_WORDS.has(mode)) return { tonic: mod12(tonic), minor: true };
  if (MAJOR_WORDS.has(mode)) return { tonic: mod12(tonic), minor: false };
  return null;
}

/**
 * The key a tag names, or null when it names none we know (empty, "o" for off-key, free text).
 * Several spellings of one key ("8A - Am", "Am/8A") count as that key; of two keys ("Am/C"), none.
 */
export function parseKey(text: string): MusicKey | null {
  const parts = text.split(/[/|,]|\s-\s|\(|\)/).filter((p) => p.trim() !== '');
  if (parts.length === 0 || parts.length > 3) return null;
  let found: MusicKey | null = null;
  for (const part of parts) {
    const key = parseOne(part);
    if (!key) return null;
    if (found && (found.tonic !== key.tonic || found.minor !== key.minor)) return null;
    found = key;
  }
  return found;
}

export function keyName(key: MusicKey): string {
  return (key.minor ? MINOR_NAMES : MAJOR_NAMES)[key.tonic] ?? '?';
}

/** The canonical name ("Am", "F#", "Ebm") of the key a tag names, or null. */
export function normaliseKey(text: string): string | null {
  const key = parseKey(text);
  return key ? keyName(key) : null;
}

/** Where a canonical key name sorts: C, Cm, Db, C#m, … B, Bm (by tonic, major first); -1 if none. */
export function keyOrder(name: string): number {
  const major = MAJOR_NAMES.indexOf(name);
  if (major >= 0) return major * 2;
  const minor = MINOR_NAMES.indexOf(name);
  return minor >= 0 ? minor * 2 + 1 : -1;
}
