/**
 * MIDI 1.0 messages as bytes, for the clock generator, the sequencer and the thru routes' tests.
 * Every argument is checked: a RangeError names the value and its range.
 */
import { SONG_POSITION } from './midi-message';

export function checkRange(name: string, value: number, min: number, max: number): number {
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
  return [SONG_POSITION, sixteenths & 0x7f, sixteenths >> 7];
}
