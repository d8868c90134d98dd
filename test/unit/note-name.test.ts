import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTE_NAMING, noteName } from '../../src/shared/note-name';

describe('noteName', () => {
  it('names note 60 C3 in the DAW convention, the default', () => {
    expect(DEFAULT_NOTE_NAMING).toBe('C3');
    expect(noteName(60, 'C3')).toBe('C3');
    expect(noteName(69, 'C3')).toBe('A3');
    expect(noteName(0, 'C3')).toBe('C-2');
    expect(noteName(61, 'C3')).toBe('C#3');
    expect(noteName(127, 'C3')).toBe('G8');
  });

  it('names note 60 C4 in scientific pitch', () => {
    expect(noteName(60, 'C4')).toBe('C4');
    expect(noteName(61, 'C4')).toBe('C#4');
    expect(noteName(69, 'C4')).toBe('A4');
    expect(noteName(0, 'C4')).toBe('C-1');
    expect(noteName(127, 'C4')).toBe('G9');
  });

  it('refuses a number that is no MIDI note, naming it', () => {
    expect(() => noteName(128, 'C3')).toThrow('note must be an integer 0..127, got 128');
    expect(() => noteName(-1, 'C4')).toThrow(RangeError);
    expect(() => noteName(60.5, 'C4')).toThrow(RangeError);
  });
});
