import type { QueryProblem } from '../contract/library';
import { markColors, type MarkColor } from '../contract/marks';
import { normaliseKey } from '../music-key';
import { fold } from './fold';

/** Numbers from min to max; an open end excludes its bound, an infinite one has none. */
export interface NumberRange {
  min: number;
  max: number;
  minOpen: boolean;
  maxOpen: boolean;
}

/** Where a part of the query is in the search text: character offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A word or "quoted phrase": folded (fold.ts); `negate` for `-word`. */
export interface QueryWord extends Span {
  text: string;
  negate: boolean;
}

export type QueryFilter = Span & { negate: boolean } & (
    | { field: 'tag'; tag: string }
    | { field: 'fav' }
    | { field: NumberField; range: NumberRange }
    /** key:none (null): analysed, and neither tagged nor heard in a key. */
    | { field: 'key'; key: string | null }
    | { field: 'type'; kind: 'loop' | 'oneshot' }
    /** The root note: a pitch class (0 = C), and the MIDI note when an octave is written. */
    | { field: 'note'; pitchClass: number; midi: number | null }
    | { field: 'bpmsrc'; source: 'detected' | 'file' | 'name' }
    | { field: 'in'; collection: string }
    | { field: 'format'; format: string }
    | { field: 'color'; color: MarkColor }
  );

export type FilterField = QueryFilter['field'];

/** Fields compared as numbers (the analysis's: lufs, peak, lra, rms, bright). */
export type NumberField = 'rating' | 'bpm' | 'dur' | 'lufs' | 'peak' | 'lra' | 'rms' | 'bright';

export interface ParsedQuery {
  words: QueryWord[];
  filters: QueryFilter[];
  /** What was not understood; it is left out and the rest applies. */
  problems: QueryProblem[];
}

const QUOTES = '"“”';
const FIELD_NAMES: Record<string, FilterField> = {
  tag: 'tag',
  fav: 'fav',
  rating: 'rating',
  bpm: 'bpm',
  tempo: 'bpm',
  key: 'key',
  in: 'in',
  format: 'format',
  dur: 'dur',
  duration: 'dur',
  color: 'color',
  colour: 'color',
  lufs: 'lufs',
  loudness: 'lufs',
  peak: 'peak',
  lra: 'lra',
  rms: 'rms',
  bright: 'bright',
  brightness: 'bright',
  type: 'type',
  note: 'note',
  bpmsrc: 'bpmsrc',
};
const FILTER_LIST =
  'tag:, -tag:, in:, key:, format:, color:, type:, note:, bpmsrc:, rating, bpm, dur, ' +
  'lufs, peak, lra, rms, bright, fav or -fav';

/** Why a filter was not understood; the parser turns it into a problem with the filter's span. */
class Refused extends Error {}
const refuse = (message: string): never => {
  throw new Refused(message);
};

interface Token extends Span {
  /** The token's text, quotes included. */
  raw: string;
  /** A quote was opened and never closed: the token runs to the end. */
  unclosed: boolean;
}

/** Splits at white space outside quotes: `tag:"my tag"` is one token. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i += 1;
      continue;
    }
    const start = i;
    let unclosed = false;
    while (i < text.length && !/\s/.test(text[i]!)) {
      if (QUOTES.includes(text[i]!)) {
        let close = i + 1;
        while (close < text.length && !QUOTES.includes(text[close]!)) close += 1;
        unclosed = close === text.length;
        i = close + 1;
      } else i += 1;
    }
    i = Math.min(i, text.length);
    tokens.push({ start, end: i, raw: text.slice(start, i), unclosed });
  }
  return tokens;
}

const unquote = (text: string) => [...text].filter((c) => !QUOTES.includes(c)).join('');

const NUMBER = String.raw`(-?(?:\d+(?:\.\d*)?|\.\d+))`;

/** Half the last written digit: `120` means 119.5 up to 120.5, `1.5` means 1.45 up to 1.55. */
function halfStep(written: string): number {
  const decimals = written.includes('.') ? written.length - written.indexOf('.') - 1 : 0;
  return 0.5 * 10 ** -decimals;
}

interface NumberSyntax {
  /** How a written value and its unit (maybe '') become the field's number. */
  value: (written: string, unit: string) => number;
  units: RegExp;
  /** Values are whole numbers (a rating): an exact value is just itself. */
  whole: boolean;
  /** Values below zero exist (levels in dB): `-14` is a number, not a typo. */
  signed: boolean;
  example: string;
}

const DUR_UNITS: Record<string, number> = { '': 1, ms: 0.001, s: 1, sec: 1, m: 60, min: 60 };
const plain = (written: string) => Number(written);
/** Levels in dB (LUFS, LU, dBTP, dBFS), written with or without their unit. */
const level = (units: RegExp, example: string): NumberSyntax => ({
  value: plain,
  units,
  whole: false,
  signed: true,
  example,
});
const numberSyntax: Record<NumberField, NumberSyntax> = {
  rating: {
    value: (written) => {
      const n = Number(written);
      return Number.isInteger(n) && n <= 5 ? n : refuse('a rating is a whole number from 0 to 5');
    },
    units: /^$/,
    whole: true,
    signed: false,
    example: 'rating>=3, rating:5, rating:0 (unrated) or rating:2-4',
  },
  bpm: {
    value: (written) => Number(written),
    units: /^(bpm)?$/i,
    whole: false,
    signed: false,
    example: 'bpm:120, bpm:118-122 or bpm>100',
  },
  dur: {
    value: (written, unit) => Number(written) * DUR_UNITS[unit.toLowerCase()]!,
    units: /^(ms|s|sec|m|min)?$/i,
    whole: false,
    signed: false,
    example: 'dur<2s, dur>500ms or dur:1-3s (ms, s or min; seconds if none)',
  },
  lufs: level(/^(lufs|lu|db)?$/i, 'lufs<-14, lufs:-20..-10 or lufs>=-9 (LUFS)'),
  peak: level(/^(db|dbtp|dbfs)?$/i, 'peak>-1, peak:-6..0 (true peak, dBTP)'),
  lra: level(/^(lu|db)?$/i, 'lra<5, lra:3..8 (loudness range, LU)'),
  rms: level(/^(db|dbfs)?$/i, 'rms>-20, rms:-30..-18 (dBFS)'),
  bright: {
    value: (written, unit) => Number(written) * (/^k/i.test(unit) ? 1000 : 1),
    units: /^(hz|k|khz)?$/i,
    whole: false,
    signed: false,
    example: 'bright>2k, bright:500..1500 or bright<800hz (spectral centroid, Hz)',
  },
};

/**
 * `rating>=3`, `bpm:118-122`, `dur<2s`, `rating:>3`, `lufs:-20..-10` ... as a range of the
 * field's numbers (`a..b` or, as before signed numbers, `a-b`: `lufs:-20--10` reads too).
 */
function numberRange(field: NumberField, op: string, text: string): NumberRange {
  const syntax = numberSyntax[field];
  const wrong = () => refuse(`${field} takes a number: ${syntax.example}`);
  const leading = /^(>=|<=|=|>|<)/.exec(text);
  if (op === ':' && leading) {
    op = leading[1]!;
    text = text.slice(op.length);
  }
  const one = new RegExp(`^${NUMBER}([a-z]*)$`, 'i').exec(text);
  if (one) {
    const [, written = '', unit = ''] = one;
    if (!syntax.units.test(unit) || (!syntax.signed && written.startsWith('-'))) wrong();
    const n = syntax.value(written, unit);
    const step = syntax.whole ? 0 : syntax.value(String(halfStep(written)), unit);
    switch (op) {
      case '>':
        return { min: n, max: Infinity, minOpen: true, maxOpen: false };
      case '>=':
        return { min: n, max: Infinity, minOpen: false, maxOpen: false };
      case '<':
        return { min: -Infinity, max: n, minOpen: false, maxOpen: true };
      case '<=':
        return { min: -Infinity, max: n, minOpen: false, maxOpen: false };
      default:
        // An exact value finds what rounds to it, as the list shows it.
        return { min: n - step, max: n + step, minOpen: false, maxOpen: step > 0 };
    }
  }
  const two = new RegExp(`^${NUMBER}([a-z]*)(\\.\\.|-)${NUMBER}([a-z]*)$`, 'i').exec(text);
  if (!two || (op !== ':' && op !== '=')) return wrong();
  const [, low = '', lowUnit = '', dots = '', high = '', highUnit = ''] = two;
  if (!syntax.units.test(lowUnit) || !syntax.units.test(highUnit)) wrong();
  if (!syntax.signed && (low.startsWith('-') || high.startsWith('-'))) wrong();
  // `dur:1-3s`: the unit written once counts for both ends.
  const min = syntax.value(low, lowUnit || highUnit);
  const max = syntax.value(high, highUnit);
  if (min > max)
    refuse(`the range runs backwards: write the smaller number first (${high}${dots}${low})`);
  return { min, max, minOpen: false, maxOpen: false };
}

const isNumberField = (field: FilterField): field is NumberField => field in numberSyntax;

/** The filter a `field op value` token names (negate and span are added by the caller). */
function filterOf(field: FilterField, name: string, op: string, rawValue: string) {
  const value = unquote(rawValue).trim();
  const equality = op === ':' || op === '=';
  if (field === 'fav') return refuse('fav takes no value: write fav or -fav');
  if (isNumberField(field)) return { field, range: numberRange(field, op, value) };
  if (!equality) refuse(`${name} takes ":" (${name}:${value || '…'}), not "${op}"`);
  switch (field) {
    case 'tag':
      return value
        ? { field, tag: fold(value) }
        : refuse('tag: needs a tag name: tag:kick or tag:"my tag"');
    case 'in':
      return value
        ? { field, collection: value }
        : refuse('in: needs a collection name: in:crate or in:"My crate"');
    case 'format':
      return value
        ? { field, format: fold(value) }
        : refuse('format: needs a format: format:flac, format:wav, format:mp3 …');
    case 'key': {
      if (fold(value) === 'none') return { field, key: null };
      const key = normaliseKey(value);
      return key
        ? { field, key }
        : refuse(`"${value}" is not a musical key: key:Am, key:"F# minor", key:8A or key:none`);
    }
    case 'type': {
      const written = fold(value).replace(/[\s-]/g, '');
      const kind = (['loop', 'oneshot'] as const).find((k) => k === written);
      return kind
        ? { field, kind }
        : refuse('type: takes loop or oneshot: type:loop, type:oneshot');
    }
    case 'note': {
      const note = parseNote(value);
      return note
        ? { field, ...note }
        : refuse(`"${value}" is not a note: note:C3 (middle C), note:F#2, note:Bb or note:A`);
    }
    case 'bpmsrc': {
      const source = (['detected', 'file', 'name'] as const).find((k) => k === fold(value));
      return source
        ? { field, source }
        : refuse('bpmsrc: takes detected, file (acid or tag) or name: bpmsrc:detected');
    }
    case 'color': {
      const wanted = fold(value) === 'gray' ? 'grey' : fold(value);
      const color = markColors.find((c) => c === wanted);
      return color ? { field, color } : refuse(`color: takes one of ${markColors.join(', ')}`);
    }
  }
}

const PITCH_CLASSES: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

/**
 * A note name as note-name.ts writes it by default (C3 = MIDI 60, so C-2 = 0), with # or b;
 * without an octave, any octave.
 */
function parseNote(text: string): { pitchClass: number; midi: number | null } | null {
  const note = /^([a-g])(#|♯|b|♭)?(-?\d{1,2})?$/i.exec(text);
  if (!note) return null;
  const [, letter = '', accidental = '', octave] = note;
  const shift = accidental === '' ? 0 : accidental === '#' || accidental === '♯' ? 1 : -1;
  const semitone = PITCH_CLASSES[letter.toLowerCase()]! + shift;
  const pitchClass = (semitone + 12) % 12;
  if (octave === undefined) return { pitchClass, midi: null };
  const midi = (Number(octave) + 2) * 12 + semitone;
  return midi >= 0 && midi <= 127 ? { pitchClass, midi } : null;
}

const FIELD_SYNTAX = /^([a-z]+)(>=|<=|=|>|<|:)(.*)$/is;

/**
 * The search box's text as words and filters. Never throws: what is not understood is a problem
 * with its span and a message saying what is accepted, and is left out of the query.
 */
export function parseQuery(text: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], filters: [], problems: [] };
  for (const token of tokenize(text)) {
    const span = { start: token.start, end: token.end };
    if (token.unclosed) {
      parsed.problems.push({
        ...span,
        message: `a quote is not closed in ${token.raw}: add the closing " (the part was left out)`,
      });
      continue;
    }
    const negate = token.raw.length > 1 && token.raw.startsWith('-');
    const body = negate ? token.raw.slice(1) : token.raw;
    const syntax = FIELD_SYNTAX.exec(body);
    const named = syntax ? FIELD_NAMES[syntax[1]!.toLowerCase()] : undefined;
    if (body.toLowerCase() === 'fav') {
      parsed.filters.push({ ...span, negate, field: 'fav' });
    } else if (syntax && named) {
      const [, name = '', op = '', value = ''] = syntax;
      try {
        parsed.filters.push({ ...span, negate, ...filterOf(named, name.toLowerCase(), op, value) });
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        parsed.problems.push({ ...span, message: `${token.raw}: ${error.message}` });
      }
    } else if (syntax && syntax[2] === ':') {
      parsed.problems.push({
        ...span,
        message:
          `"${syntax[1]}:" is not a filter; the filters are ${FILTER_LIST} ` +
          `(put "${body}" in quotes to search for the text)`,
      });
    } else {
      const word = fold(unquote(body));
      if (word) parsed.words.push({ ...span, negate, text: word });
    }
  }
  return parsed;
}
