import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  libraryQuery,
  NO_MARKS,
  type LibraryFacets,
  type LibraryPage,
} from '../../src/shared/contract';
import { LibraryService } from '../../src/main/library/library-service';
import { MarksMirror } from '../../src/main/marks/marks-view';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import { makeAiff, makeWav } from '../fixtures/audio-files';
import { sourceWorker } from '../fixtures/source-worker';
import { createTestCore } from '../fixtures/test-core';

describe('library queries through the core', () => {
  it('counts facets under the query asked with, and returns what the search did not understand', async () => {
    const { core, call } = createTestCore();
    try {
      const root = mkdtempSync(join(tmpdir(), 'sd-query-'));
      mkdirSync(join(root, 'Ünicöde'));
      const files: Record<string, Buffer> = {
        'mono kick.wav': makeWav({ channels: 1, frames: 4410 }),
        'mono snare.wav': makeWav({ channels: 1, frames: 4410 }),
        'stereo loop.aif': makeAiff({ channels: 2, frames: 441000 }),
        'Ünicöde/stereo pad.aif': makeAiff({ channels: 2, frames: 4410 }),
      };
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(root, name), bytes);
      await call('library:add', { paths: [root] });
      await core.library.idle();

      // AIFF chosen: mono is not offered, since no AIFF is mono.
      const aiff = await call<LibraryFacets>('library:facets', { query: { formats: ['AIFF'] } });
      expect(aiff.channels).toEqual([{ value: 2, count: 2 }]);
      expect(aiff.formats).toEqual([
        { value: 'AIFF', count: 2 },
        { value: 'WAV', count: 2 },
      ]);
      // Without a query: the whole library.
      const all = await call<LibraryFacets>('library:facets', {});
      expect(all.channels).toEqual([
        { value: 1, count: 2 },
        { value: 2, count: 2 },
      ]);

      const search = 'unicode dur<1s rating>=x';
      const page = await call<LibraryPage>('library:query', {
        query: { search },
        offset: 0,
        limit: 10,
      });
      expect(page.rows.map((r) => [r.name, r.marks.tags])).toEqual([['stereo pad.aif', []]]);
      expect(page.problems).toHaveLength(1);
      expect(search.slice(page.problems[0]!.start, page.problems[0]!.end)).toBe('rating>=x');
    } finally {
      await core.dispose();
    }
  });

  it('a library service given marks queries by them, and its versions follow them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sd-query-marks-'));
    writeFileSync(join(root, 'a.wav'), makeWav({ frames: 441 }));
    writeFileSync(join(root, 'b.wav'), makeWav({ frames: 441 }));
    const pool = new WorkerPool(sourceWorker('file-worker'), 1);
    const marks = new MarksMirror();
    const library = new LibraryService({
      cacheFile: join(mkdtempSync(join(tmpdir(), 'sd-cache-')), 'library.json'),
      pool,
      onChanged: () => undefined,
      watch: false,
      marks,
    });
    try {
      await library.add([root]);
      await library.idle();
      const query = libraryQuery.parse({ search: 'tag:kept' });
      expect(library.page(query, 0, 10).total).toBe(0);
      const before = library.position(query, 1).version;
      marks.set(join(root, 'b.wav'), { ...NO_MARKS, tags: ['Kept'] });
      const page = library.page(query, 0, 10);
      expect(page.rows.map((r) => [r.name, r.marks.tags])).toEqual([['b.wav', ['Kept']]]);
      expect(page.version).toBeGreaterThan(before);
      expect(library.position(query, page.rows[0]!.id)).toEqual({
        version: page.version,
        index: 0,
      });
      expect(library.facets(query).tags).toEqual([{ value: 'Kept', count: 1 }]);
    } finally {
      await library.dispose();
      await pool.dispose();
    }
  });
});
