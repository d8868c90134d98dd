import { describe, expect, it } from 'vitest';
import { libraryQuery, type LibraryQueryInput } from '../../src/shared/contract';
import { errorRecord, unsupportedRecord } from '../../src/main/formats/file-record';
import { LibraryIndex } from '../../src/main/library/library-index';
import { fileRecord as record } from '../fixtures/file-record';

const q = (input: LibraryQueryInput = {}) => libraryQuery.parse(input);
const names = (index: LibraryIndex, input: LibraryQueryInput = {}) =>
  index.page(q(input), 0, 100).rows.map((r) => r.name);

function sample(): LibraryIndex {
  const index = new LibraryIndex();
  index.upsert([
    record('/lib/drums/Kick 01.wav', { durationSec: 0.5, sampleRate: 48000, channels: 1 }),
    record('/lib/drums/snare.wav', { durationSec: 0.3 }),
    record('/lib/loops/Funk Loop 120bpm.aif', {
      format: 'AIFF',
      durationSec: 8,
      tempo: 120,
      tempoSource: 'filename',
    }),
    record('/lib/loops/pad.wav', { durationSec: 12, meta: { comment: 'warm analog pad' } }),
    unsupportedRecord('/lib/loops/vocal.mp3', '/lib', 5000, 1),
    errorRecord('/lib/broken.wav', '/lib', 'no data chunk', 44, 1),
  ]);
  return index;
}

describe('LibraryIndex', () => {
  it('sorts by name, case-insensitively, both ways', () => {
    const index = sample();
    expect(names(index)).toEqual([
      'broken.wav',
      'Funk Loop 120bpm.aif',
      'Kick 01.wav',
      'pad.wav',
      'snare.wav',
      'vocal.mp3',
    ]);
    expect(names(index, { descending: true })[0]).toBe('vocal.mp3');
  });

  it('sorts numbers with unknown values last in either direction', () => {
    const index = sample();
    expect(names(index, { sort: 'durationSec' })).toEqual([
      'snare.wav',
      'Kick 01.wav',
      'Funk Loop 120bpm.aif',
      'pad.wav',
      'broken.wav',
      'vocal.mp3',
    ]);
    expect(names(index, { sort: 'durationSec', descending: true })).toEqual([
      'pad.wav',
      'Funk Loop 120bpm.aif',
      'Kick 01.wav',
      'snare.wav',
      'broken.wav',
      'vocal.mp3',
    ]);
  });

  it('searches every term in name, folder and metadata', () => {
    const index = sample();
    expect(names(index, { search: 'KICK' })).toEqual(['Kick 01.wav']);
    expect(names(index, { search: 'loops' })).toHaveLength(3);
    expect(names(index, { search: 'analog' })).toEqual(['pad.wav']);
    expect(names(index, { search: 'loops warm' })).toEqual(['pad.wav']);
    expect(names(index, { search: 'drums warm' })).toEqual([]);
  });

  it('searches the tagged key of a FLAC, MP3 or Ogg file', () => {
    const index = sample();
    index.upsert([record('/lib/loops/bass.flac', { format: 'FLAC', meta: { key: 'F#m' } })]);
    expect(names(index, { search: 'f#m' })).toEqual(['bass.flac']);
  });

  it('filters by format, sample rate, channels and folder', () => {
    const index = sample();
    expect(names(index, { formats: ['AIFF'] })).toEqual(['Funk Loop 120bpm.aif']);
    expect(names(index, { sampleRates: [48000] })).toEqual(['Kick 01.wav']);
    expect(names(index, { channels: [1] })).toEqual(['Kick 01.wav']);
    expect(names(index, { folder: '/lib/drums' })).toEqual(['Kick 01.wav', 'snare.wav']);
    expect(names(index, { folder: '/lib/drum' })).toEqual([]);
  });

  it('filters, sorts and counts by key whatever spelling the tag and the query use', () => {
    const index = sample();
    index.upsert([
      record('/lib/keys/a.flac', { format: 'FLAC', meta: { key: 'Am' } }),
      record('/lib/keys/b.mp3', { format: 'MP3', meta: { key: '8A' } }),
      record('/lib/keys/c.ogg', { format: 'Ogg', meta: { key: 'A minor' } }),
      record('/lib/keys/d.flac', { format: 'FLAC', meta: { key: 'C' } }),
      record('/lib/keys/e.mp3', { format: 'MP3', meta: { key: 'Gb' } }),
      record('/lib/keys/f.flac', { format: 'FLAC', meta: { key: 'in tune' } }),
      // A root note is the pitch of a one-shot, not a key: no key filter finds it.
      record('/lib/keys/g.wav', { meta: { rootNote: 57 } }),
    ]);
    const inAm = ['a.flac', 'b.mp3', 'c.ogg'];
    expect(names(index, { keys: ['Am'] })).toEqual(inAm);
    expect(names(index, { keys: ['8A'] })).toEqual(inAm);
    expect(names(index, { keys: ['a minor'] })).toEqual(inAm);
    expect(names(index, { keys: ['F#'] })).toEqual(['e.mp3']);
    expect(names(index, { keys: ['Am', 'C'] })).toEqual([...inAm, 'd.flac']);
    expect(names(index, { keys: ['Am'], formats: ['FLAC'] })).toEqual(['a.flac']);
    expect(names(index, { keys: ['Bm'] })).toEqual([]);
    expect(names(index, { search: 'am' })).toEqual(inAm);

    expect(names(index, { sort: 'key' }).slice(0, 5)).toEqual(['d.flac', 'e.mp3', ...inAm]);
    expect(names(index, { sort: 'key', descending: true }).slice(0, 5)).toEqual([
      ...inAm,
      'e.mp3',
      'd.flac',
    ]);
    expect(names(index, { sort: 'key', descending: true }).at(-1)).toBe('vocal.mp3');

    expect(index.facets().keys).toEqual([
      { value: 'C', count: 1 },
      { value: 'F#', count: 1 },
      { value: 'Am', count: 3 },
    ]);
  });

  it('refuses a key filter that names no key', () => {
    const parsed = libraryQuery.safeParse({ keys: ['Am', 'H minor'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['keys', 1],
      message: 'is not a musical key',
    });
  });

  it('filters by tempo, half and double time included', () => {
    const index = sample();
    index.upsert([
      record('/lib/loops/half 60bpm.wav', { tempo: 60 }),
      record('/lib/loops/double 240bpm.wav', { tempo: 240 }),
      record('/lib/loops/close 121bpm.wav', { tempo: 121.5 }),
      record('/lib/loops/off 125bpm.wav', { tempo: 125 }),
    ]);
    expect(names(index, { tempoMatch: 120 })).toEqual([
      'close 121bpm.wav',
      'double 240bpm.wav',
      'Funk Loop 120bpm.aif',
      'half 60bpm.wav',
    ]);
    expect(names(index, { tempoMatch: 250 })).toEqual(['off 125bpm.wav']);
  });

  it('pages, and finds a file’s position in a result', () => {
    const index = sample();
    const page = index.page(q(), 2, 2);
    expect(page).toMatchObject({ total: 6, offset: 2 });
    expect(page.rows.map((r) => r.name)).toEqual(['Kick 01.wav', 'pad.wav']);
    const pad = index.get('/lib/loops/pad.wav')!;
    expect(index.position(q(), pad.id)).toBe(3);
    expect(index.position(q({ search: 'drums' }), pad.id)).toBe(-1);
  });

  it('keeps ids across updates, counts errors and bumps the version on every change', () => {
    const index = sample();
    const before = index.get('/lib/broken.wav')!;
    const version = index.version;
    expect(index.errors).toBe(1);
    index.upsert([record('/lib/broken.wav')]);
    expect(index.get('/lib/broken.wav')!.id).toBe(before.id);
    expect(index.errors).toBe(0);
    expect(index.version).toBeGreaterThan(version);
    expect(index.remove(['/lib/broken.wav', '/nope'])).toBe(1);
    expect(index.size).toBe(5);
    expect(index.pathsUnder('/lib/loops').sort()).toEqual([
      '/lib/loops/Funk Loop 120bpm.aif',
      '/lib/loops/pad.wav',
      '/lib/loops/vocal.mp3',
    ]);
  });

  it('counts files and errors per library folder as files come, change, move and go', () => {
    const index = new LibraryIndex();
    const broken = (path: string, root: string) => ({
      ...errorRecord(path, root, 'not a WAV file: bad magic', 10, 1),
      name: path.split('/').at(-1)!,
      dir: path.slice(0, path.lastIndexOf('/')),
    });
    index.upsert([
      record('/a/1.wav', { root: '/a' }),
      record('/a/2.wav', { root: '/a' }),
      broken('/a/3.wav', '/a'),
      record('/b/1.wav', { root: '/b' }),
    ]);
    expect(index.countIn('/a')).toEqual({ files: 3, errors: 1 });
    expect(index.countIn('/b')).toEqual({ files: 1, errors: 0 });
    index.upsert([record('/a/3.wav', { root: '/a' }), broken('/a/2.wav', '/a')]);
    expect(index.countIn('/a')).toEqual({ files: 3, errors: 1 });
    // A folder added above /a takes its files over.
    index.upsert(
      ['/a/1.wav', '/a/2.wav', '/a/3.wav'].map((p) => ({ ...index.get(p)!, root: '/' })),
    );
    expect(index.countIn('/a')).toEqual({ files: 0, errors: 0 });
    expect(index.countIn('/')).toEqual({ files: 3, errors: 1 });
    index.remove(['/a/2.wav', '/b/1.wav']);
    expect(index.countIn('/')).toEqual({ files: 2, errors: 0 });
    expect(index.countIn('/b')).toEqual({ files: 0, errors: 0 });
    expect(index.errors).toBe(0);
  });

  it('gives facets and a folder tree with counts', () => {
    const index = sample();
    expect(index.facets().formats).toEqual([
      { value: 'AIFF', count: 1 },
      { value: 'MP3', count: 1 },
      { value: 'WAV', count: 4 },
    ]);
    expect(index.facets().channels).toEqual([
      { value: 1, count: 1 },
      { value: 2, count: 3 },
    ]);
    const [root] = index.tree(['/lib']);
    expect(root).toMatchObject({ path: '/lib', files: 6 });
    expect(root!.children.map((c) => [c.name, c.files])).toEqual([
      ['drums', 2],
      ['loops', 3],
    ]);
  });

  it('lists problems with their reasons', () => {
    expect(sample().problems(10)).toEqual({
      total: 1,
      problems: [{ path: '/lib/broken.wav', reason: 'no data chunk' }],
    });
  });

  it('folds the search text only when a search needs it, or in slices ahead of one', () => {
    const files = () =>
      Array.from({ length: 1000 }, (_, i) =>
        record(`/lib/pack ${i % 10}/take ${i}.wav`, {
          meta: i % 100 === 7 ? { comment: 'Ünïcödé Pad', key: '8A' } : {},
        }),
      );
    const searched = (index: LibraryIndex) =>
      index.page(q({ search: 'unicode pad am' }), 0, 100).rows.map((r) => r.name);
    const expected = Array.from({ length: 10 }, (_, i) => `take ${i * 100 + 7}.wav`).sort();
    const built = (index: LibraryIndex) =>
      [...index.entries()].filter((e) => e.haystack !== null).length;

    // A page without words folds nothing; the first search folds what it reads, and is right.
    const fresh = new LibraryIndex();
    fresh.upsert(files());
    expect(names(fresh)).toHaveLength(100);
    expect(built(fresh)).toBe(0);
    expect(searched(fresh)).toEqual(expected);
    expect(built(fresh)).toBe(1000);

    // Ahead of a search: a slice at a time (at least 256 files each), every file at last.
    const warmed = new LibraryIndex();
    warmed.upsert(files());
    expect(warmed.warmSearch(0)).toBe(false);
    expect(built(warmed)).toBe(256);
    // A search between slices reads the folded and the unfolded alike.
    expect(searched(warmed)).toEqual(expected);
    const other = new LibraryIndex();
    other.upsert(files());
    const slices: boolean[] = [];
    do slices.push(other.warmSearch(0));
    while (!slices.at(-1));
    expect(slices).toEqual([false, false, false, true]);
    expect(built(other)).toBe(1000);
    expect(searched(other)).toEqual(expected);
  });
});
