/**
 * Decoded MIDI 1.0 messages, modelled as WebMidi.js models them: a union discriminated on
 * `type`, each carrying its raw bytes, its status byte and channel (null for system messages)
 * and the typed fields of its kind. Nothing here is display text: the monitor makes that
 * (src/main/midi/monitor-text.ts). Decoding: ./midi-parser.ts; encoding: ./midi-encode.ts.
 */

/** What every decoded message has. */
interface MessageOf<T extends string> {
  type: T;
  /** The status byte (a channel message's holds its channel in the low nibble). */
  status: number;
  /** The complete message as it would be sent: running status expanded, a sysex F0..F7. */
  bytes: number[];
}

/** 1..16. */
interface ChannelMessageOf<T extends string> extends MessageOf<T> {
  channel: number;
}

interface SystemMessageOf<T extends string> extends MessageOf<T> {
  channel: null;
}

export interface NoteOnMessage extends ChannelMessageOf<'note-on'> {
  note: number;
  /** 1..127: a note-on with velocity 0 decodes as a note-off. */
  velocity: number;
}

/** Also a note-on with velocity 0 (its status byte says which it was). */
export interface NoteOffMessage extends ChannelMessageOf<'note-off'> {
  note: number;
  velocity: number;
}

export interface PolyPressureMessage extends ChannelMessageOf<'poly-pressure'> {
  note: number;
  value: number;
}

export interface ControlChangeMessage extends ChannelMessageOf<'control-change'> {
  controller: number;
  value: number;
}

export interface ProgramChangeMessage extends ChannelMessageOf<'program-change'> {
  /** 0..127, as sent (many devices display it plus one). */
  program: number;
}

export interface ChannelPressureMessage extends ChannelMessageOf<'channel-pressure'> {
  value: number;
}

export interface PitchBendMessage extends ChannelMessageOf<'pitch-bend'> {
  /** Signed, -8192..8191; 0 is the centre. */
  bend: number;
}

export interface SysexMessage extends SystemMessageOf<'sysex'> {
  /** One byte, or three when the first is 0; empty for an empty sysex (F0 F7). */
  manufacturerId: number[];
  /** The bytes after the manufacturer ID, before F7. */
  data: number[];
}

export interface MtcQuarterFrameMessage extends SystemMessageOf<'mtc-quarter-frame'> {
  /** Which piece of the time code, 0 (frames low nibble) .. 7 (hours high bit and rate). */
  piece: number;
  /** The piece's nibble. */
  value: number;
}

export interface SongPositionMessage extends SystemMessageOf<'song-position'> {
  /** MIDI beats (sixteenth notes) from the start, 0..16383. */
  sppSixteenths: number;
}

export interface SongSelectMessage extends SystemMessageOf<'song-select'> {
  /** The song number. */
  value: number;
}

/** System messages that are their status byte alone. */
export type StatusOnlyMessage = SystemMessageOf<
  'tune-request' | 'clock' | 'start' | 'continue' | 'stop' | 'active-sensing' | 'reset'
>;

export type ChannelMessage =
  | NoteOnMessage
  | NoteOffMessage
  | PolyPressureMessage
  | ControlChangeMessage
  | ProgramChangeMessage
  | ChannelPressureMessage
  | PitchBendMessage;

export type SystemMessage =
  | SysexMessage
  | MtcQuarterFrameMessage
  | SongPositionMessage
  | SongSelectMessage
  | StatusOnlyMessage;

export type MidiMessage = ChannelMessage | SystemMessage;

export type MidiMessageType = MidiMessage['type'];

/** Bytes that make no message. `bytes` are the offending bytes (a long sysex: its first 16). */
export type DecodeError = { kind: 'error'; reason: string; bytes: number[] };

export const SYSEX_START = 0xf0;
export const SYSEX_END = 0xf7;
export const SONG_POSITION = 0xf2;
export const CLOCK = 0xf8;
export const START = 0xfa;
export const CONTINUE = 0xfb;
export const STOP = 0xfc;
