import { NO_MARKS, type FileMarks, type TagCount } from '../../shared/contract';

/** What the library index reads of the user's marks: in memory, so a keystroke never waits on disk. */
export interface MarksView {
  /** Bumped on every change: query caches built at another version are stale. */
  readonly version: number;
  /** A file's marks by path; NO_MARKS when it has none. */
  of(path: string): FileMarks;
  /** A collection's paths in the user's order, by name (case-insensitive); undefined if none. */
  collection(name: string): readonly string[] | undefined;
}

interface MirroredCollection {
  id: number;
  name: string;
  paths: string[];
}

/**
 * The marks database's contents held in memory, written only by the marks service after each
 * committed change, read by the library index for filters, sorting and rows.
 */
export class MarksMirror implements MarksView {
  private byPath = new Map<string, FileMarks>();
  private collections = new Map<number, MirroredCollection>();
  /**
   * Files per tag, by lower-case name, kept up to date by each change: recounting 200,000
   * tag marks after every change blocked main for tens of ms.
   */
  private counts = new Map<string, TagCount>();
  private sortedTags: { version: number; tags: TagCount[] } | null = null;
  version = 0;

  of(path: string): FileMarks {
    return this.byPath.get(path) ?? NO_MARKS;
  }

  /** Sets one file's marks (NO_MARKS-like marks forget the file). */
  set(path: string, marks: FileMarks): void {
    const old = this.byPath.get(path);
    if (old) this.count(old.tags, -1);
    const empty = !marks.fav && marks.rating === 0 && marks.color === null && !marks.tags.length;
    if (empty) this.byPath.delete(path);
    else {
      this.byPath.set(path, marks);
      this.count(marks.tags, 1);
    }
    this.version += 1;
  }

  private count(tags: readonly string[], by: 1 | -1): void {
    for (const name of tags) {
      const key = name.toLowerCase();
      const count = this.counts.get(key);
      if (!count) {
        if (by === 1) this.counts.set(key, { name, count: 1 });
      } else if (by === 1) {
        count.count += 1;
        // A renamed tag reaches every file of it in one change: its spelling is the latest.
        count.name = name;
      } else if (--count.count === 0) this.counts.delete(key);
    }
  }

  /** Every tag with the marked files carrying it, in case-insensitive name order. */
  tags(): TagCount[] {
    if (this.sortedTags?.version !== this.version) {
      const tags = [...this.counts.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, { name, count }]) => ({ name, count }));
      this.sortedTags = { version: this.version, tags };
    }
    return this.sortedTags.tags;
  }

  marked(): IterableIterator<[string, FileMarks]> {
    return this.byPath.entries();
  }

  collection(name: string): readonly string[] | undefined {
    const wanted = name.toLowerCase();
    for (const c of this.collections.values()) if (c.name.toLowerCase() === wanted) return c.paths;
    return undefined;
  }

  setCollection(collection: MirroredCollection): void {
    this.collections.set(collection.id, collection);
    this.version += 1;
  }

  deleteCollection(id: number): void {
    this.collections.delete(id);
    this.version += 1;
  }

  allCollections(): IterableIterator<MirroredCollection> {
    return this.collections.values();
  }

  /**
   * Makes these all the marks (the maps are taken over, not copied); `tagCounts`, when the
   * caller counted them already, must be what set() would have counted.
   */
  replace(
    files: Map<string, FileMarks>,
    collections: readonly MirroredCollection[],
    tagCounts?: Map<string, TagCount>,
  ): void {
    this.byPath = files;
    this.collections = new Map(collections.map((c) => [c.id, c]));
    if (tagCounts) this.counts = tagCounts;
    else {
      this.counts = new Map();
      for (const marks of files.values()) this.count(marks.tags, 1);
    }
    this.version += 1;
  }

  clear(): void {
    this.byPath.clear();
    this.collections.clear();
    this.counts.clear();
    this.version += 1;
  }
}
