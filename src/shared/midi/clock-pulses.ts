/**
 * MIDI clock arithmetic, the one place these numbers are written: 24 clock pulses per quarter
 * note (the MIDI spec), bars of 4/4.
 */

/** Clock pulses per quarter note. */
export const PPQN = 24;
export const BEATS_PER_BAR = 4;
export const PULSES_PER_BAR = PPQN * BEATS_PER_BAR;
/** A sixteenth note: a sequencer step, and the unit of a song position pointer (a MIDI beat). */
export const PULSES_PER_SIXTEENTH = PPQN / 4;
/** A bar's song position pointer steps, and the sequencer's steps in a bar. */
export const SIXTEENTHS_PER_BAR = PULSES_PER_BAR / PULSES_PER_SIXTEENTH;
