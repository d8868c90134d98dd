import type { FileMarks, LibraryQuery, QueryProblem } from '../../shared/contract';
import { normaliseKey } from '../../shared/music-key';
import { fold } from '../../shared/query/fold';
import {
  parseQuery,
  type NumberRange,
  type QueryFilter,
  type QueryWord,
} from '../../shared/query/parse-query';
import { isUnder } from '../platform/path-under';
import { loudnessOf, tempoMatches } from './entry-sound';
import type { Entry } from './library-entry';

export { tempoMatches };

/** Whether a file (with its marks, or NO_MARKS when the query reads none) passes one filter. */
export type Check = (entry: Entry, marks: FileMarks) => boolean;

/** The sidebar's filters, each of which has counts in the facets. */
export type FacetName = 'formats' | 'sampleRates' | 'channels' | 'keys';

export interface CompiledQuery {
  /** What every result passes: the folder, the tempo match and the search text's filters. */
  always: Check[];
  /** The sidebar's filters by facet: a facet's counts leave out its own filter. */
  facets: Partial<Record<FacetName, Check>>;
  words: QueryWord[];
  /** Some check reads the marks (fav, rating, colour). */
  needsMarks: boolean;
  /** The first `in:` collection's paths in its order: what the 'position' sort follows. */
  collection: readonly string[] | null;
  problems: QueryProblem[];
  /** All that decides which files pass besides the words (not the spans): a cache key. */
  filterKey: string;
}

/** A collection `in:` names: its paths in the user's order, and as a set. */
export interface NamedCollection {
  order: readonly string[];
  paths: ReadonlySet<string>;
}

/** What checks read besides the entry itself, kept by library-query.ts per marks version. */
export interface QuerySources {
  /** The file's tags, folded. */
  tagsOf(entry: Entry): readonly string[];
  /** A collection by name, in any case. */
  collection(name: string): NamedCollection | undefined;
}

function inRange(x: number | null, r: NumberRange): boolean {
  if (x === null) return false;
  return (r.minOpen ? x > r.min : x >= r.min) && (r.maxOpen ? x < r.max : x <= r.max);
}

/** What the analysis's number fields of the search read (loudness as the Loudness sort). */
const MEASURES: Record<'lufs' | 'peak' | 'lra' | 'rms' | 'bright', (e: Entry) => number | null> = {
  lufs: loudnessOf,
  peak: (e) => e.analysis?.truePeakDb ?? null,
  lra: (e) => e.analysis?.lra ?? null,
  rms: (e) => e.analysis?.rmsDb ?? null,
  bright: (e) => e.analysis?.centroidHz ?? null,
};

const TEMPO_SOURCES: Record<'detected' | 'file' | 'name', readonly Entry['tempoSource'][]> = {
  detected: ['detected'],
  file: ['acid', 'tag'],
  name: ['filename'],
};

/** The root note the file's smpl chunk names, else the one heard (to the nearest semitone). */
function rootNoteOf(e: Entry): number | null {
  if (e.file.meta.rootNote !== undefined) return e.file.meta.rootNote;
  const heard = e.analysis?.rootMidi;
  return heard == null ? null : Math.round(heard);
}

/** Other names a format goes by in `format:` (its extension). */
const FORMAT_ALIASES: Record<string, string> = { aif: 'aiff', aifc: 'aiff-c', wave: 'wav' };

/** Fields read from the marks themselves (tags come folded from `tagsOf`). */
const MARK_FIELDS = new Set<QueryFilter['field']>(['fav', 'rating', 'color']);

function checkOf(filter: QueryFilter, sources: QuerySources): Check {
  switch (filter.field) {
    case 'tag': {
      const { tag } = filter;
      return (e) => sources.tagsOf(e).includes(tag);
    }
    case 'fav':
      return (_, m) => m.fav;
    case 'rating': {
      const { range } = filter;
      return (_, m) => inRange(m.rating, range);
    }
    case 'color': {
      const { color } = filter;
      return (_, m) => m.color === color;
    }
    case 'bpm': {
      const { range } = filter;
      return (e) => inRange(e.tempo, range);
    }
    case 'dur': {
      const { range } = filter;
      return (e) => inRange(e.file.durationSec, range);
    }
    case 'key': {
      const { key } = filter;
      // key:none: analysed, and in no key, tagged or heard.
      if (key === null) return (e) => e.analysis !== null && e.shownKey === null;
      return (e) => e.shownKey === key;
    }
    case 'lufs':
    case 'peak':
    case 'lra':
    case 'rms':
    case 'bright': {
      const { range } = filter;
      const measure = MEASURES[filter.field];
      return (e) => inRange(measure(e), range);
    }
    case 'type': {
      const { kind } = filter;
      return (e) => e.analysis?.kind === kind;
    }
    case 'note': {
      const { pitchClass, midi } = filter;
      return (e) => {
        const root = rootNoteOf(e);
        return root !== null && (midi === null ? root % 12 === pitchClass : root === midi);
      };
    }
    case 'bpmsrc': {
      const sources = TEMPO_SOURCES[filter.source];
      return (e) => e.tempoSource !== null && sources.includes(e.tempoSource);
    }
    case 'format': {
      const format = FORMAT_ALIASES[filter.format] ?? filter.format;
      // The codec too: format:opus finds Ogg Opus, format:pcm uncompressed WAV and AIFF.
      return (e) =>
        fold(e.file.format) === format || (e.file.codec !== null && fold(e.file.codec) === format);
    }
    case 'in': {
      const paths = sources.collection(filter.collection)?.paths ?? new Set();
      return (e) => paths.has(e.file.path);
    }
  }
}

/**
 * Filters of one field that a file has one value of (format, key, colour, type, note, tempo
 * source): any of them.
 */
const ANY_OF = new Set<QueryFilter['field']>(['format', 'key', 'color', 'type', 'note', 'bpmsrc']);

const anyOf =
  (checks: Check[]): Check =>
  (e, m) =>
    checks.some((c) => c(e, m));
const not =
  (check: Check): Check =>
  (e, m) =>
    !check(e, m);

/**
 * A query (the sidebar's filters and the search text) as checks on the index's entries; a
 * collection `in:` names that does not exist is a problem and left out, like bad syntax.
 */
export function compileQuery(query: LibraryQuery, sources: QuerySources): CompiledQuery {
  const parsed = parseQuery(query.search);
  const problems = [...parsed.problems];
  let collection: readonly string[] | null = null;
  const filters = parsed.filters.filter((f) => {
    if (f.field !== 'in') return true;
    const found = sources.collection(f.collection);
    if (!found) {
      problems.push({
        start: f.start,
        end: f.end,
        message: `no collection is named "${f.collection}" (in: takes a collection's name, in quotes if it has spaces)`,
      });
      return false;
    }
    if (!f.negate) collection ??= found.order;
    return true;
  });
  problems.sort((a, b) => a.start - b.start);

  const always: Check[] = [];
  const grouped = new Map<QueryFilter['field'], Check[]>();
  for (const filter of filters) {
    const check = checkOf(filter, sources);
    if (filter.negate) always.push(not(check));
    else if (ANY_OF.has(filter.field))
      grouped.set(filter.field, [...(grouped.get(filter.field) ?? []), check]);
    else always.push(check);
  }
  for (const checks of grouped.values())
    always.push(checks.length === 1 ? checks[0]! : anyOf(checks));
  const { folder, tempoMatch: tempo } = query;
  if (folder) always.push((e) => isUnder(e.file.dir, folder));
  if (tempo) always.push((e) => e.tempo !== null && tempoMatches(e.tempo, tempo));

  const facets: Partial<Record<FacetName, Check>> = {};
  if (query.formats.length) {
    const formats = new Set(query.formats);
    facets.formats = (e) => formats.has(e.file.format);
  }
  if (query.sampleRates.length) {
    const rates = new Set(query.sampleRates);
    facets.sampleRates = (e) => e.file.sampleRate !== null && rates.has(e.file.sampleRate);
  }
  if (query.channels.length) {
    const channels = new Set(query.channels);
    facets.channels = (e) => e.file.channels !== null && channels.has(e.file.channels);
  }
  if (query.keys.length) {
    const keys = new Set(query.keys.map(normaliseKey));
    facets.keys = (e) => e.shownKey !== null && keys.has(e.shownKey);
  }

  const { search: _search, sort: _sort, descending: _descending, ...sidebar } = query;
  const filterKey = JSON.stringify([
    sidebar,
    filters.map(({ start: _start, end: _end, ...f }) => f),
  ]);
  return {
    always,
    facets,
    words: parsed.words,
    needsMarks: filters.some((f) => MARK_FIELDS.has(f.field)),
    collection,
    problems,
    filterKey,
  };
}
