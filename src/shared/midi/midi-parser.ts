/**
 * MIDI 1.0 byte streams into messages (./midi-message.ts), for the monitor, the router and the
 * clock follower. Ours rather than @julusian/midi's: its parser is not exported, and it skips
 * pitch bend and program change. Pure TS: compiled for both main and the renderer.
 *
 * The parser never throws: a MIDI cable carries whatever a device sends, so anything it cannot
 * make sense of becomes a DecodeError (its reason says what was wrong, as an Error's message
 * would), and decoding goes on. It makes no display text: the monitor does.
 */
import {
  SYSEX_END,
  SYSEX_START,
  type ChannelMessage,
  type DecodeError,
  type MidiMessage,
  type MidiMessageType,
  type StatusOnlyMessage,
  type SysexMessage,
} from './midi-message';

const DEFAULT_MAX_SYSEX_BYTES = 64 * 1024;
const LONG_ERROR_BYTES = 16;

const byteLabel = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

// ------------------------------------------------------------------ message shapes

const CHANNEL_TYPES: Record<number, ChannelMessage['type']> = {
  0x80: 'note-off',
  0x90: 'note-on',
  0xa0: 'poly-pressure',
  0xb0: 'control-change',
  0xc0: 'program-change',
  0xd0: 'channel-pressure',
  0xe0: 'pitch-bend',
};

/** System messages with a fixed length (sysex, F7 and the undefined F4 F5 F9 FD are not here). */
const SYSTEM_TYPES: Record<number, { type: MidiMessageType; data: number }> = {
  0xf1: { type: 'mtc-quarter-frame', data: 1 },
  0xf2: { type: 'song-position', data: 2 },
  0xf3: { type: 'song-select', data: 1 },
  0xf6: { type: 'tune-request', data: 0 },
  0xf8: { type: 'clock', data: 0 },
  0xfa: { type: 'start', data: 0 },
  0xfb: { type: 'continue', data: 0 },
  0xfc: { type: 'stop', data: 0 },
  0xfe: { type: 'active-sensing', data: 0 },
  0xff: { type: 'reset', data: 0 },
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

/** A message from its status and exactly the data bytes it needs (all below 0x80). */
function build(status: number, data: readonly number[]): MidiMessage {
  const bytes = [status, ...data];
  const d1 = data[0] ?? 0;
  const d2 = data[1] ?? 0;
  if (status < 0xf0) {
    const channel = (status & 0x0f) + 1;
    const base = { status, channel, bytes };
    switch (status & 0xf0) {
      case 0x80:
        return { type: 'note-off', ...base, note: d1, velocity: d2 };
      case 0x90:
        return { type: d2 === 0 ? 'note-off' : 'note-on', ...base, note: d1, velocity: d2 };
      case 0xa0:
        return { type: 'poly-pressure', ...base, note: d1, value: d2 };
      case 0xb0:
        return { type: 'control-change', ...base, controller: d1, value: d2 };
      case 0xc0:
        return { type: 'program-change', ...base, program: d1 };
      case 0xd0:
        return { type: 'channel-pressure', ...base, value: d1 };
      default:
        return { type: 'pitch-bend', ...base, bend: ((d2 << 7) | d1) - 8192 };
    }
  }
  const base = { status, channel: null, bytes };
  switch (status) {
    case 0xf1:
      return { type: 'mtc-quarter-frame', ...base, piece: d1 >> 4, value: d1 & 0x0f };
    case 0xf2:
      return { type: 'song-position', ...base, sppSixteenths: (d2 << 7) | d1 };
    case 0xf3:
      return { type: 'song-select', ...base, value: d1 };
    default: {
      const type = (SYSTEM_TYPES[status] as { type: StatusOnlyMessage['type'] }).type;
      return { type, ...base };
    }
  }
}

/** A complete sysex, F0 ... F7. */
function buildSysex(bytes: number[]): SysexMessage {
  const length = bytes.length - 2;
  const idLength = length === 0 ? 0 : bytes[1] === 0 ? Math.min(3, length) : 1;
  return {
    type: 'sysex',
    status: SYSEX_START,
    channel: null,
    bytes,
    manufacturerId: bytes.slice(1, 1 + idLength),
    data: bytes.slice(1 + idLength, -1),
  };
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
