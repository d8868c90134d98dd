import type { FileAnalysis, LibraryFile, SortKey } from '../../shared/contract';
import { keyOrder, normaliseKey } from '../../shared/music-key';
import { fold } from '../../shared/query/fold';
import { NO_META } from '../formats/file-record';
import { loudnessOf } from './entry-sound';

/** A file as the index holds it, with what queries compare precomputed once per change. */
export interface Entry {
  file: LibraryFile;
  /**
   * Name, format, codec, metadata and key, folded (fold.ts): what search words match, with
   * dirKey. null until a search needs it (haystackOf): a restart shows its first page without
   * folding 100,000 files' text, which the index then does in the background (warmSearch).
   */
  haystack: string | null;
  nameKey: string;
  /** The folder, folded; one string shared by every file in it. */
  dirKey: string;
  /** The tagged key by its canonical name ("Am"), null when untagged or not a key. */
  key: string | null;
  /**
   * The user's tags of the file as spelled, folded, and folded and joined by newlines for words,
   * as of marks version `tagsAt` (-1: not read yet). Kept here by library-query.ts so that a
   * keystroke reads a property, not the marks, for each of 100,000 files.
   */
  tagNames: readonly string[];
  tags: readonly string[];
  tagText: string;
  tagsAt: number;
  /** Format, rate, channels and shown key in one string, made when facets first count the file. */
  facetKey: string | null;
  /** The file's analysis, as the index last read it from the analysis view (entry-sound.ts). */
  analysis: FileAnalysis | null;
  /** The tempo the row shows, sorts and filters by: the file's own or the detected one. */
  tempo: number | null;
  tempoSource: LibraryFile['tempoSource'];
  /** The tagged key, else the detected one, by canonical name. */
  shownKey: string | null;
}

/** Every untagged entry's tags: one array, not two per file of 100,000. */
const NO_TAGS: readonly string[] = Object.freeze([]);

/** Built when a file arrives; what only a search reads waits for haystackOf. */
export function entryOf(file: LibraryFile, dirKey: string): Entry {
  const key = file.meta.key === undefined ? null : normaliseKey(file.meta.key);
  return {
    file,
    haystack: null,
    nameKey: file.name.toLowerCase(),
    dirKey,
    key,
    tagNames: NO_TAGS,
    tags: NO_TAGS,
    tagText: '',
    tagsAt: -1,
    facetKey: null,
    analysis: null,
    tempo: file.tempo,
    tempoSource: file.tempoSource,
    shownKey: key,
  };
}

/** The entry's folded text, made once, so a keystroke folds nothing but the words typed. */
export function haystackOf(entry: Entry): string {
  if (entry.haystack !== null) return entry.haystack;
  const { file, key } = entry;
  const m = file.meta;
  let text = `${file.name}\n${file.format}\n${file.codec ?? ''}`;
  if (m !== NO_META) {
    for (const value of [m.title, m.artist, m.comment, m.description, m.originator, m.key]) {
      if (value) text += `\n${value}`;
    }
  }
  // The key's canonical name too: "am" finds a file tagged "8A".
  if (key !== null) text += `\n${key}`;
  entry.haystack = fold(text);
  return entry.haystack;
}

export type Compare = (a: Entry, b: Entry) => number;

/** Two sorted lists as one, in O(n + m): how a small batch joins a sorted 100,000. */
export function merge(a: Entry[], b: Entry[], compare: Compare): Entry[] {
  const out = new Array<Entry>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

export const byName: Compare = (a, b) =>
  a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.file.path < b.file.path ? -1 : 1;

type FileNumber = 'durationSec' | 'sampleRate' | 'bitsPerSample' | 'channels' | 'sizeBytes';

function numeric(
  get: FileNumber | ((e: Entry) => number | null),
): (descending: boolean) => Compare {
  const value = typeof get === 'function' ? get : (e: Entry) => e.file[get];
  return (descending) => (a, b) => {
    const x = value(a);
    const y = value(b);
    // Files without the property go last whichever way the column is sorted.
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : (x < y ? -1 : 1) * (descending ? -1 : 1);
  };
}

function text(get: (e: Entry) => string): (descending: boolean) => Compare {
  return (descending) => (a, b) => {
    const x = get(a);
    const y = get(b);
    return x === y ? byName(a, b) : (x < y ? -1 : 1) * (descending ? -1 : 1);
  };
}

/** Orders of the file's own properties; 'rating' and 'position' follow the marks (library-query.ts). */
export type FileSortKey = Exclude<SortKey, 'rating' | 'position'>;

/** Orders that follow the analysis: the index drops them when the analysis view changes. */
export const HEARD_SORTS: ReadonlySet<FileSortKey> = new Set([
  'tempo',
  'key',
  'loudness',
  'truePeak',
  'brightness',
]);

export const comparators: Record<FileSortKey, (descending: boolean) => Compare> = {
  name: (descending) => (descending ? (a, b) => byName(b, a) : byName),
  durationSec: numeric('durationSec'),
  format: text((e) => e.file.format),
  sampleRate: numeric('sampleRate'),
  bitsPerSample: numeric('bitsPerSample'),
  channels: numeric('channels'),
  sizeBytes: numeric('sizeBytes'),
  tempo: numeric((e) => e.tempo),
  dir: text((e) => e.dirKey),
  key: (descending) => (a, b) => {
    // Files without a key go last whichever way the column is sorted, as with numbers.
    const x = a.shownKey === null ? -1 : keyOrder(a.shownKey);
    const y = b.shownKey === null ? -1 : keyOrder(b.shownKey);
    if (x < 0 || y < 0) return x === y ? byName(a, b) : x < 0 ? 1 : -1;
    return x === y ? byName(a, b) : (x - y) * (descending ? -1 : 1);
  },
  loudness: numeric(loudnessOf),
  truePeak: numeric((e) => e.analysis?.truePeakDb ?? null),
  brightness: numeric((e) => e.analysis?.centroidHz ?? null),
  // The `similar` query's rank (library-query.ts); by name without one.
  similarity: (descending) => (descending ? (a, b) => byName(b, a) : byName),
};
