import type { Database, Statement } from 'node-sqlite3-wasm';
import { AppError } from '../../shared/app-error';
import type { FileMarks, MarkColor } from '../../shared/contract';
import {
  parseSnapshot,
  readSnapshot,
  type AllMarks,
  type CollectionRows,
  type Snapshot,
} from './marks-snapshot';

export type { AllMarks, CollectionRows };

/** What a committed change did, for the mirror to follow. */
export interface MarksDelta {
  /** The new marks of every file the change touched (NO_MARKS-like when it has none left). */
  files: [path: string, marks: FileMarks][];
  /** Collections whose name or items changed, in full. */
  collections: CollectionRows[];
  removedCollections: number[];
  /** Files that got a row in this change and have no identity yet. */
  unidentified: string[];
}

export interface MarksChange {
  fav?: boolean;
  rating?: number;
  color?: MarkColor | null;
}

interface FileRow {
  id: number;
  fav: number;
  rating: number;
  color: MarkColor | null;
}

// Tag names never hold control characters (the contract refuses them): a safe separator.
const SEP = '\u001f';
const TAGS_OF = `(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM file_tags ft
  JOIN tags t ON t.id = ft.tag_id WHERE ft.file_id = f.id ORDER BY t.name COLLATE NOCASE))`;

const emptyDelta = (): MarksDelta => ({
  files: [],
  collections: [],
  removedCollections: [],
  unidentified: [],
});

/**
 * The marks database's operations, synchronous (it runs in the marks worker, or on the calling
 * thread in tests and the bench). Every change is one transaction and returns what it did.
 */
export class MarksDb {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  /** A cached prepared statement; all are finalized at close. */
  st(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    for (const statement of this.statements.values()) {
      try {
        statement.finalize();
      } catch {
        // finalize frees the statement and repeats its last error (a damaged page): nothing to do.
      }
    }
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }

  /** Runs `fn` in one transaction; nothing of it is kept if it throws. */
  tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Everything, as JSON texts SQLite builds (see marks-snapshot.ts). */
  snapshot(): Snapshot {
    return readSnapshot(this);
  }

  loadAll(): AllMarks {
    return parseSnapshot(this.snapshot());
  }

  marksOf(path: string): FileMarks {
    const row = this.st(
      `SELECT f.fav, f.rating, f.color, ${TAGS_OF} AS tags FROM files f WHERE f.path = ?`,
    ).get([path]) as (FileRow & { tags: string | null }) | null;
    return row ? toMarks(row, row.tags) : toMarks({ fav: 0, rating: 0, color: null }, null);
  }

  private row(path: string): FileRow | null {
    return this.st('SELECT id, fav, rating, color FROM files WHERE path = ?').get([
      path,
    ]) as FileRow | null;
  }

  /** The file's row id, made if needed (then it is listed as unidentified). */
  ensureFile(path: string, delta: MarksDelta): number {
    const existing = this.row(path);
    if (existing) return existing.id;
    const result = this.st('INSERT INTO files(path, updated_at) VALUES (?, ?)').run([
      path,
      Date.now(),
    ]);
    delta.unidentified.push(path);
    return Number(result.lastInsertRowid);
  }

  /** Drops a file's row once nothing is left on it (no mark, no tag, no collection). */
  private forgetIfEmpty(fileId: number): void {
    this.st(
      `DELETE FROM files WHERE id = ?1 AND fav = 0 AND rating = 0 AND color IS NULL
       AND NOT EXISTS (SELECT 1 FROM file_tags WHERE file_id = ?1)
       AND NOT EXISTS (SELECT 1 FROM collection_items WHERE file_id = ?1)`,
    ).run([fileId]);
  }

  private dropUnusedTag(tagId: number): void {
    this.st(
      'DELETE FROM tags WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM file_tags WHERE tag_id = ?1)',
    ).run([tagId]);
  }

  private withMarks(delta: MarksDelta, paths: Iterable<string>): MarksDelta {
    for (const path of paths) delta.files.push([path, this.marksOf(path)]);
    return delta;
  }

  /** Sets fav, rating and/or colour on every path; `changed` counts files that changed. */
  setMarks(paths: readonly string[], change: MarksChange): { changed: number; delta: MarksDelta } {
    return this.tx(() => {
      const delta = emptyDelta();
      const changed: string[] = [];
      for (const path of new Set(paths)) {
        const now = this.row(path) ?? { id: 0, fav: 0, rating: 0, color: null };
        const fav = change.fav === undefined ? now.fav : Number(change.fav);
        const rating = change.rating ?? now.rating;
        const color = change.color === undefined ? now.color : change.color;
        if (fav === now.fav && rating === now.rating && color === now.color) continue;
        const id = now.id || this.ensureFile(path, delta);
        this.st('UPDATE files SET fav = ?, rating = ?, color = ?, updated_at = ? WHERE id = ?').run(
          [fav, rating, color, Date.now(), id],
        );
        this.forgetIfEmpty(id);
        changed.push(path);
      }
      return { changed: changed.length, delta: this.withMarks(delta, changed) };
    });
  }

  private tagId(name: string): number | null {
    const row = this.st('SELECT id FROM tags WHERE name = ?').get([name]) as { id: number } | null;
    return row?.id ?? null;
  }

  private makeTag(name: string): number {
    this.st('INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING').run([name]);
    return this.tagId(name)!;
  }

  private requireTag(name: string): number {
    const id = this.tagId(name);
    if (id === null) throw new AppError('NOT_FOUND', `no tag named "${name}"`);
    return id;
  }

  /** Adds and removes tags on many files in one transaction. */
  tag(
    paths: readonly string[],
    add: readonly string[],
    remove: readonly string[],
  ): { changed: number; delta: MarksDelta } {
    return this.tx(() => {
      const delta = emptyDelta();
      const addIds = add.map((name) => this.makeTag(name));
      const removeIds = remove.flatMap((name) => this.tagId(name) ?? []);
      const changed: string[] = [];
      for (const path of new Set(paths)) {
        const id = addIds.length ? this.ensureFile(path, delta) : this.row(path)?.id;
        if (id === undefined) continue;
        let changes = 0;
        for (const tagId of removeIds) {
          changes += this.st('DELETE FROM file_tags WHERE file_id = ? AND tag_id = ?').run([
            id,
            tagId,
          ]).changes;
        }
        for (const tagId of addIds) {
          changes += this.st('INSERT OR IGNORE INTO file_tags(file_id, tag_id) VALUES (?, ?)').run([
            id,
            tagId,
          ]).changes;
        }
        if (changes) changed.push(path);
        this.forgetIfEmpty(id);
      }
      for (const tagId of [...removeIds, ...addIds]) this.dropUnusedTag(tagId);
      return { changed: changed.length, delta: this.withMarks(delta, changed) };
    });
  }

  private pathsWithTag(tagId: number): string[] {
    return (
      this.st(
        'SELECT f.path FROM file_tags ft JOIN files f ON f.id = ft.file_id WHERE ft.tag_id = ?',
      ).all([tagId]) as { path: string }[]
    ).map((r) => r.path);
  }

  /** Moves every file of tag `from` to tag `into` and drops `from`. */
  private fold(fromId: number, intoId: number): void {
    if (fromId === intoId) return;
    this.st(
      'INSERT OR IGNORE INTO file_tags(file_id, tag_id) SELECT file_id, ? FROM file_tags WHERE tag_id = ?',
    ).run([intoId, fromId]);
    this.st('DELETE FROM tags WHERE id = ?').run([fromId]);
  }

  /** Renaming to a name in use (another tag) merges the two. */
  renameTag(from: string, to: string): MarksDelta {
    return this.tx(() => {
      const fromId = this.requireTag(from);
      const paths = this.pathsWithTag(fromId);
      const toId = this.tagId(to);
      if (toId === null || toId === fromId) {
        this.st('UPDATE tags SET name = ? WHERE id = ?').run([to, fromId]);
      } else {
        this.fold(fromId, toId);
      }
      return this.withMarks(emptyDelta(), paths);
    });
  }

  mergeTags(from: readonly string[], into: string): MarksDelta {
    return this.tx(() => {
      const fromIds = from.map((name) => this.requireTag(name));
      const paths = new Set(fromIds.flatMap((id) => this.pathsWithTag(id)));
      const intoId = this.makeTag(into);
      for (const id of fromIds) this.fold(id, intoId);
      return this.withMarks(emptyDelta(), paths);
    });
  }

  deleteTag(name: string): MarksDelta {
    return this.tx(() => {
      const id = this.requireTag(name);
      const rows = this.st('SELECT file_id FROM file_tags WHERE tag_id = ?').all([id]) as {
        file_id: number;
      }[];
      const paths = this.pathsWithTag(id);
      this.st('DELETE FROM tags WHERE id = ?').run([id]);
      for (const row of rows) this.forgetIfEmpty(row.file_id);
      return this.withMarks(emptyDelta(), paths);
    });
  }

  collectionRows(id: number): CollectionRows {
    const head = this.st('SELECT id, name FROM collections WHERE id = ?').get([id]) as {
      id: number;
      name: string;
    } | null;
    if (!head) throw new AppError('NOT_FOUND', `no collection with id ${id}`);
    const paths = (
      this.st(
        `SELECT f.path FROM collection_items ci JOIN files f ON f.id = ci.file_id
         WHERE ci.collection_id = ? ORDER BY ci.position`,
      ).all([id]) as { path: string }[]
    ).map((r) => r.path);
    return { id: head.id, name: head.name, paths };
  }

  private requireFreeName(name: string, except = 0): void {
    const row = this.st('SELECT id FROM collections WHERE name = ?').get([name]) as {
      id: number;
    } | null;
    if (row && row.id !== except) {
      throw new AppError('INVALID_ARGS', `a collection named "${name}" already exists`);
    }
  }

  createCollection(name: string, paths: readonly string[]): MarksDelta {
    return this.tx(() => {
      this.requireFreeName(name);
      const position = this.db.get(
        'SELECT coalesce(max(position), -1) + 1 AS p FROM collections',
      ) as { p: number };
      const id = Number(
        this.st('INSERT INTO collections(name, position) VALUES (?, ?)').run([name, position.p])
          .lastInsertRowid,
      );
      const delta = emptyDelta();
      this.place(id, paths, undefined, delta);
      delta.collections.push(this.collectionRows(id));
      return delta;
    });
  }

  renameCollection(id: number, name: string): MarksDelta {
    return this.tx(() => {
      this.collectionRows(id);
      this.requireFreeName(name, id);
      this.st('UPDATE collections SET name = ? WHERE id = ?').run([name, id]);
      return { ...emptyDelta(), collections: [this.collectionRows(id)] };
    });
  }

  deleteCollection(id: number): MarksDelta {
    return this.tx(() => {
      this.collectionRows(id);
      const fileIds = this.st('SELECT file_id FROM collection_items WHERE collection_id = ?').all([
        id,
      ]) as { file_id: number }[];
      this.st('DELETE FROM collections WHERE id = ?').run([id]);
      for (const row of fileIds) this.forgetIfEmpty(row.file_id);
      return { ...emptyDelta(), removedCollections: [id] };
    });
  }

  /** Puts `paths` at `index` (or the end); those already in it move there. */
  private place(
    id: number,
    paths: readonly string[],
    index: number | undefined,
    delta: MarksDelta,
  ): void {
    const adding = [...new Set(paths)].map((path) => this.ensureFile(path, delta));
    const moving = new Set(adding);
    const current = (
      this.st('SELECT file_id FROM collection_items WHERE collection_id = ? ORDER BY position').all(
        [id],
      ) as { file_id: number }[]
    )
      .map((r) => r.file_id)
      .filter((f) => !moving.has(f));
    const at = Math.min(index ?? current.length, current.length);
    const order = [...current.slice(0, at), ...adding, ...current.slice(at)];
    this.st('DELETE FROM collection_items WHERE collection_id = ?').run([id]);
    const insert = this.st(
      'INSERT INTO collection_items(collection_id, file_id, position) VALUES (?, ?, ?)',
    );
    order.forEach((fileId, position) => insert.run([id, fileId, position]));
  }

  addToCollection(id: number, paths: readonly string[], index?: number): MarksDelta {
    return this.tx(() => {
      this.collectionRows(id);
      const delta = emptyDelta();
      this.place(id, paths, index, delta);
      delta.collections.push(this.collectionRows(id));
      return delta;
    });
  }

  removeFromCollection(id: number, paths: readonly string[]): MarksDelta {
    return this.tx(() => {
      this.collectionRows(id);
      for (const path of paths) {
        const row = this.row(path);
        if (!row) continue;
        this.st('DELETE FROM collection_items WHERE collection_id = ? AND file_id = ?').run([
          id,
          row.id,
        ]);
        this.forgetIfEmpty(row.id);
      }
      return { ...emptyDelta(), collections: [this.collectionRows(id)] };
    });
  }

  /** The marks of `from` move to `to` (merged with any `to` has); the mirror gets both paths. */
  moved(from: string, to: string): MarksDelta {
    return this.tx(() => {
      const source = this.row(from);
      if (!source || from === to) return emptyDelta();
      const target = this.row(to);
      const touched = (
        this.st('SELECT collection_id AS id FROM collection_items WHERE file_id = ?').all([
          source.id,
        ]) as { id: number }[]
      ).map((r) => r.id);
      if (!target) {
        this.st('UPDATE files SET path = ?, updated_at = ? WHERE id = ?').run([
          to,
          Date.now(),
          source.id,
        ]);
      } else {
        this.st(
          `UPDATE files SET fav = max(fav, ?), rating = max(rating, ?), color = coalesce(color, ?),
           updated_at = ? WHERE id = ?`,
        ).run([source.fav, source.rating, source.color, Date.now(), target.id]);
        this.st(
          'INSERT OR IGNORE INTO file_tags(file_id, tag_id) SELECT ?, tag_id FROM file_tags WHERE file_id = ?',
        ).run([target.id, source.id]);
        this.st(
          `INSERT OR IGNORE INTO collection_items(collection_id, file_id, position)
           SELECT collection_id, ?, position FROM collection_items WHERE file_id = ?`,
        ).run([target.id, source.id]);
        this.st('DELETE FROM files WHERE id = ?').run([source.id]);
      }
      const delta = this.withMarks(emptyDelta(), [from, to]);
      delta.collections = touched.map((id) => this.collectionRows(id));
      return delta;
    });
  }

  /** Marked files whose identity has this size. */
  candidatesOfSize(size: number): { path: string; hash: string }[] {
    return this.st('SELECT path, hash FROM files WHERE size = ? AND hash IS NOT NULL').all([
      size,
    ]) as { path: string; hash: string }[];
  }

  setIdentities(items: readonly { path: string; size: number; hash: string }[]): void {
    this.tx(() => {
      for (const { path, size, hash } of items) {
        this.st('UPDATE files SET size = ?, hash = ? WHERE path = ?').run([size, hash, path]);
      }
    });
  }
}

function toMarks(
  row: { fav: number; rating: number; color: MarkColor | null },
  tags: string | null,
): FileMarks {
  return {
    fav: row.fav === 1,
    rating: row.rating,
    color: row.color,
    tags: tags ? tags.split(SEP) : [],
  };
}
