import { sep } from 'node:path';
import type {
  FolderNode,
  LibraryFacets,
  LibraryFile,
  LibraryPage,
  LibraryQuery,
  ScanProblem,
} from '../../shared/contract';
import { fold } from '../../shared/query/fold';
import type { FileRecord } from '../formats/file-record';
import type { AnalysisView } from '../analysis/analysis-view';
import { MarksMirror, type MarksView } from '../marks/marks-view';
import { isUnder } from '../platform/path-under';
import {
  comparators,
  entryOf,
  haystackOf,
  HEARD_SORTS,
  merge,
  type Compare,
  type Entry,
  type FileSortKey,
} from './library-entry';
import { hear, NO_ANALYSIS } from './entry-sound';
import { LibraryQueries, type IndexedFiles } from './library-query';

/**
 * A sorted order with a few entries moved to where their new values sort, in a copy (an order a
 * cached result holds stays as it was): taken out, then put back by binary search, which a
 * one-file change needs rather than a comparison with every file.
 */
function moveEach(order: readonly Entry[], moved: readonly Entry[], compare: Compare): Entry[] {
  const entries = order.slice();
  for (const entry of moved) {
    const at = entries.indexOf(entry);
    if (at >= 0) entries.splice(at, 1);
  }
  for (const entry of moved) {
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(entries[mid]!, entry) <= 0) low = mid + 1;
      else high = mid;
    }
    entries.splice(low, 0, entry);
  }
  return entries;
}

/**
 * Every file of the library in memory, with what a 100,000-file query needs to be quick: sorted
 * orders built once per change and reused, so a keystroke is one filtering pass. Queries (with
 * the user's marks) run in library-query.ts.
 */
export class LibraryIndex implements IndexedFiles {
  private readonly byPath = new Map<string, Entry>();
  private readonly byId: (Entry | undefined)[] = [];
  private readonly dirKeys = new Map<string, string>();
  private nextId = 1;
  private errorCount = 0;
  /** Files and errors per library folder, kept as files come and go (state() asks often). */
  private readonly perRoot = new Map<string, { files: number; errors: number }>();
  /** Bumped on every change of the files; caches are only valid for the version they were built at. */
  version = 0;
  /** Sorted orders in use, kept up to date by merging rather than sorting again. */
  private readonly sorted = new Map<string, { compare: Compare; entries: Entry[] }>();
  private lastTree: { version: number; tree: FolderNode[] } | null = null;
  private readonly queries: LibraryQueries;
  /** Where warmSearch left off (a Map's iterator also meets the files added since). */
  private warming: Iterator<Entry> | null = null;
  /** The analysis view's version the entries' analysis, tempo and key are current for. */
  private heardAt: number;

  constructor(
    marks: MarksView = new MarksMirror(),
    private readonly analysis: AnalysisView = NO_ANALYSIS,
  ) {
    this.queries = new LibraryQueries(this, marks, analysis);
    this.heardAt = analysis.version;
  }

  /**
   * Brings every entry up to the analysis view's version, once per version: the files the view
   * says changed (changedSince), else one lookup per file.
   * The files whose analysis changed move in the orders that follow the analysis by a merge, as
   * files that change do (a batch of analyses must not sort 100,000 files again).
   */
  private hearChanges(): void {
    if (this.heardAt === this.analysis.version) return;
    const changed = this.analysis.changedSince?.(this.heardAt) ?? null;
    this.heardAt = this.analysis.version;
    const heard: Entry[] = [];
    if (changed === null) {
      for (const entry of this.byPath.values()) if (hear(entry, this.analysis)) heard.push(entry);
    } else {
      for (const path of changed) {
        const entry = this.byPath.get(path);
        if (entry && hear(entry, this.analysis)) heard.push(entry);
      }
    }
    if (heard.length === 0) return;
    const moved = new Set(heard);
    for (const [key, order] of this.sorted) {
      if (!HEARD_SORTS.has(key.slice(0, key.indexOf(':')) as FileSortKey)) continue;
      if (heard.length > order.entries.length / 8 + 64) {
        this.sorted.delete(key);
        continue;
      }
      order.entries =
        heard.length <= 64
          ? moveEach(order.entries, heard, order.compare)
          : merge(
              order.entries.filter((e) => !moved.has(e)),
              [...heard].sort(order.compare),
              order.compare,
            );
    }
  }

  get size(): number {
    return this.byPath.size;
  }

  get errors(): number {
    return this.errorCount;
  }

  private changed(added: Entry[], removed: Set<Entry>): void {
    this.version += 1;
    this.hearChanges();
    for (const [key, order] of this.sorted) {
      // A big change (a first load) is cheaper to sort again when someone asks.
      if (added.length > order.entries.length / 8 + 64) {
        this.sorted.delete(key);
        continue;
      }
      const kept = removed.size ? order.entries.filter((e) => !removed.has(e)) : order.entries;
      order.entries = added.length
        ? merge(kept, [...added].sort(order.compare), order.compare)
        : kept;
    }
  }

  private count(file: LibraryFile, delta: 1 | -1): void {
    const error = file.status === 'error' ? delta : 0;
    this.errorCount += error;
    const counts = this.perRoot.get(file.root) ?? { files: 0, errors: 0 };
    counts.files += delta;
    counts.errors += error;
    if (counts.files === 0) this.perRoot.delete(file.root);
    else this.perRoot.set(file.root, counts);
  }

  private dirKey(dir: string): string {
    let key = this.dirKeys.get(dir);
    if (key === undefined) {
      key = fold(dir);
      this.dirKeys.set(dir, key);
    }
    return key;
  }

  /** Adds or replaces files; takes ownership of the records and sets their ids in place. */
  upsert(records: readonly FileRecord[]): void {
    if (records.length === 0) return;
    const added: Entry[] = [];
    const removed = new Set<Entry>();
    for (const file of records) {
      const old = this.byPath.get(file.path);
      if (old) {
        removed.add(old);
        this.count(old.file, -1);
      }
      file.id = old ? old.file.id : this.nextId++;
      const entry = entryOf(file, this.dirKey(file.dir));
      hear(entry, this.analysis);
      this.byPath.set(file.path, entry);
      this.byId[file.id] = entry;
      this.count(file, 1);
      added.push(entry);
    }
    this.changed(added, removed);
  }

  remove(paths: Iterable<string>): number {
    const removed = new Set<Entry>();
    for (const path of paths) {
      const entry = this.byPath.get(path);
      if (!entry) continue;
      this.byPath.delete(path);
      this.byId[entry.file.id] = undefined;
      this.count(entry.file, -1);
      removed.add(entry);
    }
    if (removed.size > 0) this.changed([], removed);
    return removed.size;
  }

  /**
   * Makes the files' search text ahead of the first search (haystackOf) until `budgetMs` has
   * passed; true once every file has it. Called in slices after a load (library-service.ts).
   */
  warmSearch(budgetMs: number): boolean {
    this.warming ??= this.byPath.values();
    const end = performance.now() + budgetMs;
    for (;;) {
      for (let i = 0; i < 256; i++) {
        const next = this.warming.next();
        if (next.done) {
          this.warming = null;
          return true;
        }
        haystackOf(next.value);
      }
      if (performance.now() >= end) return false;
    }
  }

  /** Paths of the files at or below a folder (or the file itself). */
  pathsUnder(folder: string): string[] {
    const paths: string[] = [];
    for (const path of this.byPath.keys()) if (isUnder(path, folder)) paths.push(path);
    return paths;
  }

  entry(path: string): Entry | undefined {
    this.hearChanges();
    return this.byPath.get(path);
  }

  entries(): IterableIterator<Entry> {
    this.hearChanges();
    return this.byPath.values();
  }

  get(path: string): LibraryFile | undefined {
    return this.byPath.get(path)?.file;
  }

  getById(id: number): LibraryFile | undefined {
    return this.byId[id]?.file;
  }

  *files(): IterableIterator<LibraryFile> {
    for (const entry of this.byPath.values()) yield entry.file;
  }

  /**
   * Every file in name order: what the cache is saved in, so that on the next start the first
   * page's sort meets an already sorted list (Array.prototype.sort is then one linear pass).
   */
  *filesByName(): IterableIterator<LibraryFile> {
    for (const entry of this.sortedBy('name', false)) yield entry.file;
  }

  /** Files and errors of one library folder (the root files were scanned from). */
  countIn(root: string): { files: number; errors: number } {
    const counts = this.perRoot.get(root);
    return counts ? { ...counts } : { files: 0, errors: 0 };
  }

  sortedBy(key: FileSortKey, descending: boolean): Entry[] {
    this.hearChanges();
    const cacheKey = `${key}:${descending}`;
    let order = this.sorted.get(cacheKey);
    if (!order) {
      const compare = comparators[key](descending);
      order = { compare, entries: [...this.byPath.values()].sort(compare) };
      this.sorted.set(cacheKey, order);
    }
    return order.entries;
  }

  /** Changes when the files or the marks change: a page's version. */
  get pageVersion(): number {
    return this.queries.version;
  }

  page(query: LibraryQuery, offset: number, limit: number): LibraryPage {
    return this.queries.page(query, offset, limit);
  }

  position(query: LibraryQuery, id: number): number {
    const entry = this.byId[id];
    return entry ? this.queries.position(query, entry) : -1;
  }

  /** Counts for the sidebar's filters under a query (library-query.ts); the whole library without. */
  facets(query?: LibraryQuery): LibraryFacets {
    return this.queries.facets(query);
  }

  /** The folders under each library root that hold audio, with file counts. */
  tree(roots: readonly string[]): FolderNode[] {
    if (this.lastTree?.version === this.version) return this.lastTree.tree;
    const nodes = new Map<string, FolderNode>();
    const nodeFor = (path: string, name: string): FolderNode => {
      let node = nodes.get(path);
      if (!node) {
        node = { path, name, files: 0, children: [] };
        nodes.set(path, node);
      }
      return node;
    };
    const result = roots.map((root) => nodeFor(root, root));
    for (const { file } of this.byPath.values()) {
      const root = nodes.get(file.root);
      if (!root) continue;
      root.files += 1;
      if (file.dir.length <= root.path.length) continue;
      // Walk from the root down to the file's folder, creating nodes on the way.
      let parent = root;
      let at = root.path.length;
      while (at < file.dir.length) {
        const next = file.dir.indexOf(sep, at + 1);
        const end = next === -1 ? file.dir.length : next;
        const path = file.dir.slice(0, end);
        let child = nodes.get(path);
        if (!child) {
          child = nodeFor(path, file.dir.slice(at + 1, end));
          parent.children.push(child);
        }
        child.files += 1;
        parent = child;
        at = end;
      }
    }
    for (const node of nodes.values()) node.children.sort((a, b) => (a.name < b.name ? -1 : 1));
    this.lastTree = { version: this.version, tree: result };
    return result;
  }

  problems(limit: number): { total: number; problems: ScanProblem[] } {
    const problems: ScanProblem[] = [];
    for (const { file } of this.byPath.values()) {
      if (file.status !== 'error') continue;
      if (problems.length < limit) problems.push({ path: file.path, reason: file.error ?? '?' });
    }
    return { total: this.errorCount, problems };
  }
}
