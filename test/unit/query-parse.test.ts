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
      'key:H: "H" is not a musical key: key:Am, key:"F# minor", key:8A',
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
