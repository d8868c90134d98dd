import { describe, expect, it } from 'vitest';
import { manufacturerLabel, summaryOf, toHex } from '../../src/main/midi/monitor-text';
import {
  controlChange,
  noteOff,
  noteOn,
  pitchBend,
  programChange,
  songPosition,
} from '../../src/shared/midi/midi-encode';
import {
  CLOCK,
  CONTINUE,
  START,
  STOP,
  type DecodeError,
  type MidiMessage,
  type SysexMessage,
} from '../../src/shared/midi/midi-message';
import { controllerName } from '../../src/shared/midi/midi-names';
import { MidiParser, decodeMessage } from '../../src/shared/midi/midi-parser';

type Result = MidiMessage | DecodeError;

const isError = (r: Result): r is DecodeError => 'kind' in r;

/** The decoded message, failing the test if it is an error. */
function message(bytes: number[]): MidiMessage {
  const r = decodeMessage(bytes);
  if (isError(r)) throw new Error(`expected a message for ${toHex(bytes)}, got: ${r.reason}`);
  return r;
}

/** The monitor's text for the message these bytes make (src/main/midi/monitor-text.ts), naming note 60 C4. */
const summary = (bytes: number[]) => summaryOf(message(bytes), 'C4');

/** A decoded sysex, failing the test if it is anything else. */
function sysexMessage(bytes: number[]): SysexMessage {
  const m = message(bytes);
  if (m.type !== 'sysex') throw new Error(`expected a sysex for ${toHex(bytes)}, got ${m.type}`);
  return m;
}

/** Shorthand for comparing parser output: a type, or "error: reason". */
const brief = (results: Result[]) =>
  results.map((r) => (isError(r) ? `error: ${r.reason}` : `${r.type} ${toHex(r.bytes)}`));

describe('decodeMessage: channel messages', () => {
  it('note on', () => {
    expect(decodeMessage([0x90, 60, 100])).toEqual({
      type: 'note-on',
      status: 0x90,
      channel: 1,
      bytes: [0x90, 60, 100],
      note: 60,
      velocity: 100,
    });
    expect(summary([0x90, 60, 100])).toBe('C4 (60) vel 100');
  });

  it('note on with velocity 0 is a note off', () => {
    expect(decodeMessage([0x93, 61, 0])).toEqual({
      type: 'note-off',
      status: 0x93,
      channel: 4,
      bytes: [0x93, 61, 0],
      note: 61,
      velocity: 0,
    });
    expect(summary([0x93, 61, 0])).toBe('C#4 (61) vel 0 (note-on vel 0)');
  });

  it('note off', () => {
    expect(message([0x8f, 21, 64])).toMatchObject({
      type: 'note-off',
      status: 0x8f,
      channel: 16,
      note: 21,
      velocity: 64,
    });
    expect(summary([0x8f, 21, 64])).toBe('A0 (21) vel 64');
  });

  it('polyphonic pressure', () => {
    expect(message([0xa2, 60, 50])).toMatchObject({
      type: 'poly-pressure',
      channel: 3,
      note: 60,
      value: 50,
    });
    expect(summary([0xa2, 60, 50])).toBe('C4 (60) pressure 50');
  });

  it('control change, named', () => {
    expect(message([0xb0, 7, 100])).toMatchObject({
      type: 'control-change',
      channel: 1,
      controller: 7,
      value: 100,
    });
    expect(summary([0xb0, 7, 100])).toBe('CC 7 Volume = 100');
    expect(summary([0xb5, 64, 127])).toBe('CC 64 Sustain = 127');
    expect(summary([0xb0, 123, 0])).toBe('CC 123 All Notes Off = 0');
    expect(summary([0xb0, 3, 1])).toBe('CC 3 Undefined = 1');
  });

  it('program change', () => {
    expect(message([0xc4, 5])).toEqual({
      type: 'program-change',
      status: 0xc4,
      channel: 5,
      bytes: [0xc4, 5],
      program: 5,
    });
    expect(summary([0xc4, 5])).toBe('Program 5');
  });

  it('channel pressure', () => {
    expect(message([0xd0, 77])).toMatchObject({
      type: 'channel-pressure',
      channel: 1,
      value: 77,
    });
    expect(summary([0xd0, 77])).toBe('Pressure 77');
  });

  it('pitch bend, signed from the centre', () => {
    expect(message([0xe0, 0, 0])).toMatchObject({
      type: 'pitch-bend',
      channel: 1,
      bend: -8192,
    });
    expect(summary([0xe0, 0, 0])).toBe('Bend -8192');
    expect(message([0xe1, 0, 0x40])).toMatchObject({ bend: 0 });
    expect(message([0xe1, 0x7f, 0x7f])).toMatchObject({ bend: 8191 });
    expect(summary([0xe1, 0x01, 0x40])).toBe('Bend 1');
  });
});

describe('decodeMessage: system messages', () => {
  it('sysex, with the manufacturer', () => {
    expect(decodeMessage([0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7])).toEqual({
      type: 'sysex',
      status: 0xf0,
      channel: null,
      bytes: [0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7],
      manufacturerId: [0x7e],
      data: [0x7f, 0x06, 0x01],
    });
    expect(summary([0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7])).toBe(
      'SysEx 7E (Universal Non-Real Time) 6 bytes',
    );
    expect(manufacturerLabel(sysexMessage([0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7]))).toBe(
      '7E (Universal Non-Real Time)',
    );
    expect(manufacturerLabel(sysexMessage([0xf0, 0x41, 0x10, 0x42, 0x12, 0xf7]))).toBe(
      '41 (Roland)',
    );
    const novation = [0xf0, 0x00, 0x20, 0x29, 0x02, 0x0d, 0xf7];
    expect(sysexMessage(novation)).toMatchObject({
      manufacturerId: [0x00, 0x20, 0x29],
      data: [0x02, 0x0d],
    });
    expect(manufacturerLabel(sysexMessage(novation))).toBe('00 20 29 (Focusrite/Novation)');
    expect(summary(novation)).toBe('SysEx 00 20 29 (Focusrite/Novation) 7 bytes');
    expect(manufacturerLabel(sysexMessage([0xf0, 0x05, 0x01, 0xf7]))).toBe('05');
    expect(manufacturerLabel(sysexMessage([0xf0, 0x00, 0x01, 0xf7]))).toBe('00 01');
    const empty = sysexMessage([0xf0, 0xf7]);
    expect(summaryOf(empty)).toBe('SysEx (empty) 2 bytes');
    expect(manufacturerLabel(empty)).toBeUndefined();
    expect(empty).toMatchObject({ manufacturerId: [], data: [] });
  });

  it('MTC quarter frame', () => {
    expect(message([0xf1, 0x03])).toMatchObject({
      type: 'mtc-quarter-frame',
      channel: null,
      piece: 0,
      value: 3,
    });
    expect(summary([0xf1, 0x03])).toBe('MTC frames low nibble 3');
    expect(summary([0xf1, 0x25])).toBe('MTC seconds low nibble 5');
    expect(summary([0xf1, 0x71])).toBe('MTC hours high bit 1, 24 fps');
    expect(summary([0xf1, 0x76])).toBe('MTC hours high bit 0, 30 fps');
    expect(summary([0xf1, 0x74])).toBe('MTC hours high bit 0, 30 fps drop-frame');
  });

  it('song position pointer, as bars.beats.sixteenths in 4/4', () => {
    expect(message([0xf2, 16, 0])).toMatchObject({
      type: 'song-position',
      sppSixteenths: 16,
    });
    expect(summary([0xf2, 16, 0])).toBe('SPP 16 = 2.1.1');
    expect(summary([0xf2, 0, 0])).toBe('SPP 0 = 1.1.1');
    expect(summary([0xf2, 23, 0])).toBe('SPP 23 = 2.2.4');
    expect(message([0xf2, 0x7f, 0x7f])).toMatchObject({ sppSixteenths: 16383 });
  });

  it('song select and tune request', () => {
    expect(message([0xf3, 3])).toMatchObject({ type: 'song-select', value: 3 });
    expect(summary([0xf3, 3])).toBe('Song 3');
    expect(message([0xf6])).toMatchObject({ type: 'tune-request', channel: null });
    expect(summary([0xf6])).toBe('Tune request');
  });

  it.each([
    [0xf8, 'clock', 'Clock'],
    [0xfa, 'start', 'Start'],
    [0xfb, 'continue', 'Continue'],
    [0xfc, 'stop', 'Stop'],
    [0xfe, 'active-sensing', 'Active sensing'],
    [0xff, 'reset', 'Reset'],
  ])('realtime 0x%s is %s', (byte, type, text) => {
    expect(message([byte])).toMatchObject({ type, status: byte, channel: null, bytes: [byte] });
    expect(summary([byte])).toBe(text);
  });

  it('an error is shown as its reason', () => {
    expect(summaryOf(decodeMessage([0x90, 60]))).toBe('note-on truncated: 1 of 2 data bytes');
  });
});

describe('decodeMessage: bad input gives an error, never a throw', () => {
  it.each([
    [[], 'empty message'],
    [[0x40], 'data byte 0x40 without a status byte'],
    [[0x90, 60], 'note-on truncated: 1 of 2 data bytes'],
    [[0xc0], 'program-change truncated: 0 of 1 data byte'],
    [[0x90, 60, 100, 1], 'note-on has 3 data bytes, expected 2'],
    [[0x90, 0x80, 1], 'note-on: status byte 0x80 where a data byte belongs'],
    [[0xf4], 'undefined status byte 0xF4'],
    [[0xfd], 'undefined status byte 0xFD'],
    [[0xf7], 'F7 (end of sysex) without F0'],
    [[0xf0, 1, 2], 'sysex without F7'],
    [[0xf0, 1, 0x90, 0xf7], 'sysex ended by 0x90 before F7'],
    [[0xf0, 1, 0xf7, 0], '1 byte after the sysex'],
    [[0xf0, 1, 0xf7, 0, 0], '2 bytes after the sysex'],
    [[0xf8, 0x01], 'clock has 1 data byte, expected 0'],
    [[0xf8, 0xf8], 'clock: status byte 0xF8 where a data byte belongs'],
    [[0xc0, 1, 2, 3], 'program-change has 3 data bytes, expected 1'],
    [[0x90, 256, 1], 'not a byte: 256'],
    [[0x90, -1, 1], 'not a byte: -1'],
    [[0x90, 1.5, 1], 'not a byte: 1.5'],
  ])('%j: %s', (bytes, reason) => {
    const r = decodeMessage(bytes);
    expect(isError(r) && r.reason).toBe(reason);
  });

  it('errors carry the bytes at fault', () => {
    expect(decodeMessage([0x90, 60])).toEqual({
      kind: 'error',
      reason: 'note-on truncated: 1 of 2 data bytes',
      bytes: [0x90, 60],
    });
  });
});

describe('MidiParser', () => {
  it('decodes a packet holding one message', () => {
    const parser = new MidiParser();
    expect(parser.feed([0x90, 60, 100])).toEqual([decodeMessage([0x90, 60, 100])]);
  });

  it('accepts typed arrays', () => {
    const parser = new MidiParser();
    expect(brief(parser.feed(new Uint8Array([0xb0, 7, 100])))).toEqual(['control-change B0 07 64']);
  });

  it('keeps running status within a packet and across packets', () => {
    const parser = new MidiParser();
    expect(brief(parser.feed([0x90, 60, 100, 62, 0, 64, 90]))).toEqual([
      'note-on 90 3C 64',
      'note-off 90 3E 00',
      'note-on 90 40 5A',
    ]);
    expect(brief(parser.feed([65, 1]))).toEqual(['note-on 90 41 01']);
    expect(brief(parser.feed([0xc2, 5, 6, 7]))).toEqual([
      'program-change C2 05',
      'program-change C2 06',
      'program-change C2 07',
    ]);
  });

  it('system common messages cancel running status; realtime ones do not', () => {
    const parser = new MidiParser();
    expect(brief(parser.feed([0x90, 60, 100, 0xf8, 62, 100]))).toEqual([
      'note-on 90 3C 64',
      'clock F8',
      'note-on 90 3E 64',
    ]);
    expect(brief(parser.feed([0xf3, 1, 62, 100]))).toEqual([
      'song-select F3 01',
      'error: 2 data bytes without a status byte',
    ]);
  });

  it('realtime bytes between a status and its data come out on their own', () => {
    const parser = new MidiParser();
    expect(brief(parser.feed([0x90, 0xf8, 60, 0xfe, 100]))).toEqual([
      'clock F8',
      'active-sensing FE',
      'note-on 90 3C 64',
    ]);
    expect(brief(parser.feed([0xf2, 0xfa, 16, 0xfc, 0]))).toEqual([
      'start FA',
      'stop FC',
      'song-position F2 10 00',
    ]);
  });

  it('realtime bytes inside a sysex come out first, the sysex without them', () => {
    const parser = new MidiParser();
    expect(brief(parser.feed([0xf0, 0x7e, 0xf8, 0x7f, 0x06, 0xfa, 0x01, 0xf7]))).toEqual([
      'clock F8',
      'start FA',
      'sysex F0 7E 7F 06 01 F7',
    ]);
  });

  it('reassembles a message split byte by byte', () => {
    const parser = new MidiParser();
    expect(parser.feed([0xe0])).toEqual([]);
    expect(parser.feed([0x00])).toEqual([]);
    expect(brief(parser.feed([0x40]))).toEqual(['pitch-bend E0 00 40']);
    expect(parser.feed([])).toEqual([]);
  });

  it('splits merged packets', () => {
    const parser = new MidiParser();
    expect(
      brief(parser.feed([0x90, 60, 100, 0x80, 60, 0, 0xb0, 7, 100, 0xf8, 0xf0, 0x43, 0xf7, 0xc0])),
    ).toEqual([
      'note-on 90 3C 64',
      'note-off 80 3C 00',
      'control-change B0 07 64',
      'clock F8',
      'sysex F0 43 F7',
    ]);
    expect(brief(parser.feed([9]))).toEqual(['program-change C0 09']);
  });

  it('reassembles a sysex across packets', () => {
    const parser = new MidiParser();
    expect(parser.feed([0xf0, 0x43, 0x10])).toEqual([]);
    expect(parser.feed([0x4c, 0x00])).toEqual([]);
    const [sysex] = parser.feed([0x00, 0x7e, 0x00, 0xf7]);
    expect(sysex).toMatchObject({
      type: 'sysex',
      bytes: [0xf0, 0x43, 0x10, 0x4c, 0x00, 0x00, 0x7e, 0x00, 0xf7],
      manufacturerId: [0x43],
    });
    expect(manufacturerLabel(sysex as SysexMessage)).toBe('43 (Yamaha)');
    expect(summaryOf(sysex!)).toBe('SysEx 43 (Yamaha) 9 bytes');
  });

  it('a status byte cuts a sysex short: an error, then the new message', () => {
    const parser = new MidiParser();
    expect(parser.feed([0xf0, 0x01, 0x02, 0x90, 60, 100])).toEqual([
      { kind: 'error', reason: 'sysex ended by 0x90 before F7', bytes: [0xf0, 0x01, 0x02] },
      decodeMessage([0x90, 60, 100]),
    ]);
  });

  it('caps a sysex: one error, then decoding goes on', () => {
    const parser = new MidiParser({ maxSysexBytes: 16 });
    const long = [0xf0, ...Array.from({ length: 30 }, (_, i) => i), 0xf7];
    const [error, ...rest] = parser.feed([...long, 0x90, 60, 100]);
    expect(error).toMatchObject({
      kind: 'error',
      reason: 'sysex of 32 bytes is over the 16-byte limit; dropped',
      bytes: long.slice(0, 16),
    });
    expect(brief(rest)).toEqual(['note-on 90 3C 64']);
    const fits = [0xf0, ...Array.from({ length: 14 }, () => 1), 0xf7];
    expect(brief(parser.feed(fits))).toEqual([`sysex ${toHex(fits)}`]);
  });

  it('caps at 64 KB by default, across many packets', () => {
    const parser = new MidiParser();
    const out: Result[] = [];
    out.push(...parser.feed([0xf0]));
    const chunk = new Array<number>(1000).fill(0x11);
    for (let i = 0; i < 70; i++) out.push(...parser.feed(chunk));
    out.push(...parser.feed([0xf7, 0xfa]));
    expect(brief(out)).toEqual([
      'error: sysex of 70002 bytes is over the 65536-byte limit; dropped',
      'start FA',
    ]);
    const exactly = [0xf0, ...new Array<number>(65534).fill(0x22), 0xf7];
    const [fits] = parser.feed(exactly);
    expect(fits && !isError(fits) && fits.bytes.length).toBe(65536);
  });

  it('reports a truncated message when a status byte interrupts it', () => {
    const parser = new MidiParser();
    expect(parser.feed([0x90, 60, 0x80, 60, 0])).toEqual([
      { kind: 'error', reason: 'note-on truncated: 1 of 2 data bytes', bytes: [0x90, 60] },
      decodeMessage([0x80, 60, 0]),
    ]);
    expect(brief(parser.feed([0xc0, 0x90, 60, 1]))).toEqual([
      'error: program-change truncated: 0 of 1 data byte',
      'note-on 90 3C 01',
    ]);
    expect(brief(parser.feed([0xf2, 1, 0xf6]))).toEqual([
      'error: song-position truncated: 1 of 2 data bytes',
      'tune-request F6',
    ]);
  });

  it('reports data bytes with no status, together', () => {
    const parser = new MidiParser();
    expect(parser.feed([0x40])).toEqual([
      { kind: 'error', reason: 'data byte 0x40 without a status byte', bytes: [0x40] },
    ]);
    expect(brief(parser.feed([60, 100, 0x90, 60, 100]))).toEqual([
      'error: 2 data bytes without a status byte',
      'note-on 90 3C 64',
    ]);
  });

  it('reports undefined and stray status bytes', () => {
    const parser = new MidiParser();
    expect(brief(parser.feed([0x90, 60, 0xf9, 100, 0xf4, 0xf7, 0xfd]))).toEqual([
      'error: undefined status byte 0xF9',
      'note-on 90 3C 64',
      'error: undefined status byte 0xF4',
      'error: F7 (end of sysex) without F0',
      'error: undefined status byte 0xFD',
    ]);
    // F5, like other system common bytes, cancels running status.
    expect(brief(parser.feed([0x90, 60, 100, 0xf5, 60, 100]))).toEqual([
      'note-on 90 3C 64',
      'error: undefined status byte 0xF5',
      'error: 2 data bytes without a status byte',
    ]);
  });

  it('reports values that are not bytes, and goes on', () => {
    const parser = new MidiParser();
    expect(brief(parser.feed([0x90, 300, 60, -1, Number.NaN, 1.5, 100]))).toEqual([
      'error: not a byte: 300',
      'error: not a byte: -1',
      'error: not a byte: NaN',
      'error: not a byte: 1.5',
      'note-on 90 3C 64',
    ]);
  });

  it('reset() forgets a partial message, a partial sysex and running status', () => {
    const parser = new MidiParser();
    parser.feed([0x90, 60, 100, 0xf0, 1, 2]);
    parser.reset();
    expect(brief(parser.feed([3, 0xf7]))).toEqual([
      'error: data byte 0x03 without a status byte',
      'error: F7 (end of sysex) without F0',
    ]);
    parser.feed([0x90, 60]);
    parser.reset();
    expect(brief(parser.feed([100]))).toEqual(['error: data byte 0x64 without a status byte']);
  });

  it('fuzz: 20,000 random packets to one parser, never a throw, every result well formed', () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    const parser = new MidiParser({ maxSysexBytes: 512 });
    const types = new Set<string>();
    let errors = 0;
    for (let p = 0; p < 20_000; p++) {
      const length = Math.floor(random() * 24);
      const packet = Array.from({ length }, () =>
        // Status bytes a third of the time, so every kind of message and break turns up.
        random() < 0.33 ? 0x80 + Math.floor(random() * 0x80) : Math.floor(random() * 0x80),
      );
      for (const r of parser.feed(packet)) {
        if (isError(r)) {
          errors += 1;
          expect(r.reason.length).toBeGreaterThan(0);
          expect(r.bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)).toBe(true);
        } else {
          types.add(r.type);
          // Every message is complete as it stands: decoding its bytes alone gives it back.
          expect(decodeMessage(r.bytes)).toEqual(r);
        }
      }
    }
    expect(types.size).toBe(18);
    expect(errors).toBeGreaterThan(0);
  });
});

describe('encoding', () => {
  it('builds channel messages', () => {
    expect(noteOn(1, 60, 100)).toEqual([0x90, 60, 100]);
    expect(noteOn(16, 0, 0)).toEqual([0x9f, 0, 0]);
    expect(noteOff(2, 60)).toEqual([0x81, 60, 0]);
    expect(noteOff(2, 60, 64)).toEqual([0x81, 60, 64]);
    expect(controlChange(1, 7, 100)).toEqual([0xb0, 7, 100]);
    expect(programChange(10, 127)).toEqual([0xc9, 127]);
    expect(pitchBend(1, 0)).toEqual([0xe0, 0, 0x40]);
    expect(pitchBend(1, -8192)).toEqual([0xe0, 0, 0]);
    expect(pitchBend(1, 8191)).toEqual([0xe0, 0x7f, 0x7f]);
    expect(songPosition(16)).toEqual([0xf2, 16, 0]);
    expect(songPosition(16383)).toEqual([0xf2, 0x7f, 0x7f]);
    expect([CLOCK, START, CONTINUE, STOP]).toEqual([0xf8, 0xfa, 0xfb, 0xfc]);
  });

  it('decodes what it encodes', () => {
    for (let bend = -8192; bend <= 8191; bend += 91) {
      expect(message(pitchBend(3, bend))).toMatchObject({ channel: 3, bend });
    }
    for (let note = 0; note < 128; note++) {
      expect(message(noteOn(5, note, 1))).toMatchObject({ type: 'note-on', channel: 5, note });
    }
    expect(message(songPosition(1234))).toMatchObject({ sppSixteenths: 1234 });
    expect(message(programChange(16, 42))).toMatchObject({ channel: 16, program: 42 });
  });

  it.each([
    [() => noteOn(0, 60, 100), 'channel must be an integer 1..16, got 0'],
    [() => noteOn(17, 60, 100), 'channel must be an integer 1..16, got 17'],
    [() => noteOn(1, 128, 100), 'note must be an integer 0..127, got 128'],
    [() => noteOn(1, 60, -1), 'velocity must be an integer 0..127, got -1'],
    [() => noteOff(1, 60.5), 'note must be an integer 0..127, got 60.5'],
    [() => controlChange(1, 7, Number.NaN), 'value must be an integer 0..127, got NaN'],
    [() => controlChange(1, 200, 0), 'controller must be an integer 0..127, got 200'],
    [() => programChange(1, 128), 'program must be an integer 0..127, got 128'],
    [() => pitchBend(1, 8192), 'bend must be an integer -8192..8191, got 8192'],
    [() => songPosition(-1), 'sixteenths must be an integer 0..16383, got -1'],
    [() => songPosition(16384), 'sixteenths must be an integer 0..16383, got 16384'],
  ])('validates its arguments (%#)', (encode, messageText) => {
    expect(encode).toThrow(RangeError);
    expect(encode).toThrow(messageText);
  });
});

describe('names and hex', () => {
  it('names notes as the user names them, C3 by default', () => {
    expect(summaryOf(message([0x90, 60, 100]))).toBe('C3 (60) vel 100');
    expect(summaryOf(message([0x90, 60, 100]), 'C4')).toBe('C4 (60) vel 100');
  });

  it('names controllers', () => {
    expect(controllerName(0)).toBe('Bank Select');
    expect(controllerName(1)).toBe('Modulation');
    expect(controllerName(7)).toBe('Volume');
    expect(controllerName(10)).toBe('Pan');
    expect(controllerName(11)).toBe('Expression');
    expect(controllerName(64)).toBe('Sustain');
    expect(controllerName(120)).toBe('All Sound Off');
    expect(controllerName(121)).toBe('Reset All Controllers');
    expect(controllerName(123)).toBe('All Notes Off');
    expect(controllerName(32)).toBe('Bank Select LSB');
    expect(controllerName(39)).toBe('Volume LSB');
    expect(controllerName(3)).toBe('Undefined');
    expect(controllerName(35)).toBe('Undefined');
    expect(controllerName(102)).toBe('Undefined');
    expect(() => controllerName(-1)).toThrow(RangeError);
  });

  it('names every assigned controller and leaves the rest undefined', () => {
    const undefinedOnes = [3, 9, 14, 15, ...range(20, 31), 85, 86, 87, 89, 90, ...range(102, 119)];
    for (let cc = 0; cc < 128; cc++) {
      const lsbOfUndefined = cc >= 32 && cc < 64 && undefinedOnes.includes(cc - 32);
      const expectUndefined = undefinedOnes.includes(cc) || lsbOfUndefined;
      expect(controllerName(cc) === 'Undefined', `CC ${cc}`).toBe(expectUndefined);
    }
  });

  it('writes hex', () => {
    expect(toHex([0x90, 0x3c, 0x64])).toBe('90 3C 64');
    expect(toHex(new Uint8Array([0xf0, 0x0a, 0xf7]))).toBe('F0 0A F7');
    expect(toHex([])).toBe('');
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
