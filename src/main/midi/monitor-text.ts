/**
 * The MIDI monitor's text for a decoded message ("C4 (60) vel 100", "CC 7 Volume = 100") and
 * its bytes in hex: what the window is shown and what an export writes. Decoding makes none of
 * it (src/shared/midi/midi-parser.ts): text is made only for the messages the monitor keeps.
 */
import type { DecodeError, MidiMessage, SysexMessage } from '../../shared/midi/midi-message';
import { controllerName, manufacturerName } from '../../shared/midi/midi-names';
import { DEFAULT_NOTE_NAMING, noteName, type NoteNaming } from '../../shared/note-name';
import { PPQN, PULSES_PER_SIXTEENTH, SIXTEENTHS_PER_BAR } from '../../shared/midi/clock-pulses';

const HEX_DIGITS = Buffer.from('0123456789ABCDEF', 'latin1');

/** "90 3C 64", written byte by byte into one buffer: a 64 KB SysEx takes a few ms, not 100. */
export function toHex(bytes: ArrayLike<number>): string {
  if (bytes.length === 0) return '';
  const out = Buffer.allocUnsafe(bytes.length * 3 - 1);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (i > 0) out[j++] = 0x20;
    out[j++] = HEX_DIGITS[(byte >> 4) & 15] as number;
    out[j++] = HEX_DIGITS[byte & 15] as number;
  }
  return out.toString('latin1');
}

/** "C3 (60)": how every note message's text starts (Monitor re-names kept ones by it). */
export const noteLabel = (note: number, naming: NoteNaming) =>
  `${noteName(note, naming)} (${note})`;

const MTC_PIECES = [
  'frames low nibble',
  'frames high nibble',
  'seconds low nibble',
  'seconds high nibble',
  'minutes low nibble',
  'minutes high nibble',
  'hours low nibble',
];
const MTC_RATES = ['24 fps', '25 fps', '30 fps drop-frame', '30 fps'];

const SIXTEENTHS_PER_BEAT = PPQN / PULSES_PER_SIXTEENTH;

/** Bars.beats.sixteenths in 4/4, 1-based: 16 sixteenths → "2.1.1". */
function songPositionLabel(sixteenths: number): string {
  const bar = Math.floor(sixteenths / SIXTEENTHS_PER_BAR) + 1;
  const beat = Math.floor((sixteenths % SIXTEENTHS_PER_BAR) / SIXTEENTHS_PER_BEAT) + 1;
  return `${bar}.${beat}.${(sixteenths % SIXTEENTHS_PER_BEAT) + 1}`;
}

/** "41 (Roland)", "05" (an ID we do not name); undefined for an empty sysex. */
export function manufacturerLabel(message: SysexMessage): string | undefined {
  const id = message.manufacturerId;
  if (id.length === 0) return undefined;
  const name = manufacturerName(id);
  return name === undefined ? toHex(id) : `${toHex(id)} (${name})`;
}

const STATUS_ONLY_TEXT = {
  'tune-request': 'Tune request',
  clock: 'Clock',
  start: 'Start',
  continue: 'Continue',
  stop: 'Stop',
  'active-sensing': 'Active sensing',
  reset: 'Reset',
} as const;

/** The monitor's "data" column: what the message says; for bytes that did not decode, why. */
export function summaryOf(
  message: MidiMessage | DecodeError,
  naming: NoteNaming = DEFAULT_NOTE_NAMING,
): string {
  if ('kind' in message) return message.reason;
  switch (message.type) {
    case 'note-on':
      return `${noteLabel(message.note, naming)} vel ${message.velocity}`;
    case 'note-off':
      return (message.status & 0xf0) === 0x90
        ? `${noteLabel(message.note, naming)} vel 0 (note-on vel 0)`
        : `${noteLabel(message.note, naming)} vel ${message.velocity}`;
    case 'poly-pressure':
      return `${noteLabel(message.note, naming)} pressure ${message.value}`;
    case 'control-change':
      return `CC ${message.controller} ${controllerName(message.controller)} = ${message.value}`;
    case 'program-change':
      return `Program ${message.program}`;
    case 'channel-pressure':
      return `Pressure ${message.value}`;
    case 'pitch-bend':
      return `Bend ${message.bend}`;
    case 'sysex':
      return `SysEx ${manufacturerLabel(message) ?? '(empty)'} ${message.bytes.length} bytes`;
    case 'mtc-quarter-frame':
      return message.piece === 7
        ? `MTC hours high bit ${message.value & 1}, ${MTC_RATES[(message.value >> 1) & 3]}`
        : `MTC ${MTC_PIECES[message.piece]} ${message.value}`;
    case 'song-position':
      return `SPP ${message.sppSixteenths} = ${songPositionLabel(message.sppSixteenths)}`;
    case 'song-select':
      return `Song ${message.value}`;
    default:
      return STATUS_ONLY_TEXT[message.type];
  }
}
