/**
 * The names MIDI gives numbers: controllers and sysex manufacturers (notes: ../note-name.ts).
 * The monitor's message text is made from these in src/main/midi/monitor-text.ts.
 */
import { checkRange } from './midi-encode';

const CONTROLLER_NAMES: Record<number, string> = {
  0: 'Bank Select',
  1: 'Modulation',
  2: 'Breath Controller',
  4: 'Foot Controller',
  5: 'Portamento Time',
  6: 'Data Entry',
  7: 'Volume',
  8: 'Balance',
  10: 'Pan',
  11: 'Expression',
  12: 'Effect Control 1',
  13: 'Effect Control 2',
  16: 'General Purpose 1',
  17: 'General Purpose 2',
  18: 'General Purpose 3',
  19: 'General Purpose 4',
  64: 'Sustain',
  65: 'Portamento',
  66: 'Sostenuto',
  67: 'Soft Pedal',
  68: 'Legato Footswitch',
  69: 'Hold 2',
  70: 'Sound Variation',
  71: 'Timbre/Harmonic Intensity',
  72: 'Release Time',
  73: 'Attack Time',
  74: 'Brightness',
  75: 'Decay Time',
  76: 'Vibrato Rate',
  77: 'Vibrato Depth',
  78: 'Vibrato Delay',
  79: 'Sound Controller 10',
  80: 'General Purpose 5',
  81: 'General Purpose 6',
  82: 'General Purpose 7',
  83: 'General Purpose 8',
  84: 'Portamento Control',
  88: 'High Resolution Velocity Prefix',
  91: 'Effects 1 Depth (Reverb)',
  92: 'Effects 2 Depth (Tremolo)',
  93: 'Effects 3 Depth (Chorus)',
  94: 'Effects 4 Depth (Detune)',
  95: 'Effects 5 Depth (Phaser)',
  96: 'Data Increment',
  97: 'Data Decrement',
  98: 'NRPN LSB',
  99: 'NRPN MSB',
  100: 'RPN LSB',
  101: 'RPN MSB',
  120: 'All Sound Off',
  121: 'Reset All Controllers',
  122: 'Local Control',
  123: 'All Notes Off',
  124: 'Omni Mode Off',
  125: 'Omni Mode On',
  126: 'Mono Mode On',
  127: 'Poly Mode On',
};

/** The MIDI 1.0 name of a controller; 32..63 are the LSBs of 0..31. */
export function controllerName(cc: number): string {
  checkRange('controller', cc, 0, 127);
  const direct = CONTROLLER_NAMES[cc];
  if (direct !== undefined) return direct;
  const msb = cc >= 32 && cc < 64 ? CONTROLLER_NAMES[cc - 32] : undefined;
  return msb === undefined ? 'Undefined' : `${msb} LSB`;
}

/** Manufacturer IDs we name, in hex; the full list is the MIDI Association's, far longer. */
const MANUFACTURERS: Record<string, string> = {
  '01': 'Sequential',
  '04': 'Moog',
  '06': 'Lexicon',
  '07': 'Kurzweil',
  '0F': 'Ensoniq',
  '10': 'Oberheim',
  '11': 'Apple',
  '18': 'E-mu',
  '1C': 'Eventide',
  '33': 'Clavia',
  '3E': 'Waldorf',
  '40': 'Kawai',
  '41': 'Roland',
  '42': 'Korg',
  '43': 'Yamaha',
  '44': 'Casio',
  '47': 'Akai',
  '4C': 'Sony',
  '52': 'Zoom',
  '7D': 'Non-Commercial',
  '7E': 'Universal Non-Real Time',
  '7F': 'Universal Real Time',
  '00 00 0E': 'Alesis',
  '00 00 66': 'Mackie',
  '00 01 05': 'M-Audio',
  '00 20 29': 'Focusrite/Novation',
  '00 20 32': 'Behringer',
  '00 20 33': 'Access',
  '00 20 3C': 'Elektron',
  '00 20 6B': 'Arturia',
  '00 21 09': 'Native Instruments',
};

/** The manufacturer's name for a sysex manufacturer ID (1 or 3 bytes), when we know it. */
export function manufacturerName(id: readonly number[]): string | undefined {
  return MANUFACTURERS[id.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')];
}
