import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_MONITOR_BYTES,
  DISPLAY_BYTES,
  EXPORT_PAGE_CHARS,
  Monitor,
} from '../../src/main/midi/monitor';
import type { MonitorBatch } from '../../src/shared/contract';
import type { SysexMessage } from '../../src/shared/midi/midi-message';
import { decodeMessage } from '../../src/shared/midi/midi-parser';
import { RingBuffer } from '../../src/shared/ring-buffer';

const monitors: Monitor[] = [];
afterEach(() => monitors.splice(0).forEach((m) => m.dispose()));

function monitor(capacity = 10_000) {
  const batches: MonitorBatch[] = [];
  const m = new Monitor((b) => batches.push(b), { capacity });
  monitors.push(m);
  return { m, batches };
}

/**
 * A SysEx of `length` bytes, F0 7D (non-commercial) ... F7, its data bytes `seed` and then
 * counting up.
 */
function sysex(length: number, seed = 0): number[] {
  const bytes = new Array<number>(length).fill(seed & 0x7f);
  bytes[1] = 0x7d;
  for (let i = 2; i < 16; i++) bytes[i] = i;
  bytes[16] = (seed >> 7) & 0x7f;
  bytes[0] = 0xf0;
  bytes[length - 1] = 0xf7;
  return bytes;
}

/**
 * The message the parser hands over for such a SysEx, built as it builds it (decoding 1,500 of
 * 64 KB byte by byte would make this test slow, not truer).
 */
function sysexMessage(length: number, seed = 0): SysexMessage {
  const bytes = sysex(length, seed);
  return {
    type: 'sysex',
    status: 0xf0,
    channel: null,
    bytes,
    manufacturerId: [0x7d],
    data: bytes.slice(2, -1),
  };
}

const at = (i: number) => ({ t: i * 1.5, wall: Date.UTC(2026, 0, 2, 3, 4, 5, i) });

/** Every page of an export, from the start. */
function pages(m: Monitor, format: 'text' | 'csv', maxChars?: number): string[] {
  const out: string[] = [];
  let from: number | undefined;
  for (;;) {
    const page = m.exportPage(format, from, maxChars);
    out.push(page.text);
    if (page.next === null) return out;
    from = page.next;
  }
}

describe('Monitor', () => {
  it('is handed SysEx as the parser decodes them', () => {
    expect(sysexMessage(300, 200)).toEqual(decodeMessage(sysex(300, 200)));
  });

  it('keeps 1,500 SysEx of 64 KB under its byte bound, newest kept, oldest out', () => {
    const { m } = monitor();
    for (let i = 0; i < 1500; i++) {
      m.add({
        ...at(i),
        port: 'Synth',
        message: sysexMessage(65536, i),
      });
    }
    expect(m.bytesHeld).toBeLessThanOrEqual(DEFAULT_MONITOR_BYTES);
    // The monitor's text for each, made when it was kept.
    const summary = 'SysEx 7D (Non-Commercial) 65536 bytes';
    // Nearly all of the bound is used: 32 MB hold 510 of them.
    expect(m.size).toBe(
      Math.floor(DEFAULT_MONITOR_BYTES / (65536 + 200 + 2 * (summary.length + 5))),
    );
    const newest = m.newest(1)[0]!;
    expect(newest.summary).toBe(summary);
    expect(newest.seq).toBe(1499);
    expect(Buffer.from(m.find(1499)!.bytes).equals(Buffer.from(sysex(65536, 1499)))).toBe(true);
    expect(m.find(0)).toBeUndefined();
    // The window is shown the first bytes of a long message and its length, never all of it.
    expect(newest.length).toBe(65536);
    expect(newest.hex.split(' ')).toHaveLength(DISPLAY_BYTES + 1);
    expect(newest.hex.endsWith(' …')).toBe(true);
  }, 60_000); // 1,500 messages of 64 KB built as the parser builds them: seconds on a busy machine.

  it('sends batches with display text capped per message', async () => {
    const { m, batches } = monitor();
    m.add({
      ...at(0),
      port: 'Synth',
      message: decodeMessage(sysex(4000)),
    });
    m.add({
      ...at(1),
      port: 'Keys',
      message: decodeMessage([0x90, 60, 100]),
    });
    m.flush();
    expect(batches).toHaveLength(1);
    const [big, note] = batches[0]!.entries;
    expect(big!.hex.length).toBeLessThan(DISPLAY_BYTES * 3 + 4);
    expect(big!.length).toBe(4000);
    expect(note).toMatchObject({ hex: '90 3C 64', length: 3, seq: 1 });
  });

  it('names the notes it kept the way the user names notes now, in the window and in exports', () => {
    const { m, batches } = monitor();
    m.add({ ...at(0), port: 'Keys', message: decodeMessage([0x90, 60, 100]) });
    m.add({ ...at(1), port: 'Keys', message: decodeMessage([0x90, 61, 0]) });
    m.add({ ...at(2), port: 'Keys', message: decodeMessage([0xa0, 0, 7]) });
    m.add({ ...at(3), port: 'Keys', message: decodeMessage([0xb0, 7, 100]) });
    m.flush();
    // C3 by default (src/shared/note-name.ts).
    expect(batches[0]!.entries.map((e) => e.summary)).toEqual([
      'C3 (60) vel 100',
      'C#3 (61) vel 0 (note-on vel 0)',
      'C-2 (0) pressure 7',
      'CC 7 Volume = 100',
    ]);
    m.noteNaming = 'C4';
    expect(m.newest(4).map((e) => e.summary)).toEqual([
      'C4 (60) vel 100',
      'C#4 (61) vel 0 (note-on vel 0)',
      'C-1 (0) pressure 7',
      'CC 7 Volume = 100',
    ]);
    expect(m.exportPage('text').text).toContain('\tC4 (60) vel 100\t90 3C 64\n');
    m.add({ ...at(4), port: 'Keys', message: decodeMessage([0x80, 127, 0]) });
    m.flush();
    expect(batches[1]!.entries[0]!.summary).toBe('G9 (127) vel 0');
    m.noteNaming = 'C3';
    expect(m.newest(1)[0]!.summary).toBe('G8 (127) vel 0');
  });

  it('exports in pages that join to the whole log, as one export used to be', () => {
    const { m } = monitor();
    // The naming this export was written for (note 60 is C3 by default).
    m.noteNaming = 'C4';
    m.add({
      ...at(0),
      port: 'Keys',
      message: decodeMessage([0x90, 60, 100]),
    });
    m.add({
      ...at(1),
      port: 'Pads, "A"',
      message: decodeMessage([0x89, 36, 0]),
    });
    m.add({
      ...at(2),
      port: 'Synth',
      message: decodeMessage([0xf0, 0x41, 0x10, 0x42, 0xf7]),
    });
    const csv =
      'time_ms,wall_clock,port,channel,type,data,raw\n' +
      '0.000,2026-01-02T03:04:05.000Z,Keys,1,note-on,C4 (60) vel 100,90 3C 64\n' +
      '1.500,2026-01-02T03:04:05.001Z,"Pads, ""A""",10,note-off,C2 (36) vel 0,89 24 00\n' +
      '3.000,2026-01-02T03:04:05.002Z,Synth,,sysex,SysEx 41 (Roland) 5 bytes,F0 41 10 42 F7\n';
    const text =
      '0.000\t2026-01-02T03:04:05.000Z\tKeys\t1\tnote-on\tC4 (60) vel 100\t90 3C 64\n' +
      '1.500\t2026-01-02T03:04:05.001Z\tPads, "A"\t10\tnote-off\tC2 (36) vel 0\t89 24 00\n' +
      '3.000\t2026-01-02T03:04:05.002Z\tSynth\t\tsysex\tSysEx 41 (Roland) 5 bytes\tF0 41 10 42 F7\n';
    expect(pages(m, 'csv')).toEqual([csv]);
    expect(pages(m, 'text')).toEqual([text]);
    // Pages so small that every row is a page of its own still join to the same file.
    expect(pages(m, 'csv', 10)).toHaveLength(4);
    expect(pages(m, 'csv', 10).join('')).toBe(csv);
    expect(pages(m, 'text', 100).join('')).toBe(text);
    expect(monitor().m.exportPage('csv')).toEqual({
      text: 'time_ms,wall_clock,port,channel,type,data,raw\n',
      next: null,
    });
    expect(monitor().m.exportPage('text')).toEqual({ text: '', next: null });
  });

  it('keeps every export page under the limit, with the full bytes of each SysEx', () => {
    const { m } = monitor();
    for (let i = 0; i < 200; i++) {
      m.add({
        ...at(i),
        port: 'Synth',
        message: sysexMessage(65536, i),
      });
    }
    const all = pages(m, 'text');
    expect(all.length).toBeGreaterThan(1);
    for (const page of all) expect(page.length).toBeLessThanOrEqual(EXPORT_PAGE_CHARS);
    const rows = all.join('').split('\n').slice(0, -1);
    expect(rows).toHaveLength(m.size);
    expect(rows.at(-1)!.split('\t')[6]!.split(' ')).toHaveLength(65536);
  });

  it('finds a message by number without copying the ring, after the oldest left', () => {
    const { m } = monitor(100);
    for (let i = 0; i < 150; i++) {
      m.add({
        ...at(i),
        port: 'Keys',
        message: decodeMessage([0x90, i % 128, 1]),
      });
    }
    expect(m.find(49)).toBeUndefined();
    expect([...m.find(50)!.bytes]).toEqual([0x90, 50, 1]);
    expect([...m.find(149)!.bytes]).toEqual([0x90, 149 % 128, 1]);
    expect(m.find(150)).toBeUndefined();
    expect(m.newest(3).map((e) => e.seq)).toEqual([147, 148, 149]);
  });

  it('reads only the newest n messages of the ring for newest(n), however many it holds', () => {
    for (const held of [100, 10_000]) {
      const { m } = monitor(10_000);
      for (let i = 0; i < held; i++) {
        m.add({ ...at(i), port: 'Keys', message: decodeMessage([0x90, i % 128, 1]) });
      }
      const read = vi.spyOn(RingBuffer.prototype, 'at');
      const copied = vi.spyOn(RingBuffer.prototype, 'toArray');
      const iterated = vi.spyOn(RingBuffer.prototype, Symbol.iterator);
      try {
        expect(m.newest(3).map((e) => e.seq)).toEqual([held - 3, held - 2, held - 1]);
        expect(read).toHaveBeenCalledTimes(3);
        expect(copied).not.toHaveBeenCalled();
        expect(iterated).not.toHaveBeenCalled();
      } finally {
        vi.restoreAllMocks();
      }
    }
  });

  it('builds no batch while nobody listens, and still keeps every message', () => {
    vi.useFakeTimers();
    try {
      let listening = false;
      const batches: MonitorBatch[] = [];
      const m = new Monitor((b) => batches.push(b), { hasListener: () => listening });
      monitors.push(m);
      const note = (i: number) => ({
        ...at(i),
        port: 'Keys',
        message: decodeMessage([0x90, i, 1]),
      });
      m.add(note(0));
      m.add({ ...at(1), port: 'Keys', message: decodeMessage([0xf8]) });
      // Not even a timer to send one later.
      expect(vi.getTimerCount()).toBe(0);
      m.flush();
      expect(batches).toEqual([]);
      expect(m.newest(10).map((e) => e.seq)).toEqual([0]);

      listening = true;
      m.add(note(2));
      vi.advanceTimersByTime(33);
      expect(batches.map((b) => b.entries.map((e) => e.seq))).toEqual([[1]]);
      expect(batches[0]!.hidden).toEqual({ clock: 0, activeSensing: 0 });

      // The window went away before the batch left: it is not sent.
      m.add(note(3));
      listening = false;
      vi.runAllTimers();
      expect(batches).toHaveLength(1);
      expect(m.newest(10).map((e) => e.seq)).toEqual([0, 1, 2]);
    } finally {
      vi.useRealTimers();
    }
  });
});
