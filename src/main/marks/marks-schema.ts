import type { Database } from 'node-sqlite3-wasm';

/** One step of the marks database's schema; `version` is PRAGMA user_version once it has run. */
export interface Migration {
  version: number;
  up: (db: Database) => void;
}

/**
 * Schema v1. A `files` row exists while a file has a mark, a tag or a place in a collection;
 * `size` and `hash` are its identity when it was marked, so the marks can follow a moved file.
 * Names are unique case-insensitively: "Kick" and "kick" are one tag.
 */
const V1 = `
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  fav INTEGER NOT NULL DEFAULT 0 CHECK (fav IN (0, 1)),
  rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  color TEXT,
  size INTEGER,
  hash TEXT,
  updated_at INTEGER NOT NULL
);
CREATE INDEX files_size ON files(size) WHERE hash IS NOT NULL;
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE file_tags (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (file_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX file_tags_tag ON file_tags(tag_id, file_id);
CREATE TABLE collections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position INTEGER NOT NULL
);
CREATE TABLE collection_items (
  collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (collection_id, file_id)
) WITHOUT ROWID;
CREATE INDEX collection_items_file ON collection_items(file_id);
`;

/** In order; a new version is appended, never edited (databases in the field have run it). */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, up: (db) => db.exec(V1) }];
