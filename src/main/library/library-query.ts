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
import type { MarksView } from '../marks/marks-view';
import type { Entry, FileSortKey } from './library-entry';
import { compileQuery, type CompiledQuery, type FacetName } from './query-checks';

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

function add<T>(counts: Map<T, number>, value: T | null): void {
  if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
}

/** A chosen value is listed even when nothing is left of it, so it can be unchosen. */
function keepChosen<T>(counts: Map<T, number>, chosen: readonly T[]): void {
  for (const value of chosen) if (!counts.has(value)) counts.set(value, 0);
}

interface Result {
  entries: Entry[];
  problems: QueryProblem[];
}

/**
 * Runs queries over the index and the user's marks: filters before words, each stage cached for
 * the versions of both, so a keystroke after `tag:kick` filters only the kicks again.
 */
export class LibraryQueries {
  private lastRun: { key: string; result: Result } | null = null;
  private lastFiltered: { key: string; entries: Entry[] } | null = null;
  private lastFacets: { key: string; facets: LibraryFacets } | null = null;
  private lastByRating: { key: string; entries: Entry[] } | null = null;
  /** Tags as words compare them (few names, many files). */
  private readonly foldedTags = new Map<string, string>();
  private readonly foldTag = (tag: string): string => {
    let folded = this.foldedTags.get(tag);
    if (folded === undefined) {
      if (this.foldedTags.size > 100_000) this.foldedTags.clear();
      folded = fold(tag);
      this.foldedTags.set(tag, folded);
    }
    return folded;
  };

  constructor(
    private readonly files: IndexedFiles,
    private readonly marks: MarksView,
  ) {}

  /**
   * Changes when the files or the marks change. Both counts only grow, so their sum never comes
   * back to a value an earlier state had.
   */
  get version(): number {
    return this.files.version + this.marks.version;
  }

  page(query: LibraryQuery, offset: number, limit: number): LibraryPage {
    const { entries, problems } = this.run(query);
    return {
      version: this.version,
      total: entries.length,
      offset,
      rows: entries
        .slice(offset, offset + limit)
        .map((e) => ({ ...e.file, marks: this.marks.of(e.file.path) })),
      problems,
    };
  }

  position(query: LibraryQuery, entry: Entry): number {
    return this.run(query).entries.indexOf(entry);
  }

  private run(query: LibraryQuery): Result {
    const key = `${this.version}|${JSON.stringify(query)}`;
    if (this.lastRun?.key === key) return this.lastRun.result;
    const compiled = compileQuery(query, this.marks, this.foldTag);
    const filtered = this.filtered(query, compiled);
    const { words } = compiled;
    const entries = words.length ? filtered.filter((e) => this.matches(e, words)) : filtered;
    const result = { entries, problems: compiled.problems };
    this.lastRun = { key, result };
    return result;
  }

  /** Every word is in the file's name, folder, metadata or tags (a `-word` in none of them). */
  private matches(entry: Entry, words: QueryWord[]): boolean {
    let tags: readonly string[] | null = null;
    for (const word of words) {
      let found = entry.haystack.includes(word.text) || entry.dirKey.includes(word.text);
      if (!found) {
        tags ??= this.marks.of(entry.file.path).tags;
        found = tags.some((t) => this.foldTag(t).includes(word.text));
      }
      if (found === word.negate) return false;
    }
    return true;
  }

  private marksFor(entry: Entry, compiled: CompiledQuery): FileMarks {
    return compiled.needsMarks ? this.marks.of(entry.file.path) : NO_MARKS;
  }

  /** The query without its words, in the sort's order. */
  private filtered(query: LibraryQuery, compiled: CompiledQuery): Entry[] {
    const key = `${this.version}|${query.sort}|${query.descending}|${compiled.filterKey}`;
    if (this.lastFiltered?.key === key) return this.lastFiltered.entries;
    const ordered = this.ordered(query.sort, query.descending, compiled.collection);
    const checks = [...compiled.always, ...Object.values(compiled.facets)];
    const entries = checks.length
      ? ordered.filter((e) => {
          const marks = this.marksFor(e, compiled);
          return checks.every((check) => check(e, marks));
        })
      : ordered;
    this.lastFiltered = { key, entries };
    return entries;
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

  /** Best first when descending, worst first when not; unrated last either way, then by name. */
  private byRating(descending: boolean): Entry[] {
    const key = `${this.version}|${descending}`;
    if (this.lastByRating?.key === key) return this.lastByRating.entries;
    const buckets: Entry[][] = [[], [], [], [], [], []];
    for (const entry of this.files.sortedBy('name', false)) {
      buckets[this.marks.of(entry.file.path).rating]?.push(entry);
    }
    const rated = buckets.slice(1);
    if (descending) rated.reverse();
    const entries = [...rated, buckets[0]!].flat();
    this.lastByRating = { key, entries };
    return entries;
  }

  /**
   * Each facet counted among the files the query's other filters let through (the search text
   * and the folder always apply), and the tags among the result.
   */
  facets(query: LibraryQuery = EVERYTHING): LibraryFacets {
    const { sort: _sort, descending: _descending, ...filters } = query;
    const key = `${this.version}|${JSON.stringify(filters)}`;
    if (this.lastFacets?.key === key) return this.lastFacets.facets;
    const compiled = compileQuery(query, this.marks, this.foldTag);
    const narrowing = Object.entries(compiled.facets) as [FacetName, (typeof compiled.always)[0]][];
    const formats = new Map<string, number>();
    const sampleRates = new Map<number, number>();
    const channels = new Map<number, number>();
    const keys = new Map<string, number>();
    const tags = new Map<string, number>();
    for (const entry of this.files.entries()) {
      const marks = this.marksFor(entry, compiled);
      if (!compiled.always.every((check) => check(entry, marks))) continue;
      if (compiled.words.length && !this.matches(entry, compiled.words)) continue;
      // A file failing one sidebar filter counts in that filter's facet only; failing two, in none.
      let failed: FacetName | null = null;
      let failures = 0;
      for (const [name, check] of narrowing) {
        if (check(entry, marks)) continue;
        failed = name;
        if (++failures > 1) break;
      }
      if (failures > 1) continue;
      const { file } = entry;
      if (failed === null || failed === 'formats') add(formats, file.format);
      if (failed === null || failed === 'sampleRates') add(sampleRates, file.sampleRate);
      if (failed === null || failed === 'channels') add(channels, file.channels);
      if (failed === null || failed === 'keys') add(keys, entry.key);
      if (failed === null) for (const tag of this.marks.of(file.path).tags) add(tags, tag);
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
    this.lastFacets = { key, facets: result };
    return result;
  }
}
