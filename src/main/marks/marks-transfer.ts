import type { MarksExport } from '../../shared/contract';
import type { MarksDb } from './marks-db';

/** Every mark and collection as the export JSON (files without marks are left out). */
export function exportMarks(store: MarksDb, at: Date = new Date()): MarksExport {
  const { files, collections } = store.loadAll();
  return {
    format: 'sampledeck-marks',
    version: 1,
    exportedAt: at.toISOString(),
    files: [...files]
      .filter(([, m]) => m.fav || m.rating > 0 || m.color !== null || m.tags.length > 0)
      .map(([path, m]) => ({ path, fav: m.fav, rating: m.rating, color: m.color, tags: m.tags })),
    collections: collections.map((c) => ({ name: c.name, paths: c.paths })),
  };
}

/**
 * Adds an export's marks (merge: a mark given wins, tags and collection items are added) or
 * makes them all the marks (replace), in one transaction. Paths need not be in the library:
 * their files may come back.
 */
export function importMarks(
  store: MarksDb,
  data: MarksExport,
  mode: 'merge' | 'replace',
): { files: number; collections: number } {
  return store.tx(() => {
    const { db } = store;
    if (mode === 'replace')
      db.exec('DELETE FROM collections; DELETE FROM files; DELETE FROM tags;');
    const unused = { files: [], collections: [], removedCollections: [], unidentified: [] };
    for (const file of data.files) {
      const id = store.ensureFile(file.path, unused);
      store
        .st(
          `UPDATE files SET fav = max(fav, ?), rating = CASE WHEN ? > 0 THEN ? ELSE rating END,
           color = coalesce(?, color), updated_at = ? WHERE id = ?`,
        )
        .run([Number(file.fav), file.rating, file.rating, file.color, Date.now(), id]);
      for (const name of file.tags) {
        store.st('INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING').run([name]);
        store
          .st(
            'INSERT OR IGNORE INTO file_tags(file_id, tag_id) SELECT ?, id FROM tags WHERE name = ?',
          )
          .run([id, name]);
      }
    }
    for (const collection of data.collections) {
      store
        .st(
          `INSERT INTO collections(name, position)
           SELECT ?, coalesce(max(position), -1) + 1 FROM collections WHERE true
           ON CONFLICT(name) DO NOTHING`,
        )
        .run([collection.name]);
      const { id } = store
        .st('SELECT id FROM collections WHERE name = ?')
        .get([collection.name]) as { id: number };
      for (const path of collection.paths) {
        const fileId = store.ensureFile(path, unused);
        store
          .st(
            `INSERT OR IGNORE INTO collection_items(collection_id, file_id, position)
             SELECT ?1, ?2, coalesce(max(position), -1) + 1 FROM collection_items WHERE collection_id = ?1`,
          )
          .run([id, fileId]);
      }
    }
    return { files: data.files.length, collections: data.collections.length };
  });
}
