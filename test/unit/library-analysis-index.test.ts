import { describe, expect, it } from 'vitest';
import { libraryQuery } from '../../src/shared/contract';
import type { FileSortKey } from '../../src/main/library/library-entry';
import { LibraryIndex } from '../../src/main/library/library-index';
import { MarksMirror } from '../../src/main/marks/marks-view';
import { MapAnalysisView } from '../fixtures/analysis-map-view';
import { fileAnalysis } from '../fixtures/file-analysis';
import { fileRecord } from '../fixtures/file-record';
import { between, seededRandom } from '../fixtures/seeded-random';

const KEYS = ['Am', 'C', 'F#m', 'Eb', null];
const HEARD: FileSortKey[] = ['tempo', 'key', 'loudness', 'truePeak', 'brightness'];

/** A random analysis, with some measures unknown, as real ones often are. */
function randomAnalysis(random: () => number) {
  const maybe = (value: number) => (random() < 0.2 ? null : Math.round(value));
  return fileAnalysis({
    lufs: maybe(between(random, -40, -5)),
    mmax: maybe(between(random, -30, 0)),
    truePeakDb: maybe(between(random, -20, 2)),
    centroidHz: maybe(between(random, 100, 8000)),
    bpm: maybe(between(random, 60, 180)),
    key: KEYS[Math.floor(random() * KEYS.length)]!,
  });
}

describe('the index with an analysis view', () => {
  it.each([
    ['every file looked at', false],
    ['only the changed files looked at (changedSince)', true],
  ])(
    'keeps the analysis orders right as analyses come, change and files are rescanned: %s',
    (_, tracked) => {
      const random = seededRandom(15);
      const view = new MapAnalysisView(tracked);
      const index = new LibraryIndex(new MarksMirror(), view);
      const paths = Array.from(
        { length: 400 },
        (_, i) => `/lib/d${i % 7}/f${i} ${90 + (i % 40)} bpm.wav`,
      );
      const record = (path: string) =>
        fileRecord(path, { tempo: Number(/ (\d+) bpm/.exec(path)![1]), tempoSource: 'filename' });
      index.upsert(paths.map(record));
      // Every order in use, so each change must update them.
      for (const key of HEARD) for (const d of [false, true]) index.sortedBy(key, d);
      for (let round = 0; round < 40; round++) {
        // A few analyses per round (moved one by one), now and then a batch (merged) or a burst
        // (sorted again), and rescans.
        const count = round % 10 === 9 ? 200 : round % 10 === 4 ? 80 : 1 + Math.floor(random() * 5);
        for (let n = 0; n < count; n++) {
          const path = paths[Math.floor(random() * paths.length)]!;
          view.set(path, randomAnalysis(random));
        }
        if (round % 4 === 0) index.upsert([record(paths[Math.floor(random() * paths.length)]!)]);
        const fresh = new LibraryIndex(new MarksMirror(), view);
        fresh.upsert(paths.map(record));
        for (const key of HEARD) {
          for (const descending of [false, true]) {
            const got = index.sortedBy(key, descending).map((e) => e.file.path);
            expect(got, `${key} ${descending} round ${round}`).toEqual(
              fresh.sortedBy(key, descending).map((e) => e.file.path),
            );
          }
        }
      }
    },
  );

  it('a library without a view shows no analysis and sorts by the analysis keys by name', () => {
    const index = new LibraryIndex();
    index.upsert([
      fileRecord('/lib/b.wav', { tempo: 100, tempoSource: 'tag' }),
      fileRecord('/lib/a.wav'),
    ]);
    for (const sort of ['loudness', 'truePeak', 'brightness', 'similarity'] as const) {
      expect(index.page(libraryQuery.parse({ sort }), 0, 10).rows.map((r) => r.name)).toEqual([
        'a.wav',
        'b.wav',
      ]);
    }
    const rows = index.page(libraryQuery.parse({}), 0, 10).rows;
    expect(rows.map((r) => [r.analysis, r.tempo, r.tempoSource])).toEqual([
      [null, null, null],
      [null, 100, 'tag'],
    ]);
  });

  it('search words find the detected key as they find the tagged one', () => {
    const view = new MapAnalysisView();
    const index = new LibraryIndex(new MarksMirror(), view);
    index.upsert([
      fileRecord('/lib/pad.wav'),
      fileRecord('/lib/tagged.wav', { meta: { key: '8A' } }),
      fileRecord('/lib/other.wav'),
    ]);
    const found = (search: string) =>
      index.page(libraryQuery.parse({ search }), 0, 10).rows.map((r) => r.name);
    expect(found('ebm')).toEqual([]);
    view.set('/lib/pad.wav', fileAnalysis({ key: 'Ebm' }));
    view.set('/lib/tagged.wav', fileAnalysis({ key: 'Ebm' }));
    view.set('/lib/other.wav', fileAnalysis({ key: null }));
    // The tagged file shows its tag (Am), so the heard Ebm does not find it.
    expect(found('ebm')).toEqual(['pad.wav']);
    expect(found('am')).toEqual(['tagged.wav']);
    expect(found('-ebm')).toEqual(['other.wav', 'tagged.wav']);
  });
});
