import { describe, expect, it } from 'vitest';
import {
  libraryQuery,
  NO_MARKS,
  type FileMarks,
  type LibraryQueryInput,
} from '../../src/shared/contract';
import { LibraryIndex } from '../../src/main/library/library-index';
import { MarksMirror } from '../../src/main/marks/marks-view';
import { fileRecord as record } from '../fixtures/file-record';

const q = (input: LibraryQueryInput = {}) => libraryQuery.parse(input);

/** A library of drums and loops, with the marks a user gave some of them. */
function marked() {
  const marks = new MarksMirror();
  const index = new LibraryIndex(marks);
  index.upsert([
    record('/lib/drums/Kick 01.wav', { durationSec: 0.4, channels: 1 }),
    record('/lib/drums/Kick 02.wav', { durationSec: 0.6, channels: 1 }),
    record('/lib/drums/Snare.wav', { durationSec: 0.3, channels: 1 }),
    record('/lib/drums/Hat.aif', { format: 'AIFF', durationSec: 0.2 }),
    record('/lib/loops/Funk 120.aif', { format: 'AIFF', durationSec: 8, tempo: 120 }),
    record('/lib/loops/Bass 96.flac', {
      format: 'FLAC',
      codec: 'FLAC',
      durationSec: 10,
      tempo: 96,
      meta: { key: '8A' },
    }),
    record('/lib/Ünicöde/Pad.wav', { durationSec: 12, tempo: 119.7, meta: { comment: 'Crème' } }),
  ]);
  const set = (name: string, m: Partial<FileMarks>) =>
    marks.set(index.page(q({ search: `"${name}"` }), 0, 1).rows[0]!.path, { ...NO_MARKS, ...m });
  set('Kick 01', { fav: true, rating: 5, tags: ['Kick', 'Punchy'], color: 'red' });
  set('Kick 02', { rating: 3, tags: ['Kick', '808'] });
  set('Snare', { rating: 1, tags: ['Snäre'] });
  set('Funk 120', { fav: true, rating: 4, tags: ['Loop', 'Groove'], color: 'blue' });
  set('Pad', { tags: ['Ambient Pad'] });
  marks.setCollection({
    id: 1,
    name: 'My crate',
    paths: [
      '/lib/loops/Funk 120.aif',
      '/lib/drums/Snare.wav',
      '/gone.wav',
      '/lib/drums/Kick 01.wav',
    ],
  });
  const names = (input: LibraryQueryInput = {}) =>
    index.page(q(input), 0, 100).rows.map((r) => r.name.replace(/\.\w+$/, ''));
  return { index, marks, names };
}

describe('library queries with marks', () => {
  it('gives every row its marks', () => {
    const { index } = marked();
    const rows = index.page(q({ search: 'kick' }), 0, 10).rows;
    expect(rows.map((r) => [r.name, r.marks])).toEqual([
      ['Kick 01.wav', { fav: true, rating: 5, color: 'red', tags: ['Kick', 'Punchy'] }],
      ['Kick 02.wav', { fav: false, rating: 3, color: null, tags: ['Kick', '808'] }],
    ]);
    expect(index.page(q({ search: 'hat' }), 0, 10).rows[0]!.marks).toBe(NO_MARKS);
  });

  it('filters by tags, favourites, ratings and colours', () => {
    const { names } = marked();
    expect(names({ search: 'tag:kick' })).toEqual(['Kick 01', 'Kick 02']);
    expect(names({ search: 'tag:kick -tag:808' })).toEqual(['Kick 01']);
    expect(names({ search: 'tag:"ambient pad"' })).toEqual(['Pad']);
    expect(names({ search: 'tag:snare' })).toEqual(['Snare']);
    expect(names({ search: 'tag:kick tag:punchy' })).toEqual(['Kick 01']);
    expect(names({ search: 'fav' })).toEqual(['Funk 120', 'Kick 01']);
    expect(names({ search: '-fav -tag:kick' })).toEqual(['Bass 96', 'Hat', 'Pad', 'Snare']);
    expect(names({ search: 'rating>=3' })).toEqual(['Funk 120', 'Kick 01', 'Kick 02']);
    expect(names({ search: 'rating<2' })).toEqual(['Bass 96', 'Hat', 'Pad', 'Snare']);
    expect(names({ search: 'rating:0' })).toEqual(['Bass 96', 'Hat', 'Pad']);
    expect(names({ search: 'color:red' })).toEqual(['Kick 01']);
    expect(names({ search: 'color:red color:blue' })).toEqual(['Funk 120', 'Kick 01']);
  });

  it('filters by tempo, key, format, duration and collection', () => {
    const { names } = marked();
    expect(names({ search: 'bpm:120' })).toEqual(['Funk 120', 'Pad']);
    expect(names({ search: 'bpm:90-100' })).toEqual(['Bass 96']);
    expect(names({ search: 'bpm>100' })).toEqual(['Funk 120', 'Pad']);
    expect(names({ search: 'key:Am' })).toEqual(['Bass 96']);
    expect(names({ search: 'key:"A minor"' })).toEqual(['Bass 96']);
    expect(names({ search: 'format:aiff' })).toEqual(['Funk 120', 'Hat']);
    expect(names({ search: 'format:aif format:flac' })).toEqual(['Bass 96', 'Funk 120', 'Hat']);
    expect(names({ search: '-format:wav' })).toEqual(['Bass 96', 'Funk 120', 'Hat']);
    expect(names({ search: 'dur<500ms' })).toEqual(['Hat', 'Kick 01', 'Snare']);
    expect(names({ search: 'dur:1-10s' })).toEqual(['Bass 96', 'Funk 120']);
    expect(names({ search: 'in:"my crate"' })).toEqual(['Funk 120', 'Kick 01', 'Snare']);
    expect(names({ search: 'in:"My crate" tag:kick' })).toEqual(['Kick 01']);
    expect(names({ search: '-in:"My crate" drums' })).toEqual(['Hat', 'Kick 02']);
  });

  it('matches words in names, folders, metadata and tags, accents folded on both sides', () => {
    const { names } = marked();
    expect(names({ search: 'unicode' })).toEqual(['Pad']);
    expect(names({ search: 'ÜNICÖDE' })).toEqual(['Pad']);
    expect(names({ search: 'creme' })).toEqual(['Pad']);
    expect(names({ search: 'snare' })).toEqual(['Snare']);
    expect(names({ search: 'groove' })).toEqual(['Funk 120']);
    expect(names({ search: '"ambient pad"' })).toEqual(['Pad']);
    expect(names({ search: 'punch' })).toEqual(['Kick 01']);
    expect(names({ search: 'kick -punchy' })).toEqual(['Kick 02']);
    expect(names({ search: 'drums -kick' })).toEqual(['Hat', 'Snare']);
  });

  it('gives, typing on and back, what a fresh index gives for each text', () => {
    const { index, marks } = marked();
    const typed = [
      'd',
      'dr',
      'drums',
      'drums -s',
      'drums -sn',
      'drums k',
      'drums ki',
      'drums -ki',
      'drums -kic',
      'drums',
    ];
    const more = ['drums kick 0', 'drums kick 02', 'kick 02', 'kick', 'k', 'pun', 'punchy'];
    for (const search of [...typed, ...more, 'tag:kick 0', 'tag:kick 01', 'tag:kick 0']) {
      const fresh = new LibraryIndex(marks);
      fresh.upsert([...index.files()].map((f) => ({ ...f, id: 0 })));
      const names = (i: LibraryIndex) => i.page(q({ search }), 0, 100).rows.map((r) => r.name);
      expect(names(index), search).toEqual(names(fresh));
    }
  });

  it('applies the rest of a query with problems, and says what was left out', () => {
    const { index } = marked();
    const text = 'tag:kick rating>=x in:"No such crate" foo:bar';
    const page = index.page(q({ search: text }), 0, 10);
    expect(page.rows.map((r) => r.name)).toEqual(['Kick 01.wav', 'Kick 02.wav']);
    expect(page.problems.map((p) => text.slice(p.start, p.end))).toEqual([
      'rating>=x',
      'in:"No such crate"',
      'foo:bar',
    ]);
    expect(page.problems[1]!.message).toBe(
      'no collection is named "No such crate" (in: takes a collection\'s name, in quotes if it has spaces)',
    );
    expect(index.page(q({ search: 'kick' }), 0, 10).problems).toEqual([]);
  });

  it('sorts by rating, unrated last either way', () => {
    const { names } = marked();
    const unrated = ['Bass 96', 'Hat', 'Pad'];
    expect(names({ sort: 'rating' })).toEqual([
      'Snare',
      'Kick 02',
      'Funk 120',
      'Kick 01',
      ...unrated,
    ]);
    expect(names({ sort: 'rating', descending: true })).toEqual([
      'Kick 01',
      'Funk 120',
      'Kick 02',
      'Snare',
      ...unrated,
    ]);
    expect(names({ sort: 'rating', search: 'drums', descending: true })).toEqual([
      'Kick 01',
      'Kick 02',
      'Snare',
      'Hat',
    ]);
  });

  it("sorts by a collection's order with in:, by name without", () => {
    const { names } = marked();
    expect(names({ sort: 'position', search: 'in:"My crate"' })).toEqual([
      'Funk 120',
      'Snare',
      'Kick 01',
    ]);
    expect(names({ sort: 'position', search: 'in:"My crate"', descending: true })).toEqual([
      'Kick 01',
      'Snare',
      'Funk 120',
    ]);
    expect(names({ sort: 'position', search: 'in:"My crate" -tag:loop' })).toEqual([
      'Snare',
      'Kick 01',
    ]);
    expect(names({ sort: 'position' })).toEqual(names({ sort: 'name' }));
  });

  it('follows changed marks: a new version, and results built afresh', () => {
    const { index, marks, names } = marked();
    const before = index.page(q({ search: 'tag:kick' }), 0, 10);
    expect(names({ search: 'tag:kick', sort: 'rating' })).toEqual(['Kick 02', 'Kick 01']);
    const libraryVersion = index.version;
    const hat = index.get('/lib/drums/Hat.aif')!;
    marks.set(hat.path, { ...NO_MARKS, rating: 4, tags: ['kick'] });
    const after = index.page(q({ search: 'tag:kick' }), 0, 10);
    expect(index.version).toBe(libraryVersion);
    expect(after.version).not.toBe(before.version);
    expect(after.rows.map((r) => r.name)).toEqual(['Hat.aif', 'Kick 01.wav', 'Kick 02.wav']);
    expect(names({ search: 'tag:kick', sort: 'rating' })).toEqual(['Kick 02', 'Hat', 'Kick 01']);
    expect(index.facets(q({ search: 'tag:kick' })).tags.find((t) => t.value === 'kick')).toEqual({
      value: 'kick',
      count: 1,
    });
    // The collection changes too.
    marks.setCollection({ id: 1, name: 'My crate', paths: [hat.path] });
    expect(names({ search: 'in:"My crate"' })).toEqual(['Hat']);
    marks.deleteCollection(1);
    expect(index.page(q({ search: 'in:"My crate"' }), 0, 10).problems).toHaveLength(1);
    // And a change of the files gives a new version as well.
    const version = index.page(q(), 0, 1).version;
    index.remove([hat.path]);
    expect(index.page(q(), 0, 1).version).toBeGreaterThan(version);
    expect(index.pageVersion).toBe(index.page(q(), 0, 1).version);
  });
});

describe('facets under a query', () => {
  it('counts each facet among what the other filters let through', () => {
    const { index } = marked();
    const all = index.facets();
    expect(all.channels).toEqual([
      { value: 1, count: 3 },
      { value: 2, count: 4 },
    ]);
    // AIFF chosen: no mono AIFF exists, so mono is not offered with a count that leads to 0.
    const aiff = index.facets(q({ formats: ['AIFF'] }));
    expect(aiff.channels).toEqual([{ value: 2, count: 2 }]);
    // The format facet ignores the format filter: the other formats stay offered.
    expect(aiff.formats).toEqual([
      { value: 'AIFF', count: 2 },
      { value: 'FLAC', count: 1 },
      { value: 'WAV', count: 4 },
    ]);
    // Mono chosen as well: AIFF's count is of mono files (none, but it stays listed as chosen).
    const both = index.facets(q({ formats: ['AIFF'], channels: [1] }));
    expect(both.formats).toEqual([
      { value: 'AIFF', count: 0 },
      { value: 'WAV', count: 3 },
    ]);
    expect(both.channels).toEqual([
      { value: 1, count: 0 },
      { value: 2, count: 2 },
    ]);
    expect(both.tags).toEqual([]);
  });

  it('applies the search text and the folder to every facet, and counts tags among the result', () => {
    const { index } = marked();
    const drums = index.facets(q({ folder: '/lib/drums', search: '-tag:808' }));
    expect(drums.formats).toEqual([
      { value: 'AIFF', count: 1 },
      { value: 'WAV', count: 2 },
    ]);
    expect(drums.tags).toEqual([
      { value: 'Kick', count: 1 },
      { value: 'Punchy', count: 1 },
      { value: 'Snäre', count: 1 },
    ]);
    const keys = index.facets(q({ search: 'loops', keys: ['C'] }));
    expect(keys.keys).toEqual([
      { value: 'C', count: 0 },
      { value: 'Am', count: 1 },
    ]);
    expect(keys.tags).toEqual([]);
  });

  it('gives counts that the page agrees with, for every value of every facet', () => {
    const { index } = marked();
    const queries: LibraryQueryInput[] = [
      { formats: ['AIFF'] },
      { formats: ['WAV'], channels: [1], search: 'rating>=1' },
      { search: 'fav', channels: [2] },
      { search: 'loops', folder: '/lib/loops' },
      { formats: ['FLAC', 'AIFF'], sampleRates: [44100], search: 'tag:loop' },
    ];
    const everything = index.facets();
    for (const input of queries) {
      const query = q(input);
      const facets = index.facets(query);
      // Every value in the library: its count under the query (0 when not listed) is what
      // choosing it instead of the facet's current choice gives.
      const check = <K extends 'formats' | 'sampleRates' | 'channels'>(name: K) => {
        for (const { value } of everything[name]) {
          const listed = (facets[name] as { value: unknown; count: number }[]).find(
            (f) => f.value === value,
          );
          const total = index.page({ ...query, [name]: [value] }, 0, 1).total;
          expect(listed?.count ?? 0, `${JSON.stringify(input)}: ${name} ${value}`).toBe(total);
        }
      };
      check('formats');
      check('sampleRates');
      check('channels');
      const result = index.page(query, 0, 100).rows;
      for (const { value, count } of facets.tags) {
        expect(result.filter((r) => r.marks.tags.includes(value))).toHaveLength(count);
      }
    }
  });
});
