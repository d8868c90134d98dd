import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FileMarks, MarkColor, TagCount } from '../../shared/contract';
import type { MarksDb } from './marks-db';

/** A collection as the mirror holds it. */
export interface CollectionRows {
  id: number;
  name: string;
  paths: string[];
}

/** Everything in the marks database, as the mirror and the identity queue take it. */
export interface AllMarks {
  files: Map<string, FileMarks>;
  collections: CollectionRows[];
  identities: [path: string, size: number, hash: string][];
  /** Files whose identity is still to be taken. */
  unidentified: string[];
  /** Files per tag, by lower-case name (as MarksMirror counts them). */
  tagCounts: Map<string, TagCount>;
}

/**
 * The database's contents as JSON texts that SQLite builds itself (json_group_array): reading
 * 100,000 files as row objects one by one through WASM costs several times more. Files come
 * in slices of FILES_PER_SLICE, so main parses them a slice per event-loop turn.
 */
export interface Snapshot {
  /** `[[tagId, name], ...]`, in name order (case-insensitive): the order of a file's tags. */
  tags: string;
  /** `[[id, name, [path, ...]], ...]`, in the user's order. */
  collections: string;
  /** Each `[[path, fav, rating, color, size, hash, [tagId, ...]], ...]`. */
  files: string[];
}

type FileEntry = [
  path: string,
  fav: number,
  rating: number,
  color: MarkColor | null,
  size: number | null,
  hash: string | null,
  tagIds: number[],
];

// About 10 ms of parsing each on a quiet machine.
export const FILES_PER_SLICE = 2000;

const TAGS_SQL = `SELECT json_group_array(json_array(id, name) ORDER BY name COLLATE NOCASE) AS json
  FROM tags`;
const COLLECTIONS_SQL = `SELECT json_group_array(json_array(c.id, c.name, json((
    SELECT json_group_array(f.path ORDER BY ci.position) FROM collection_items ci
    JOIN files f ON f.id = ci.file_id WHERE ci.collection_id = c.id))) ORDER BY c.position) AS json
  FROM collections c`;
const FILES_SQL = `SELECT json_group_array(json_array(f.path, f.fav, f.rating, f.color, f.size, f.hash,
    json((SELECT json_group_array(ft.tag_id) FROM file_tags ft WHERE ft.file_id = f.id)))) AS json,
    max(f.id) AS last, count(*) AS n
  FROM (SELECT id, path, fav, rating, color, size, hash FROM files WHERE id > ? ORDER BY id LIMIT ?) f`;

/** Reads the snapshot in one read transaction, so its slices agree with each other. */
export function readSnapshot(store: MarksDb, perSlice = FILES_PER_SLICE): Snapshot {
  const { db } = store;
  const json = (sql: string) => (store.st(sql).get() as { json: string }).json;
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    const snapshot: Snapshot = {
      tags: json(TAGS_SQL),
      collections: json(COLLECTIONS_SQL),
      files: [],
    };
    const files = store.st(FILES_SQL);
    for (let after = 0; ;) {
      const slice = files.get([after, perSlice]) as { json: string; last: number; n: number };
      if (!slice.n) break;
      snapshot.files.push(slice.json);
      after = slice.last;
    }
    return snapshot;
  } finally {
    if (own && db.inTransaction) db.exec('COMMIT');
  }
}

/** Turns a snapshot into what the mirror holds, a slice of files at a time. */
class SnapshotParser {
  private readonly all: AllMarks = {
    files: new Map(),
    collections: [],
    identities: [],
    unidentified: [],
    tagCounts: new Map(),
  };
  private readonly tagName = new Map<number, string>();
  private readonly tagRank = new Map<number, number>();
  /** Counted by id while parsing: cheaper than by name over 200,000 tag marks afterwards. */
  private readonly filesPerTag = new Map<number, number>();

  constructor(snapshot: Snapshot) {
    (JSON.parse(snapshot.tags) as [number, string][]).forEach(([id, name], rank) => {
      this.tagName.set(id, name);
      this.tagRank.set(id, rank);
    });
    for (const [id, name, paths] of JSON.parse(snapshot.collections) as [
      number,
      string,
      string[],
    ][]) {
      this.all.collections.push({ id, name, paths });
    }
  }

  slice(json: string): void {
    const { all, tagName, tagRank, filesPerTag } = this;
    for (const [path, fav, rating, color, size, hash, tagIds] of JSON.parse(json) as FileEntry[]) {
      if (tagIds.length > 1) tagIds.sort((a, b) => tagRank.get(a)! - tagRank.get(b)!);
      for (const id of tagIds) filesPerTag.set(id, (filesPerTag.get(id) ?? 0) + 1);
      all.files.set(path, {
        fav: fav === 1,
        rating,
        color,
        tags: tagIds.map((id) => tagName.get(id)!),
      });
      if (hash === null || size === null) all.unidentified.push(path);
      else all.identities.push([path, size, hash]);
    }
  }

  done(): AllMarks {
    for (const [id, count] of this.filesPerTag) {
      const name = this.tagName.get(id)!;
      const key = name.toLowerCase();
      const counted = this.all.tagCounts.get(key);
      if (counted) counted.count += count;
      else this.all.tagCounts.set(key, { name, count });
    }
    return this.all;
  }
}

export function parseSnapshot(snapshot: Snapshot): AllMarks {
  const parser = new SnapshotParser(snapshot);
  for (const json of snapshot.files) parser.slice(json);
  return parser.done();
}

/** As parseSnapshot, one slice per event-loop turn: a big library never blocks main for long. */
export async function parseSnapshotInTurns(snapshot: Snapshot): Promise<AllMarks> {
  const parser = new SnapshotParser(snapshot);
  for (const json of snapshot.files) {
    await nextTurn();
    parser.slice(json);
  }
  return parser.done();
}
