import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryFacets, LibraryPage } from '../../src/shared/contract';
import { makeAiff, makeWav } from '../fixtures/audio-files';
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
});
