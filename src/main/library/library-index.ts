import { sep } from 'node:path';
import type {
  Facet,
  FolderNode,
  LibraryFacets,
  LibraryFile,
  LibraryPage,
  LibraryQuery,
  ScanProblem,
  SortKey,
} from '../../shared/contract';
import { NO_MARKS } from '../../shared/contract';
import { NO_META, type FileRecord } from '../formats/file-record';
import { isUnder } from '../platform/path-under';
import { keyOrder, normaliseKey } from '../../shared/music-key';

interface Entry {
  file: LibraryFile;
  /** Lower-cased name, format and metadata: what the search box matches, with dirKey. */
  haystack: string;
  nameKey: string;
  /** Lower-cased folder, one string shared by every file in it. */
  dirKey: string;
  /** The tagged key by its canonical name ("Am"), null when untagged or not a key. */
  key: string | null;
}

function haystackOf(f: FileRecord): string {
  const m = f.meta;
  let text = `${f.name}\n${f.format}\n${f.codec ?? ''}`;
  if (m !== NO_META) {
    for (const value of [m.title, m.artist, m.comment, m.description, m.originator, m.key]) {
      if (value) text += `\n${value}`;
    }
  }
  return text.toLowerCase();
}

type Compare = (a: Entry, b: Entry) => number;

/** Two sorted lists as one, in O(n + m): how a small batch joins a sorted 100,000. */
function merge(a: Entry[], b: Entry[], compare: Compare): Entry[] {
  const out = new Array<Entry>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

const byName: Compare = (a, b) =>
  a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.file.path < b.file.path ? -1 : 1;

function numeric(
  key: 'durationSec' | 'sampleRate' | 'bitsPerSample' | 'channels' | 'sizeBytes' | 'tempo',
): (descending: boolean) => Compare {
  return (descending) => (a, b) => {
    const x = a.file[key];
    const y = b.file[key];
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

const comparators: Record<SortKey, (descending: boolean) => Compare> = {
  name: (descending) => (descending ? (a, b) => byName(b, a) : byName),
  durationSec: numeric('durationSec'),
  format: text((e) => e.file.format),
  sampleRate: numeric('sampleRate'),
  bitsPerSample: numeric('bitsPerSample'),
  channels: numeric('channels'),
  sizeBytes: numeric('sizeBytes'),
  tempo: numeric('tempo'),
  dir: text((e) => e.dirKey),
  rating: (descending) => (descending ? (a, b) => byName(b, a) : byName),
  position: (descending) => (descending ? (a, b) => byName(b, a) : byName),
  key: (descending) => (a, b) => {
    // Files without a key go last whichever way the column is sorted, as with numbers.
    const x = a.key === null ? -1 : keyOrder(a.key);
    const y = b.key === null ? -1 : keyOrder(b.key);
    if (x < 0 || y < 0) return x === y ? byName(a, b) : x < 0 ? 1 : -1;
    return x === y ? byName(a, b) : (x - y) * (descending ? -1 : 1);
  },
};

/** A loop at 60 or 240 BPM fits a 120 BPM clock too (half and double time), within 2 %. */
export function tempoMatches(fileBpm: number, clockBpm: number): boolean {
  return [fileBpm, fileBpm * 2, fileBpm / 2].some((t) => Math.abs(t - clockBpm) <= clockBpm * 0.02);
}

function facet<T>(counts: Map<T, number>, order: (a: T, b: T) => number): Facet<T>[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => order(a.value, b.value));
}

/**
 * Every file of the library in memory, with what a 100,000-file query needs to be quick: sorted
 * orders built once per change and reused, so a keystroke is one filtering pass.
 */
export class LibraryIndex {
  private readonly byPath = new Map<string, Entry>();
  private readonly byId: (Entry | undefined)[] = [];
  private readonly dirKeys = new Map<string, string>();
  private nextId = 1;
  private errorCount = 0;
  /** Files and errors per library folder, kept as files come and go (state() asks often). */
  private readonly perRoot = new Map<string, { files: number; errors: number }>();
  /** Bumped on every change; caches below are only valid for the version they were built at. */
  version = 0;
  /** Sorted orders in use, kept up to date by merging rather than sorting again. */
  private readonly sorted = new Map<string, { compare: Compare; entries: Entry[] }>();
  private lastQuery: { key: string; entries: Entry[] } | null = null;
  private derived: { facets?: LibraryFacets; tree?: FolderNode[] } = {};

  get size(): number {
    return this.byPath.size;
  }

  get errors(): number {
    return this.errorCount;
  }

  private changed(added: Entry[], removed: Set<Entry>): void {
    this.version += 1;
    this.lastQuery = null;
    this.derived = {};
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
      key = dir.toLowerCase();
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
      const key = file.meta.key === undefined ? null : normaliseKey(file.meta.key);
      const entry: Entry = {
        file,
        // The key's canonical name too: "am" finds a file tagged "8A".
        haystack: key === null ? haystackOf(file) : `${haystackOf(file)}\n${key.toLowerCase()}`,
        nameKey: file.name.toLowerCase(),
        dirKey: this.dirKey(file.dir),
        key,
      };
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

  /** Paths of the files at or below a folder (or the file itself). */
  pathsUnder(folder: string): string[] {
    const paths: string[] = [];
    for (const path of this.byPath.keys()) if (isUnder(path, folder)) paths.push(path);
    return paths;
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

  private sortedBy(key: SortKey, descending: boolean): Entry[] {
    const cacheKey = `${key}:${descending}`;
    let order = this.sorted.get(cacheKey);
    if (!order) {
      const compare = comparators[key](descending);
      order = { compare, entries: [...this.byPath.values()].sort(compare) };
      this.sorted.set(cacheKey, order);
    }
    return order.entries;
  }

  private run(query: LibraryQuery): Entry[] {
    const key = JSON.stringify(query);
    if (this.lastQuery?.key === key) return this.lastQuery.entries;
    const terms = query.search.toLowerCase().split(/\s+/).filter(Boolean);
    const formats = query.formats.length ? new Set(query.formats) : null;
    const rates = query.sampleRates.length ? new Set(query.sampleRates) : null;
    const channels = query.channels.length ? new Set(query.channels) : null;
    const keys = query.keys.length ? new Set(query.keys.map(normaliseKey)) : null;
    const folder = query.folder;
    const all = this.sortedBy(query.sort, query.descending);
    const tempo = query.tempoMatch;
    const plain =
      !formats && !rates && !channels && !keys && !folder && !tempo && terms.length === 0;
    const entries = plain
      ? all
      : all.filter(({ file, haystack, dirKey, key }) => {
          if (formats && !formats.has(file.format)) return false;
          if (rates && (file.sampleRate === null || !rates.has(file.sampleRate))) return false;
          if (channels && (file.channels === null || !channels.has(file.channels))) return false;
          if (keys && (key === null || !keys.has(key))) return false;
          if (folder && !isUnder(file.dir, folder)) return false;
          if (tempo && (file.tempo === null || !tempoMatches(file.tempo, tempo))) return false;
          for (const term of terms) {
            if (!haystack.includes(term) && !dirKey.includes(term)) return false;
          }
          return true;
        });
    this.lastQuery = { key, entries };
    return entries;
  }

  page(query: LibraryQuery, offset: number, limit: number): LibraryPage {
    const entries = this.run(query);
    return {
      version: this.version,
      total: entries.length,
      offset,
      rows: entries.slice(offset, offset + limit).map((e) => ({ ...e.file, marks: NO_MARKS })),
      problems: [],
    };
  }

  position(query: LibraryQuery, id: number): number {
    const entry = this.byId[id];
    return entry ? this.run(query).indexOf(entry) : -1;
  }

  facets(): LibraryFacets {
    if (this.derived.facets) return this.derived.facets;
    const formats = new Map<string, number>();
    const sampleRates = new Map<number, number>();
    const channels = new Map<number, number>();
    const keys = new Map<string, number>();
    for (const { file, key } of this.byPath.values()) {
      if (key !== null) keys.set(key, (keys.get(key) ?? 0) + 1);
      formats.set(file.format, (formats.get(file.format) ?? 0) + 1);
      if (file.sampleRate !== null) {
        sampleRates.set(file.sampleRate, (sampleRates.get(file.sampleRate) ?? 0) + 1);
      }
      if (file.channels !== null)
        channels.set(file.channels, (channels.get(file.channels) ?? 0) + 1);
    }
    this.derived.facets = {
      formats: facet(formats, (a, b) => (a < b ? -1 : 1)),
      sampleRates: facet(sampleRates, (a, b) => a - b),
      channels: facet(channels, (a, b) => a - b),
      keys: facet(keys, (a, b) => keyOrder(a) - keyOrder(b)),
      tags: [],
    };
    return this.derived.facets!;
  }

  /** The folders under each library root that hold audio, with file counts. */
  tree(roots: readonly string[]): FolderNode[] {
    if (this.derived.tree) return this.derived.tree;
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
    this.derived.tree = result;
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
