import { describe, expect, it } from 'vitest';
import { fold } from '../../src/shared/query/fold';
import { parseQuery, type QueryFilter } from '../../src/shared/query/parse-query';

/** The filters without their spans. */
const filters = (text: string) =>
  parseQuery(text).filters.map(({ start: _s, end: _e, ...f }) => f as Partial<QueryFilter>);
const only = (text: string) => {
  const parsed = parseQuery(text);
  expect(parsed.problems).toEqual([]);
  expect(parsed.filters).toHaveLength(1);
  return parsed.filters[0]!;
};
const range = (min: number, max: number, minOpen = false, maxOpen = false) => ({
  min,
  max,
  minOpen,
  maxOpen,
});
/** The text a problem's span covers. */
const spans = (text: string) => parseQuery(text).problems.map((p) => text.slice(p.start, p.end));

describe('fold', () => {
  it('drops case and accents, so either side may carry them', () => {
    expect(fold('Ünicöde')).toBe('unicode');
    expect(fold('CAFÉ Crème Brûlée')).toBe('cafe creme brulee');
    expect(fold('ﬁ Ñ İ')).toBe('ﬁ n i');
    expect(fold('plain ascii 123')).toBe('plain ascii 123');
  });
});

describe('parseQuery', () => {
  it('reads words, quoted phrases and excluded words, folded, with their spans', () => {
    const text = 'Kick "warm PAD" -Snare -"dry hat" Ünicöde';
    const { words, filters: none, problems } = parseQuery(text);
    expect(none).toEqual([]);
    expect(problems).toEqual([]);
    expect(words.map((w) => [w.text, w.negate, text.slice(w.start, w.end)])).toEqual([
      ['kick', false, 'Kick'],
      ['warm pad', false, '"warm PAD"'],
      ['snare', true, '-Snare'],
      ['dry hat', true, '-"dry hat"'],
      ['unicode', false, 'Ünicöde'],
    ]);
    // A lone "-" is a word (names have dashes); a quoted filter is text.
    expect(parseQuery('a - b').words.map((w) => w.text)).toEqual(['a', '-', 'b']);
    expect(parseQuery('"tag:kick"').words.map((w) => w.text)).toEqual(['tag:kick']);
    expect(parseQuery('   ').words).toEqual([]);
    // Curly quotes, as some keyboards type them, quote too.
    expect(parseQuery('“warm pad”').words.map((w) => w.text)).toEqual(['warm pad']);
  });

  it('reads tags, included and excluded, quoted or not, folded', () => {
    expect(filters('tag:Kick tag:"My Tag" -tag:808 TAG:Rïmshot')).toEqual([
      { field: 'tag', tag: 'kick', negate: false },
      { field: 'tag', tag: 'my tag', negate: false },
      { field: 'tag', tag: '808', negate: true },
      { field: 'tag', tag: 'rimshot', negate: false },
    ]);
    const text = 'x tag:"my tag" y';
    const tag = only(text);
    expect(text.slice(tag.start, tag.end)).toBe('tag:"my tag"');
    expect(parseQuery(text).words.map((w) => w.text)).toEqual(['x', 'y']);
  });

  it('reads ratings with every comparison', () => {
    expect(only('rating>=3')).toMatchObject({ field: 'rating', range: range(3, Infinity) });
    expect(only('rating>3')).toMatchObject({ range: range(3, Infinity, true) });
    expect(only('rating<2')).toMatchObject({ range: range(-Infinity, 2, false, true) });
    expect(only('rating<=2')).toMatchObject({ range: range(-Infinity, 2) });
    expect(only('rating=4')).toMatchObject({ range: range(4, 4) });
    expect(only('rating:5')).toMatchObject({ range: range(5, 5) });
    expect(only('rating:0')).toMatchObject({ range: range(0, 0) });
    expect(only('rating:>=4')).toMatchObject({ range: range(4, Infinity) });
    expect(only('rating:2-4')).toMatchObject({ range: range(2, 4) });
    expect(only('-rating:1')).toMatchObject({ negate: true, range: range(1, 1) });
  });

  it('reads fav and -fav', () => {
    expect(filters('fav -fav FAV')).toEqual([
      { field: 'fav', negate: false },
      { field: 'fav', negate: true },
      { field: 'fav', negate: false },
    ]);
    // A word that only starts with "fav" is a word.
    expect(parseQuery('favourite').words.map((w) => w.text)).toEqual(['favourite']);
  });

  it('reads tempos: exact (what rounds to it), ranges and comparisons', () => {
    expect(only('bpm:120')).toMatchObject({
      field: 'bpm',
      range: range(119.5, 120.5, false, true),
    });
    expect(only('bpm:120.5')).toMatchObject({ range: range(120.45, 120.55, false, true) });
    expect(only('bpm:118-122')).toMatchObject({ range: range(118, 122) });
    expect(only('bpm>100')).toMatchObject({ range: range(100, Infinity, true) });
    expect(only('bpm<=90')).toMatchObject({ range: range(-Infinity, 90) });
    expect(only('tempo:90bpm')).toMatchObject({
      field: 'bpm',
      range: range(89.5, 90.5, false, true),
    });
  });

  it('reads keys in any spelling music-key reads', () => {
    for (const spelling of ['Am', 'am', '8A', '"A minor"', 'Amin', '1m']) {
      expect(only(`key:${spelling}`)).toMatchObject({ field: 'key', key: 'Am' });
    }
    expect(only('key:"F# minor"')).toMatchObject({ key: 'F#m' });
    expect(only('key:Gb')).toMatchObject({ key: 'F#' });
  });

  it('reads collections by name, formats and colours', () => {
    expect(only('in:"My crate"')).toMatchObject({ field: 'in', collection: 'My crate' });
    expect(only('in:Drums')).toMatchObject({ collection: 'Drums' });
    expect(only('-in:Drums')).toMatchObject({ negate: true });
    expect(only('format:FLAC')).toMatchObject({ field: 'format', format: 'flac' });
    expect(only('-format:mp3')).toMatchObject({ format: 'mp3', negate: true });
    expect(only('color:Red')).toMatchObject({ field: 'color', color: 'red' });
    expect(only('colour:gray')).toMatchObject({ color: 'grey' });
  });

  it('reads durations in ms, s and min, a unit written once counting for both ends', () => {
    expect(only('dur<2s')).toMatchObject({ field: 'dur', range: range(-Infinity, 2, false, true) });
    expect(only('dur>500ms')).toMatchObject({ range: range(0.5, Infinity, true) });
    expect(only('dur:1-3s')).toMatchObject({ range: range(1, 3) });
    expect(only('dur:500ms-2s')).toMatchObject({ range: range(0.5, 2) });
    expect(only('dur>=1min')).toMatchObject({ range: range(60, Infinity) });
    expect(only('dur<10')).toMatchObject({ range: range(-Infinity, 10, false, true) });
    expect(only('dur:2s')).toMatchObject({ range: range(1.5, 2.5, false, true) });
    expect(only('duration<=1.5s')).toMatchObject({ range: range(-Infinity, 1.5) });
  });

  it('turns bad input into problems with spans and messages, and keeps the rest', () => {
    const text = 'kick rating>=x tag:808 foo:bar bpm:130-120 "warm pad';
    const parsed = parseQuery(text);
    expect(parsed.words.map((w) => w.text)).toEqual(['kick']);
    expect(parsed.filters.map((f) => f.field)).toEqual(['tag']);
    expect(spans(text)).toEqual(['rating>=x', 'foo:bar', 'bpm:130-120', '"warm pad']);
    const [rating, unknown, backwards, quote] = parsed.problems.map((p) => p.message);
    expect(rating).toBe(
      'rating>=x: rating takes a number: rating>=3, rating:5, rating:0 (unrated) or rating:2-4',
    );
    expect(unknown).toMatch(/^"foo:" is not a filter; the filters are tag:, -tag:, in:, key:/);
    expect(unknown).toContain('put "foo:bar" in quotes');
    expect(backwards).toContain('the range runs backwards');
    expect(quote).toContain('a quote is not closed in "warm pad');
  });

  it('names what each filter accepts when its value is wrong', () => {
    const message = (text: string) => {
      const { problems, filters: kept } = parseQuery(text);
      expect(kept).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ start: 0, end: text.length });
      return problems[0]!.message;
    };
    expect(message('rating:6')).toContain('a rating is a whole number from 0 to 5');
    expect(message('rating:2.5')).toContain('a rating is a whole number from 0 to 5');
    expect(message('key:H')).toBe(
      'key:H: "H" is not a musical key: key:Am, key:"F# minor", key:8A or key:none',
    );
    expect(message('color:pink')).toBe(
      'color:pink: color: takes one of red, orange, yellow, green, blue, purple, grey',
    );
    expect(message('tag:')).toContain('tag: needs a tag name');
    expect(message('in:""')).toContain('in: needs a collection name');
    expect(message('format:')).toContain('format: needs a format');
    expect(message('tag>3')).toBe('tag>3: tag takes ":" (tag:3), not ">"');
    expect(message('fav:yes')).toContain('fav takes no value');
    expect(message('dur<2h')).toContain('dur takes a number: dur<2s');
    expect(message('bpm:fast')).toContain('bpm takes a number');
    expect(message('bpm>1-2')).toContain('bpm takes a number');
    expect(message('tag:"my tag')).toContain('a quote is not closed');
  });

  it('reads signed levels, a..b ranges and the analysis fields', () => {
    expect(only('lufs<-14')).toMatchObject({
      field: 'lufs',
      range: range(-Infinity, -14, false, true),
    });
    // An exact level finds what rounds to it, as with tempos.
    expect(only('lufs:-14')).toMatchObject({ range: range(-14.5, -13.5, false, true) });
    expect(only('lufs:-20..-10')).toMatchObject({ range: range(-20, -10) });
    expect(only('lufs:-20--10')).toMatchObject({ range: range(-20, -10) });
    expect(only('lufs:-20lufs..-10')).toMatchObject({ range: range(-20, -10) });
    expect(only('loudness>=-9LU')).toMatchObject({ field: 'lufs', range: range(-9, Infinity) });
    expect(only('peak>-1')).toMatchObject({ field: 'peak', range: range(-1, Infinity, true) });
    expect(only('peak:-6..0.5dBTP')).toMatchObject({ range: range(-6, 0.5) });
    expect(only('lra:3..8')).toMatchObject({ field: 'lra', range: range(3, 8) });
    expect(only('rms<=-18dB')).toMatchObject({ field: 'rms', range: range(-Infinity, -18) });
    expect(only('bright:>2k')).toMatchObject({
      field: 'bright',
      range: range(2000, Infinity, true),
    });
    expect(only('brightness:0.5..1.5khz')).toMatchObject({ range: range(500, 1500) });
    expect(only('bright:2k')).toMatchObject({ range: range(1500, 2500, false, true) });
    expect(only('bright:500hz..1.5k')).toMatchObject({ range: range(500, 1500) });
    expect(only('bright<800hz')).toMatchObject({ range: range(-Infinity, 800, false, true) });
    // Positive ranges still read as before, and with dots.
    expect(only('bpm:118..122')).toMatchObject({ field: 'bpm', range: range(118, 122) });
    expect(only('rating:2..4')).toMatchObject({ range: range(2, 4) });
    expect(only('-lufs>-8')).toMatchObject({ negate: true, range: range(-8, Infinity, true) });
  });

  it('reads type:, note:, key:none and bpmsrc:', () => {
    expect(only('type:loop')).toMatchObject({ field: 'type', kind: 'loop' });
    expect(only('type:OneShot')).toMatchObject({ kind: 'oneshot' });
    expect(only('type:one-shot')).toMatchObject({ kind: 'oneshot' });
    // C3 is middle C (60), as note-name.ts names notes by default.
    expect(only('note:C3')).toMatchObject({ field: 'note', pitchClass: 0, midi: 60 });
    expect(only('note:F#2')).toMatchObject({ pitchClass: 6, midi: 54 });
    expect(only('note:Bb-1')).toMatchObject({ pitchClass: 10, midi: 22 });
    expect(only('note:C-2')).toMatchObject({ pitchClass: 0, midi: 0 });
    expect(only('note:a')).toMatchObject({ pitchClass: 9, midi: null });
    expect(only('key:none')).toMatchObject({ field: 'key', key: null });
    expect(only('-key:none')).toMatchObject({ key: null, negate: true });
    expect(only('bpmsrc:detected')).toMatchObject({ field: 'bpmsrc', source: 'detected' });
    expect(only('bpmsrc:File')).toMatchObject({ source: 'file' });
    expect(only('bpmsrc:name')).toMatchObject({ source: 'name' });
  });

  it('names what the analysis fields accept when their value is wrong', () => {
    const message = (text: string) => {
      const { problems, filters: kept } = parseQuery(text);
      expect(kept).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ start: 0, end: text.length });
      return problems[0]!.message;
    };
    expect(message('lufs:loud')).toContain('lufs takes a number: lufs<-14');
    expect(message('lufs<-14hz')).toContain('lufs takes a number');
    expect(message('lufs>-20..-10')).toContain('lufs takes a number');
    expect(message('lufs:-10..-20')).toContain(
      'the range runs backwards: write the smaller number first (-20..-10)',
    );
    expect(message('bright>2m')).toContain('bright takes a number: bright>2k');
    // Fields that cannot be negative do not read a minus as a sign.
    expect(message('bpm:-120')).toContain('bpm takes a number');
    expect(message('rating:-1')).toContain('rating takes a number');
    expect(message('dur:-1..2')).toContain('dur takes a number');
    expect(message('type:drum')).toBe(
      'type:drum: type: takes loop or oneshot: type:loop, type:oneshot',
    );
    expect(message('note:H2')).toContain('"H2" is not a note: note:C3 (middle C)');
    expect(message('note:G9')).toContain('is not a note');
    expect(message('bpmsrc:guess')).toContain('bpmsrc: takes detected, file (acid or tag) or name');
    expect(message('type>loop')).toBe('type>loop: type takes ":" (type:loop), not ">"');
  });

  it('gives the span of an unclosed quote from its token to the end', () => {
    const text = 'kick in:"My cra';
    expect(spans(text)).toEqual(['in:"My cra']);
    expect(parseQuery(text).words.map((w) => w.text)).toEqual(['kick']);
  });

  it('never throws, whatever it is given', () => {
    const pieces = ['tag:', '"', '-', 'rating', '>=', ':', 'x', ' ', 'bpm', '1-', 'é', 'in', '“'];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = 0; i < 8; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += pieces[seed % pieces.length];
      }
      const parsed = parseQuery(text);
      for (const p of parsed.problems) {
        expect(p.start).toBeGreaterThanOrEqual(0);
        expect(p.end).toBeLessThanOrEqual(text.length);
        expect(p.end).toBeGreaterThan(p.start);
      }
    }
  });
});
