/**
 * MIDI 1.0 byte streams: decoding for the monitor, the router and the clock follower, and
 * encoding for the clock generator and the sequencer.
 *
 * Ours rather than @julusian/midi's: its parser is not exported, and it skips pitch bend and
 * program change. Pure TS: compiled for both main and the renderer.
 *
 * The parser never throws: a MIDI cable carries whatever a device sends, so anything it cannot
 * make sense of becomes a DecodeError the monitor shows, and decoding goes on.
 */

export type MidiMessageType =
  | 'note-on'
  | 'note-off'
  | 'poly-pressure'
  | 'control-change'
  | 'program-change'
  | 'channel-pressure'
  | 'pitch-bend'
  | 'sysex'
  | 'mtc-quarter-frame'
  | 'song-position'
  | 'song-select'
  | 'tune-request'
  | 'clock'
  | 'start'
  | 'continue'
  | 'stop'
  | 'active-sensing'
  | 'reset';

export interface MidiMessage {
  type: MidiMessageType;
  /** 1..16 for channel messages, null otherwise. */
  channel: number | null;
  /** The complete message as it would be sent: running status expanded, a sysex F0..F7. */
  bytes: number[];
  /** The decoded data for the monitor, e.g. "C4 (60) vel 100", "CC 7 Volume = 100". */
  summary: string;
  note?: number;
  velocity?: number;
  controller?: number;
  /** CC value, poly or channel pressure, MTC nibble, song number. */
  value?: number;
  /** 0..127, as sent (many devices display it plus one). */
  program?: number;
  /** Signed, -8192..8191; 0 is the centre. */
  bend?: number;
  sppSixteenths?: number;
  /** Sysex manufacturer ID as hex ("41", "00 20 29"), followed by its name where known. */
  manufacturer?: string;
}

/** Bytes that make no message. `bytes` are the offending bytes (a long sysex: its first 16). */
export type DecodeError = { kind: 'error'; reason: string; bytes: number[] };

export const CLOCK = 0xf8;
export const START = 0xfa;
export const CONTINUE = 0xfb;
export const STOP = 0xfc;

const SYSEX_START = 0xf0;
const SYSEX_END = 0xf7;
const DEFAULT_MAX_SYSEX_BYTES = 64 * 1024;
const LONG_ERROR_BYTES = 16;

// ------------------------------------------------------------------ names and formatting

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** 60 → "C4": middle C is C4 (the Yamaha/Roland convention most DAWs follow), 0 is C-1. */
export function noteName(note: number): string {
  checkRange('note', note, 0, 127);
  return `${NOTE_NAMES[note % 12]}${Math.floor(note / 12) - 1}`;
}

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

/** Manufacturer IDs we name; the full list is the MIDI Association's, far longer. */
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

/** "90 3C 64". */
export function toHex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, hex2).join(' ');
}

function hex2(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

const byteLabel = (byte: number) => `0x${hex2(byte)}`;
const noteLabel = (note: number) => `${noteName(note)} (${note})`;

// ------------------------------------------------------------------ message shapes

const CHANNEL_TYPES: Record<number, MidiMessageType> = {
  0x80: 'note-off',
  0x90: 'note-on',
  0xa0: 'poly-pressure',
  0xb0: 'control-change',
  0xc0: 'program-change',
  0xd0: 'channel-pressure',
  0xe0: 'pitch-bend',
};

/** System messages with a fixed length (sysex, F7 and the undefined F4 F5 F9 FD are not here). */
const SYSTEM_TYPES: Record<number, { type: MidiMessageType; data: number; summary: string }> = {
  0xf1: { type: 'mtc-quarter-frame', data: 1, summary: '' },
  0xf2: { type: 'song-position', data: 2, summary: '' },
  0xf3: { type: 'song-select', data: 1, summary: '' },
  0xf6: { type: 'tune-request', data: 0, summary: 'Tune request' },
  0xf8: { type: 'clock', data: 0, summary: 'Clock' },
  0xfa: { type: 'start', data: 0, summary: 'Start' },
  0xfb: { type: 'continue', data: 0, summary: 'Continue' },
  0xfc: { type: 'stop', data: 0, summary: 'Stop' },
  0xfe: { type: 'active-sensing', data: 0, summary: 'Active sensing' },
  0xff: { type: 'reset', data: 0, summary: 'Reset' },
};

/** The type and data length a status byte announces; null for F0, F7 and undefined ones. */
function shapeOf(status: number): { type: MidiMessageType; data: number } | null {
  if (status >= 0x80 && status < 0xf0) {
    const high = status & 0xf0;
    return {
      type: CHANNEL_TYPES[high] as MidiMessageType,
      data: high === 0xc0 || high === 0xd0 ? 1 : 2,
    };
  }
  return SYSTEM_TYPES[status] ?? null;
}

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

/** Bars.beats.sixteenths in 4/4, 1-based: 16 sixteenths → "2.1.1". */
function songPositionLabel(sixteenths: number): string {
  const bar = Math.floor(sixteenths / 16) + 1;
  const beat = Math.floor((sixteenths % 16) / 4) + 1;
  return `${bar}.${beat}.${(sixteenths % 4) + 1}`;
}

/** A message from its status and exactly the data bytes it needs (all below 0x80). */
function build(status: number, data: readonly number[]): MidiMessage {
  const bytes = [status, ...data];
  const d1 = data[0] ?? 0;
  const d2 = data[1] ?? 0;
  if (status < 0xf0) {
    const channel = (status & 0x0f) + 1;
    switch (status & 0xf0) {
      case 0x80:
        return {
          type: 'note-off',
          channel,
          bytes,
          summary: `${noteLabel(d1)} vel ${d2}`,
          note: d1,
          velocity: d2,
        };
      case 0x90:
        return d2 === 0
          ? {
              type: 'note-off',
              channel,
              bytes,
              summary: `${noteLabel(d1)} vel 0 (note-on vel 0)`,
              note: d1,
              velocity: 0,
            }
          : {
              type: 'note-on',
              channel,
              bytes,
              summary: `${noteLabel(d1)} vel ${d2}`,
              note: d1,
              velocity: d2,
            };
      case 0xa0:
        return {
          type: 'poly-pressure',
          channel,
          bytes,
          summary: `${noteLabel(d1)} pressure ${d2}`,
          note: d1,
          value: d2,
        };
      case 0xb0:
        return {
          type: 'control-change',
          channel,
          bytes,
          summary: `CC ${d1} ${controllerName(d1)} = ${d2}`,
          controller: d1,
          value: d2,
        };
      case 0xc0:
        return { type: 'program-change', channel, bytes, summary: `Program ${d1}`, program: d1 };
      case 0xd0:
        return { type: 'channel-pressure', channel, bytes, summary: `Pressure ${d1}`, value: d1 };
      default: {
        const bend = ((d2 << 7) | d1) - 8192;
        return { type: 'pitch-bend', channel, bytes, summary: `Bend ${bend}`, bend };
      }
    }
  }
  switch (status) {
    case 0xf1: {
      const piece = d1 >> 4;
      const value = d1 & 0x0f;
      const summary =
        piece === 7
          ? `MTC hours high bit ${value & 1}, ${MTC_RATES[(value >> 1) & 3]}`
          : `MTC ${MTC_PIECES[piece]} ${value}`;
      return { type: 'mtc-quarter-frame', channel: null, bytes, summary, value };
    }
    case 0xf2: {
      const sixteenths = (d2 << 7) | d1;
      const summary = `SPP ${sixteenths} = ${songPositionLabel(sixteenths)}`;
      return { type: 'song-position', channel: null, bytes, summary, sppSixteenths: sixteenths };
    }
    case 0xf3:
      return { type: 'song-select', channel: null, bytes, summary: `Song ${d1}`, value: d1 };
    default: {
      const system = SYSTEM_TYPES[status] as { type: MidiMessageType; summary: string };
      return { type: system.type, channel: null, bytes, summary: system.summary };
    }
  }
}

/** A complete sysex, F0 ... F7. */
function buildSysex(bytes: number[]): MidiMessage {
  const id = bytes[1] === 0 ? bytes.slice(1, Math.min(4, bytes.length - 1)) : bytes.slice(1, 2);
  const message: MidiMessage = { type: 'sysex', channel: null, bytes, summary: '' };
  if (id.length > 0 && id[0] !== SYSEX_END) {
    const idHex = toHex(id);
    const name = MANUFACTURERS[idHex];
    message.manufacturer = name === undefined ? idHex : `${idHex} (${name})`;
  }
  message.summary = `SysEx ${message.manufacturer ?? '(empty)'} ${bytes.length} bytes`;
  return message;
}

const error = (reason: string, bytes: number[]): DecodeError => ({ kind: 'error', reason, bytes });

function truncatedError(status: number, data: readonly number[]): DecodeError {
  const shape = shapeOf(status);
  const expected = shape?.data ?? 0;
  const noun = expected === 1 ? 'data byte' : 'data bytes';
  return error(`${shape?.type ?? 'message'} truncated: ${data.length} of ${expected} ${noun}`, [
    status,
    ...data,
  ]);
}

function undefinedStatusError(status: number): DecodeError {
  return status === SYSEX_END
    ? error('F7 (end of sysex) without F0', [status])
    : error(`undefined status byte ${byteLabel(status)}`, [status]);
}

/** "1 data byte", "3 data bytes". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const isByte = (value: number) => Number.isInteger(value) && value >= 0 && value <= 0xff;

// ------------------------------------------------------------------ one complete message

/** Decodes one complete message (no running status, nothing before or after it). */
export function decodeMessage(input: ArrayLike<number>): MidiMessage | DecodeError {
  const bytes = Array.from(input);
  const bad = bytes.find((b) => !isByte(b));
  if (bad !== undefined) return error(`not a byte: ${bad}`, bytes.filter(isByte));
  const status = bytes[0];
  if (status === undefined) return error('empty message', []);
  if (status < 0x80) return error(`data byte ${byteLabel(status)} without a status byte`, bytes);
  if (status === SYSEX_START) {
    const end = bytes.findIndex((b, i) => i > 0 && b >= 0x80);
    if (end === -1) return error('sysex without F7', bytes);
    if (bytes[end] !== SYSEX_END) {
      return error(`sysex ended by ${byteLabel(bytes[end] as number)} before F7`, bytes);
    }
    if (end !== bytes.length - 1) {
      return error(`${count(bytes.length - 1 - end, 'byte')} after the sysex`, bytes);
    }
    return buildSysex(bytes);
  }
  const shape = shapeOf(status);
  if (shape === null) return undefinedStatusError(status);
  const data = bytes.slice(1);
  const stray = data.find((b) => b >= 0x80);
  if (stray !== undefined) {
    return error(`${shape.type}: status byte ${byteLabel(stray)} where a data byte belongs`, bytes);
  }
  if (data.length < shape.data) return truncatedError(status, data);
  if (data.length > shape.data) {
    return error(
      `${shape.type} has ${count(data.length, 'data byte')}, expected ${shape.data}`,
      bytes,
    );
  }
  return build(status, data);
}

// ------------------------------------------------------------------ the stream parser

/**
 * A MIDI 1.0 byte-stream parser, one per input port. RtMidi usually delivers whole messages,
 * but a packet may hold part of one or several, so all state (running status, the message
 * being collected, a partial sysex) lives across `feed` calls.
 */
export class MidiParser {
  private readonly maxSysexBytes: number;
  /** The channel status that running status repeats; system common messages cancel it. */
  private running: number | null = null;
  /** The status of the message being collected (null: none). */
  private status: number | null = null;
  private data: number[] = [];
  /** The sysex being collected (from F0), or null. */
  private sysex: number[] | null = null;
  /** Its length so far, which goes on counting once it passes the cap and stops being kept. */
  private sysexLength = 0;
  /** Data bytes with no status to belong to, reported together as one error. */
  private stray: number[] = [];

  constructor(options: { maxSysexBytes?: number } = {}) {
    this.maxSysexBytes = options.maxSysexBytes ?? DEFAULT_MAX_SYSEX_BYTES;
  }

  /** Every complete message and every error in `bytes`, in order. Never throws. */
  feed(bytes: ArrayLike<number>): (MidiMessage | DecodeError)[] {
    const out: (MidiMessage | DecodeError)[] = [];
    for (let i = 0; i < bytes.length; i++) this.byte(bytes[i] as number, out);
    this.flushStray(out);
    return out;
  }

  /** Forgets everything in progress (a port reopened, a device replugged). */
  reset(): void {
    this.running = null;
    this.status = null;
    this.data = [];
    this.sysex = null;
    this.sysexLength = 0;
    this.stray = [];
  }

  private byte(b: number, out: (MidiMessage | DecodeError)[]): void {
    if (!isByte(b)) {
      this.flushStray(out);
      out.push(error(`not a byte: ${b}`, []));
      return;
    }
    // Realtime bytes may come anywhere, even inside a sysex or a message, and leave it alone.
    if (b >= 0xf8) {
      this.flushStray(out);
      out.push(b === 0xf9 || b === 0xfd ? undefinedStatusError(b) : build(b, []));
      return;
    }
    if (this.sysex !== null) {
      if (b < 0x80) {
        this.sysexLength += 1;
        if (this.sysexLength <= this.maxSysexBytes) this.sysex.push(b);
        return;
      }
      this.endSysex(b, out);
      if (b === SYSEX_END) return;
      // Any other status byte ends the sysex (an error) and then starts its own message.
    }
    if (b >= 0x80) this.statusByte(b, out);
    else this.dataByte(b, out);
  }

  private statusByte(b: number, out: (MidiMessage | DecodeError)[]): void {
    this.flushStray(out);
    if (this.status !== null) out.push(truncatedError(this.status, this.data));
    this.status = null;
    this.data = [];
    if (b < 0xf0) {
      this.running = b;
      this.status = b;
      return;
    }
    this.running = null;
    if (b === SYSEX_START) {
      this.sysex = [b];
      this.sysexLength = 1;
      return;
    }
    const shape = shapeOf(b);
    if (shape === null) out.push(undefinedStatusError(b));
    else if (shape.data === 0) out.push(build(b, []));
    else this.status = b;
  }

  private dataByte(b: number, out: (MidiMessage | DecodeError)[]): void {
    if (this.status === null && this.running !== null) this.status = this.running;
    if (this.status === null) {
      this.stray.push(b);
      return;
    }
    this.flushStray(out);
    this.data.push(b);
    if (this.data.length === shapeOf(this.status)?.data) {
      out.push(build(this.status, this.data));
      this.status = null;
      this.data = [];
    }
  }

  /** The collected sysex meets a status byte: F7 completes it, anything else cuts it short. */
  private endSysex(b: number, out: (MidiMessage | DecodeError)[]): void {
    const sysex = this.sysex as number[];
    const length = this.sysexLength + (b === SYSEX_END ? 1 : 0);
    this.sysex = null;
    this.sysexLength = 0;
    if (length > this.maxSysexBytes) {
      out.push(
        error(
          `sysex of ${length} bytes is over the ${this.maxSysexBytes}-byte limit; dropped`,
          sysex.slice(0, LONG_ERROR_BYTES),
        ),
      );
    } else if (b === SYSEX_END) {
      out.push(buildSysex([...sysex, b]));
    } else {
      out.push(error(`sysex ended by ${byteLabel(b)} before F7`, sysex));
    }
  }

  private flushStray(out: (MidiMessage | DecodeError)[]): void {
    const stray = this.stray;
    if (stray.length === 0) return;
    this.stray = [];
    out.push(
      error(
        stray.length === 1
          ? `data byte ${byteLabel(stray[0] as number)} without a status byte`
          : `${stray.length} data bytes without a status byte`,
        stray,
      ),
    );
  }
}

// ------------------------------------------------------------------ encoding

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer ${min}..${max}, got ${value}`);
  }
  return value;
}

const channelStatus = (high: number, channel: number) =>
  high | (checkRange('channel', channel, 1, 16) - 1);
const data7 = (name: string, value: number) => checkRange(name, value, 0, 127);

export function noteOn(channel: number, note: number, velocity: number): number[] {
  return [channelStatus(0x90, channel), data7('note', note), data7('velocity', velocity)];
}

export function noteOff(channel: number, note: number, velocity = 0): number[] {
  return [channelStatus(0x80, channel), data7('note', note), data7('velocity', velocity)];
}

export function controlChange(channel: number, controller: number, value: number): number[] {
  return [channelStatus(0xb0, channel), data7('controller', controller), data7('value', value)];
}

export function programChange(channel: number, program: number): number[] {
  return [channelStatus(0xc0, channel), data7('program', program)];
}

/** `value` is signed, -8192..8191, 0 the centre. */
export function pitchBend(channel: number, value: number): number[] {
  const raw = checkRange('bend', value, -8192, 8191) + 8192;
  return [channelStatus(0xe0, channel), raw & 0x7f, raw >> 7];
}

/** Song position in sixteenth notes (MIDI beats) from the start, 0..16383. */
export function songPosition(sixteenths: number): number[] {
  checkRange('sixteenths', sixteenths, 0, 16383);
  return [0xf2, sixteenths & 0x7f, sixteenths >> 7];
}
