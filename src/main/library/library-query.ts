import {
  libraryQuery,
  NO_MARKS,
  type Facet,
  type FileMarks,
  type LibraryFacets,
  type LibraryPage,
  type LibraryQuery,
  type QueryProblem,
  type SortKey,
} from '../../shared/contract';
import { keyOrder, normaliseKey } from '../../shared/music-key';
import { fold } from '../../shared/query/fold';
import type { QueryWord } from '../../shared/query/parse-query';
import type { AnalysisView } from '../analysis/analysis-view';
import type { MarksView } from '../marks/marks-view';
import { keyText } from './entry-sound';
import { haystackOf, type Entry, type FileSortKey } from './library-entry';
import {
  compileQuery,
  type CompiledQuery,
  type Check,
  type FacetName,
  type NamedCollection,
  type QuerySources,
} from './query-checks';

/** What the queries read of the index. */
export interface IndexedFiles {
  /** Bumped on every change of the files. */
  readonly version: number;
  /** Every entry in an order of the file's own properties, kept by the index. */
  sortedBy(key: FileSortKey, descending: boolean): Entry[];
  entry(path: string): Entry | undefined;
  entries(): Iterable<Entry>;
}

const EVERYTHING = libraryQuery.parse({});

function facet<T>(counts: Map<T, number>, order: (a: T, b: T) => number): Facet<T>[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => order(a.value, b.value));
}

function add<T>(counts: Map<T, number>, value: T | null, count: number): void {
  if (value !== null) counts.set(value, (counts.get(value) ?? 0) + count);
}

/** Files alike in every facet: one of them, and how many. */
interface Mix {
  entry: Entry;
  count: number;
}

/** A chosen value is listed even when nothing is left of it, so it can be unchosen. */
function keepChosen<T>(counts: Map<T, number>, chosen: readonly T[]): void {
  for (const value of chosen) if (!counts.has(value)) counts.set(value, 0);
}

/** Whether every file with all the `after` words has all the `before` ones too. */
function narrows(before: readonly QueryWord[], after: readonly QueryWord[]): boolean {
  return before.every((b) => !b.negate && after.some((a) => !a.negate && a.text.includes(b.text)));
}

/** The last few values by key (a page and the facets of one query alternate). */
class Recent<V> {
  private readonly values = new Map<string, V>();

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  set(key: string, value: V): V {
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size > 4) this.values.delete(this.values.keys().next().value!);
    return value;
  }
}

interface Result {
  entries: Entry[];
  problems: QueryProblem[];
}

/**
 * Runs queries over the index and the user's marks: filters before words, each stage cached for
 * the versions of both, so a keystroke after `tag:kick` filters only the kicks again.
 */
export class LibraryQueries implements QuerySources {
  // Keys carry the versions of the files and the marks: a stale value is never found again.
  private readonly runs = new Recent<Result>();
  /** The last words run with each set of filters, and what they found. */
  private readonly typed = new Recent<{ words: QueryWord[]; entries: Entry[] }>();
  private readonly filteredBy = new Recent<Entry[]>();
  private readonly facetsBy = new Recent<LibraryFacets>();
  private readonly byRatingBy = new Recent<Entry[]>();
  private readonly similarBy = new Recent<{ entries: Entry[]; problem: QueryProblem | null }>();
  /** Tags folded (few names, many files). */
  private readonly foldedTags = new Map<string, string>();

  /** Collections `in:` named, as sets, for the marks version they were read at. */
  private collections = {
    version: -1,
    byName: new Map<string, NamedCollection | undefined>(),
  };

  constructor(
    private readonly files: IndexedFiles,
    private readonly marks: MarksView,
    private readonly analysis: AnalysisView,
  ) {}

  /**
   * Changes when the files, the marks or the analysis change. The counts only grow, so their sum
   * never comes back to a value an earlier state had.
   */
  get version(): number {
    return this.files.version + this.marks.version + this.analysis.version;
  }

  collection(name: string): NamedCollection | undefined {
    if (this.collections.version !== this.marks.version) {
      this.collections = { version: this.marks.version, byName: new Map() };
    }
    const key = name.toLowerCase();
    if (!this.collections.byName.has(key)) {
      const order = this.marks.collection(name);
      this.collections.byName.set(key, order && { order, paths: new Set(order) });
    }
    return this.collections.byName.get(key);
  }

  /** The entry's tags folded, read again from the marks once per marks version. */
  readonly tagsOf = (entry: Entry): readonly string[] => {
    if (entry.tagsAt !== this.marks.version) {
      const { tags } = this.marks.of(entry.file.path);
      entry.tagNames = tags;
      entry.tags = tags.length ? tags.map((t) => this.foldTag(t)) : tags;
      entry.tagText = entry.tags.join('\n');
      entry.tagsAt = this.marks.version;
    }
    return entry.tags;
  };

  private foldTag(tag: string): string {
    let folded = this.foldedTags.get(tag);
    if (folded === undefined) {
      if (this.foldedTags.size > 100_000) this.foldedTags.clear();
      folded = fold(tag);
      this.foldedTags.set(tag, folded);
    }
    return folded;
  }

  page(query: LibraryQuery, offset: number, limit: number): LibraryPage {
    const { entries, problems } = this.run(query);
    return {
      version: this.version,
      total: entries.length,
      offset,
      rows: entries.slice(offset, offset + limit).map((e) => ({
        ...e.file,
        tempo: e.tempo,
        tempoSource: e.tempoSource,
        marks: this.marks.of(e.file.path),
        analysis: e.analysis,
      })),
      problems,
    };
  }

  position(query: LibraryQuery, entry: Entry): number {
    return this.run(query).entries.indexOf(entry);
  }

  private run(query: LibraryQuery): Result {
    const key = `${this.version}|${JSON.stringify(query)}`;
    const known = this.runs.get(key);
    if (known) return known;
    const compiled = compileQuery(query, this);
    const similar = query.similar && this.similarTo(query.similar);
    if (similar?.problem) {
      const problems = [...compiled.problems, similar.problem];
      return this.runs.set(key, { entries: [], problems });
    }
    const filterKey = this.filterKey(query, compiled);
    const { words } = compiled;
    const last = this.typed.get(filterKey);
    // Typing on ("kic" to "kick") only narrows the last result: filter that, not every file.
    const from =
      last && narrows(last.words, words) ? last.entries : this.filtered(query, compiled, filterKey);
    const entries = words.length ? from.filter((e) => this.matches(e, words)) : from;
    this.typed.set(filterKey, { words, entries });
    return this.runs.set(key, { entries, problems: compiled.problems });
  }

  /**
   * Every word is in the file's name, folder, metadata, tags or detected key (a `-word` in none
   * of them): the key the Key column shows, as the tagged one is in the haystack.
   */
  private matches(entry: Entry, words: QueryWord[]): boolean {
    for (const { text, negate } of words) {
      const found =
        haystackOf(entry).includes(text) ||
        entry.dirKey.includes(text) ||
        (this.tagsOf(entry).length > 0 && entry.tagText.includes(text)) ||
        (entry.shownKey !== entry.key && keyText(entry.shownKey!).includes(text));
      if (found === negate) return false;
    }
    return true;
  }

  private marksFor(entry: Entry, compiled: CompiledQuery): FileMarks {
    return compiled.needsMarks ? this.marks.of(entry.file.path) : NO_MARKS;
  }

  private filterKey(query: LibraryQuery, compiled: CompiledQuery): string {
    return `${this.version}|${query.sort}|${query.descending}|${compiled.filterKey}`;
  }

  /** The query without its words, in the sort's order. */
  private filtered(query: LibraryQuery, compiled: CompiledQuery, key: string): Entry[] {
    const known = this.filteredBy.get(key);
    if (known) return known;
    const ordered = query.similar
      ? this.similarOrdered(query, this.similarTo(query.similar).entries)
      : this.ordered(query.sort, query.descending, compiled.collection);
    const checks = [...compiled.always, ...Object.values(compiled.facets)];
    const entries = checks.length
      ? ordered.filter((e) => {
          const marks = this.marksFor(e, compiled);
          return checks.every((check) => check(e, marks));
        })
      : ordered;
    return this.filteredBy.set(key, entries);
  }

  private ordered(
    sort: SortKey,
    descending: boolean,
    collection: readonly string[] | null,
  ): Entry[] {
    if (sort === 'rating') return this.byRating(descending);
    if (sort !== 'position') return this.files.sortedBy(sort, descending);
    if (!collection) return this.files.sortedBy('name', descending);
    const entries: Entry[] = [];
    for (const path of collection) {
      const entry = this.files.entry(path);
      if (entry) entries.push(entry);
    }
    return descending ? entries.reverse() : entries;
  }

  /**
   * The file and the files most like it (nearest first), or why there are none: a zero-width
   * problem at the start of the search text, as it is about no part of it.
   */
  private similarTo(similar: NonNullable<LibraryQuery['similar']>): {
    entries: Entry[];
    problem: QueryProblem | null;
  } {
    const key = `${this.version}|${JSON.stringify(similar)}`;
    const known = this.similarBy.get(key);
    if (known) return known;
    const origin = this.files.entry(similar.path);
    const nearest = origin ? this.analysis.similar.nearest(similar.path, similar.weights, 200) : [];
    const entries = origin ? [origin] : [];
    for (const { path } of nearest) {
      const entry = this.files.entry(path);
      if (entry && entry !== origin) entries.push(entry);
    }
    const why = !origin
      ? 'is not in the library'
      : nearest.length === 0
        ? 'has not been analysed yet (or nothing else has): nothing to compare it with'
        : null;
    const problem = why && {
      start: 0,
      end: 0,
      message: `find similar: ${similar.path} ${why}`,
    };
    return this.similarBy.set(key, { entries: problem ? [] : entries, problem });
  }

  /** The similar files by rank for the 'similarity' sort; by another sort, in its order. */
  private similarOrdered(query: LibraryQuery, ranked: Entry[]): Entry[] {
    if (query.sort === 'similarity') return query.descending ? [...ranked].reverse() : ranked;
    const wanted = new Set(ranked);
    return this.ordered(query.sort, query.descending, null).filter((e) => wanted.has(e));
  }

  /** Best first when descending, worst first when not; unrated last either way, then by name. */
  private byRating(descending: boolean): Entry[] {
    const key = `${this.version}|${descending}`;
    const known = this.byRatingBy.get(key);
    if (known) return known;
    const buckets: Entry[][] = [[], [], [], [], [], []];
    for (const entry of this.files.sortedBy('name', false)) {
      buckets[this.marks.of(entry.file.path).rating]?.push(entry);
    }
    const rated = buckets.slice(1);
    if (descending) rated.reverse();
    return this.byRatingBy.set(key, [...rated, buckets[0]!].flat());
  }

  /**
   * Each facet counted among the files the query's other filters let through (the search text
   * and the folder always apply), and the tags among the result.
   */
  facets(query: LibraryQuery = EVERYTHING): LibraryFacets {
    const { sort: _sort, descending: _descending, ...filters } = query;
    const key = `${this.version}|${JSON.stringify(filters)}`;
    const known = this.facetsBy.get(key);
    if (known) return known;
    const compiled = compileQuery(query, this);
    const narrowing = Object.entries(compiled.facets) as [FacetName, Check][];
    // Files are counted by their mix of facet values (a few dozen kinds in a library), one map
    // per keystroke rather than four, then the mixes are spread over the facets.
    const mixes = new Map<FacetName | 'all', Map<string, Mix>>(
      (['all', 'formats', 'sampleRates', 'channels', 'keys'] as const).map((n) => [n, new Map()]),
    );
    const tags = new Map<string, number>();
    // What every facet counts among: the query without the sidebar's filters (from the caches
    // the pages fill, so a keystroke's facets cost little more than its page).
    const unnarrowed = { ...query, formats: [], sampleRates: [], channels: [], keys: [] };
    for (const entry of this.run(unnarrowed).entries) {
      // A file failing one sidebar filter counts in that filter's facet only; failing two, in none.
      let failed: FacetName | null = null;
      let failures = 0;
      for (const [name, check] of narrowing) {
        // The sidebar's filters read the file, never the marks.
        if (check(entry, NO_MARKS)) continue;
        failed = name;
        if (++failures > 1) break;
      }
      if (failures > 1) continue;
      const mix = mixes.get(failed ?? 'all')!;
      const { file } = entry;
      entry.facetKey ??= `${file.format}\0${file.sampleRate}\0${file.channels}\0${entry.shownKey}`;
      const known = mix.get(entry.facetKey);
      if (known) known.count += 1;
      else mix.set(entry.facetKey, { entry, count: 1 });
      if (failed === null && this.tagsOf(entry).length) {
        for (const tag of entry.tagNames) add(tags, tag, 1);
      }
    }
    const formats = new Map<string, number>();
    const sampleRates = new Map<number, number>();
    const channels = new Map<number, number>();
    const keys = new Map<string, number>();
    for (const [name, mix] of mixes) {
      for (const { entry, count } of mix.values()) {
        const { file } = entry;
        if (name === 'all' || name === 'formats') add(formats, file.format, count);
        if (name === 'all' || name === 'sampleRates') add(sampleRates, file.sampleRate, count);
        if (name === 'all' || name === 'channels') add(channels, file.channels, count);
        if (name === 'all' || name === 'keys') add(keys, entry.shownKey, count);
      }
    }
    keepChosen(formats, query.formats);
    keepChosen(sampleRates, query.sampleRates);
    keepChosen(channels, query.channels);
    keepChosen(
      keys,
      query.keys.map((k) => normaliseKey(k)!),
    );
    const result: LibraryFacets = {
      formats: facet(formats, (a, b) => (a < b ? -1 : 1)),
      sampleRates: facet(sampleRates, (a, b) => a - b),
      channels: facet(channels, (a, b) => a - b),
      keys: facet(keys, (a, b) => keyOrder(a) - keyOrder(b)),
      tags: facet(tags, (a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })),
    };
    return this.facetsBy.set(key, result);
  }
}
