import { describe, expect, it } from 'vitest';
import type { MonitorEntry } from '../../src/shared/contract';
import { typeNames, visibleEntries } from '../../src/renderer/src/stores/midi';

const entry = (seq: number, port: string, channel: number | null, type: MonitorEntry['type']) =>
  ({
    seq,
    t: seq,
    wall: seq,
    port,
    channel,
    type,
    summary: '',
    hex: '',
    length: 3,
  }) as MonitorEntry;

const log = [
  entry(1, 'Keys', 1, 'note-on'),
  entry(2, 'Keys', 2, 'control-change'),
  entry(3, 'Pads', 10, 'note-on'),
  entry(4, 'Pads', 3, 'program-change'),
  entry(5, 'Sync', null, 'clock'),
  entry(6, 'Keys', 1, 'note-off'),
];
const seqs = (filter: Parameters<typeof visibleEntries>[1]) =>
  visibleEntries(log, filter).map((e) => e.seq);

describe('the monitor filter', () => {
  it('nothing ticked shows everything', () => {
    expect(seqs({ groups: [], channels: [], ports: [] })).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('several types, channels and ports at once; kinds combine with "and"', () => {
    expect(seqs({ groups: ['notes', 'cc'], channels: [], ports: [] })).toEqual([1, 2, 3, 6]);
    expect(seqs({ groups: [], channels: [1, 3], ports: [] })).toEqual([1, 4, 6]);
    expect(seqs({ groups: [], channels: [], ports: ['Pads', 'Sync'] })).toEqual([3, 4, 5]);
    expect(seqs({ groups: ['notes'], channels: [10, 2], ports: ['Pads', 'Keys'] })).toEqual([3]);
  });

  it('a channel filter leaves out messages with no channel', () => {
    expect(seqs({ groups: ['realtime'], channels: [1], ports: [] })).toEqual([]);
  });

  it('names every type as a musician would', () => {
    expect(typeNames['note-on']).toBe('Note On');
    expect(typeNames['control-change']).toBe('Control Change');
    expect(typeNames.clock).toBe('Clock');
    expect(Object.values(typeNames).every((name) => /^[A-Z]/.test(name))).toBe(true);
  });
});
