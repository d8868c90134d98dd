/**
 * The one way Sampledeck names a MIDI note, everywhere it shows one (the monitor, the sequencer,
 * MIDI learn, the sampler, a file's root note). Which octave note 60 belongs to is a convention
 * that differs between programs, so the user chooses it (the `noteNaming` setting).
 */
import { checkRange } from './midi/midi-encode';

/** What note 60 (middle C) is called: its name gives the whole naming. */
export const NOTE_NAMINGS = ['C3', 'C4'] as const;
export type NoteNaming = (typeof NOTE_NAMINGS)[number];

/**
 * C3: the convention of most DAWs and samplers sample packs are made for (Ableton Live, Logic,
 * Cubase, Bitwig, Studio One; Yamaha). C4 is scientific pitch notation (Roland, Reaper).
 */
export const DEFAULT_NOTE_NAMING: NoteNaming = 'C3';

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** 60 → "C3" (naming 'C3') or "C4" (naming 'C4'); 0 is C-2 or C-1. */
export function noteName(note: number, naming: NoteNaming): string {
  checkRange('note', note, 0, 127);
  const octaveOf0 = naming === 'C3' ? -2 : -1;
  return `${NOTE_NAMES[note % 12]}${Math.floor(note / 12) + octaveOf0}`;
}
