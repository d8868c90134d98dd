import { describe, expect, it } from 'vitest';
import { keyOrder, normaliseKey } from '../../src/shared/music-key';

describe('normaliseKey', () => {
  it('brings the spellings taggers use for A minor to one name', () => {
    for (const tag of [
      'Am',
      'am',
      'AM',
      'A minor',
      'A Minor',
      'a-moll',
      'Amin',
      'A min',
      ' A  min ',
      '8A',
      '08A',
      '8a',
      '1m',
      '8A - Am',
      'Am/8A',
      'Am (8A)',
    ]) {
      expect(normaliseKey(tag), tag).toBe('Am');
    }
  });

  it('reads majors plain or with a word, and every Camelot and Open Key number', () => {
    for (const tag of ['C', 'c', 'C major', 'Cmaj', 'C Maj', 'C-Dur', '8B', '1d']) {
      expect(normaliseKey(tag), tag).toBe('C');
    }
    const camelotMinor = ['G#m', 'Ebm', 'Bbm', 'Fm', 'Cm', 'Gm', 'Dm', 'Am', 'Em', 'Bm', 'F#m'];
    camelotMinor.push('C#m');
    const camelotMajor = ['B', 'F#', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E'];
    for (let n = 1; n <= 12; n++) {
      expect(normaliseKey(`${n}A`)).toBe(camelotMinor[n - 1]);
      expect(normaliseKey(`${n}B`)).toBe(camelotMajor[n - 1]);
      // Open Key is Camelot turned by seven: 1m = 8A, 1d = 8B.
      expect(normaliseKey(`${n}m`)).toBe(camelotMinor[(n + 6) % 12]);
      expect(normaliseKey(`${n}d`)).toBe(camelotMajor[(n + 6) % 12]);
    }
  });

  it('spells each key one way whatever the accidental', () => {
    expect(normaliseKey('C#')).toBe('Db');
    expect(normaliseKey('Db')).toBe('Db');
    expect(normaliseKey('D♭')).toBe('Db');
    expect(normaliseKey('Gb')).toBe('F#');
    expect(normaliseKey('F sharp major')).toBe('F#');
    expect(normaliseKey('F♯ min')).toBe('F#m');
    expect(normaliseKey('Gbm')).toBe('F#m');
    expect(normaliseKey('D#m')).toBe('Ebm');
    expect(normaliseKey('E flat minor')).toBe('Ebm');
    expect(normaliseKey('A#m')).toBe('Bbm');
    expect(normaliseKey('Abm')).toBe('G#m');
    expect(normaliseKey('bb')).toBe('Bb');
    expect(normaliseKey('Bbmin')).toBe('Bbm');
    expect(normaliseKey('B')).toBe('B');
    expect(normaliseKey('Cb')).toBe('B');
    expect(normaliseKey('E#')).toBe('F');
    expect(normaliseKey('B#m')).toBe('Cm');
  });

  it('names no key for text that is not one, off-key, or two different keys', () => {
    for (const tag of ['', ' ', 'o', 'unknown', 'H', 'Am/C', '13A', '0A', '8C', 'A dorian', 'Ax']) {
      expect(normaliseKey(tag), tag).toBeNull();
    }
  });

  it('orders keys by tonic, major before minor', () => {
    const names = ['Bm', 'C', 'Am', 'Cm', 'Db', 'C#m', 'B'];
    expect(names.sort((a, b) => keyOrder(a) - keyOrder(b))).toEqual([
      'C',
      'Cm',
      'Db',
      'C#m',
      'Am',
      'B',
      'Bm',
    ]);
    expect(keyOrder('nonsense')).toBe(-1);
  });
});
