/**
 * The MIDI monitor flooded with 1,500 SysEx of 64 KB: main's heap and RSS afterwards, then a
 * text export: its total time and the longest the event loop is blocked by it. The monitor as
 * it is (a ring bounded by count and bytes, raw bytes, exports in pages) against the old one
 * (a 10,000-entry ring of hex text, the whole log built and framed in one piece), each in a
 * process of its own. Prints one JSON line. Run with --expose-gc (npm run bench:monitor-memory).
 */
import { spawnSync } from 'node:child_process';
import type { MonitorEntry } from '../src/shared/contract';
import { Monitor } from '../src/main/midi/monitor';
import { toHex } from '../src/main/midi/monitor-text';
import { decodeMessage } from '../src/shared/midi/midi-parser';
import { RingBuffer } from '../src/shared/ring-buffer';
import { round } from './bench-data';

const MESSAGES = 1500;
const SYSEX_BYTES = 64 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => round(bytes / 1e6, 1);

/** A SysEx as the parser hands it over: a fresh number[] per message. */
function sysex(i: number): number[] {
  const bytes = new Array<number>(SYSEX_BYTES).fill(i & 0x7f);
  bytes[0] = 0xf0;
  bytes[1] = 0x7d;
  bytes[SYSEX_BYTES - 1] = 0xf7;
  return bytes;
}

const message = (i: number) => ({
  t: i,
  wall: Date.now(),
  port: 'Sampledeck Loopback',
  channel: null,
  type: 'sysex' as const,
  summary: `SysEx (non-commercial) ${SYSEX_BYTES} bytes`,
});

// ----------------------------------------------------------------------- the old monitor
// Kept here only, as the baseline: a count-bound ring of entries with all their bytes in hex.
class OldMonitor {
  private ring = new RingBuffer<MonitorEntry>(10_000);
  private seq = 0;
  add(entry: Omit<MonitorEntry, 'seq' | 'length'>): void {
    this.ring.push({ ...entry, seq: this.seq++, length: 0 });
  }
  newest(limit: number): MonitorEntry[] {
    const all = this.ring.toArray();
    return all.slice(Math.max(0, all.length - limit));
  }
}

const csvField = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function oldExportLog(entries: readonly MonitorEntry[], format: 'text' | 'csv'): string {
  const columns = ['time_ms', 'wall_clock', 'port', 'channel', 'type', 'data', 'raw'];
  const rows = entries.map((e) => [
    e.t.toFixed(3),
    new Date(e.wall).toISOString(),
    e.port,
    e.channel === null ? '' : String(e.channel),
    e.type,
    e.summary,
    e.hex,
  ]);
  if (format === 'csv') {
    return [columns, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
  }
  return rows.map((row) => row.join('\t')).join('\n') + (rows.length ? '\n' : '');
}

// ----------------------------------------------------------------------- one side, one process

interface Side {
  heapMB: number;
  rssMB: number;
  kept: number;
  exportMB: number;
  exportMs: number;
  longestBlockMs: number;
  /** The largest frame sent to the window for the export. */
  largestFrameMB: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(which: 'old' | 'new'): Promise<Side> {
  let kept: number;
  let exportAll: () => Promise<{ chars: number; longest: number; largest: number }>;
  if (which === 'old') {
    const monitor = new OldMonitor();
    for (let i = 0; i < MESSAGES; i++) monitor.add({ ...message(i), hex: toHex(sysex(i)) });
    kept = monitor.newest(Number.MAX_SAFE_INTEGER).length;
    exportAll = async () => {
      const start = performance.now();
      // The handler's answer, framed for the window: one piece, on the event loop.
      const frame = JSON.stringify({
        text: oldExportLog(monitor.newest(Number.MAX_SAFE_INTEGER), 'text'),
      });
      const took = performance.now() - start;
      return { chars: frame.length, longest: took, largest: frame.length };
    };
  } else {
    const monitor = new Monitor(() => undefined);
    for (let i = 0; i < MESSAGES; i++) {
      const { t, wall, port } = message(i);
      // As the parser hands it over: decoded from a fresh number[].
      monitor.add({ t, wall, port, message: decodeMessage(sysex(i)) });
    }
    monitor.flush();
    kept = monitor.size;
    exportAll = async () => {
      let chars = 0;
      let longest = 0;
      let largest = 0;
      let from: number | undefined;
      for (;;) {
        // Each page is one request: other work runs between them.
        await nextTurn();
        const start = performance.now();
        const page = monitor.exportPage('text', from);
        const frame = JSON.stringify(page);
        longest = Math.max(longest, performance.now() - start);
        largest = Math.max(largest, frame.length);
        chars += page.text.length;
        if (page.next === null) break;
        from = page.next;
      }
      return { chars, longest, largest };
    };
  }
  gc();
  gc();
  const memory = process.memoryUsage();
  const start = performance.now();
  const exported = await exportAll();
  const exportMs = performance.now() - start;
  return {
    heapMB: mb(memory.heapUsed + memory.arrayBuffers),
    rssMB: mb(memory.rss),
    kept,
    exportMB: mb(exported.chars),
    exportMs: round(exportMs, 0),
    longestBlockMs: round(exported.longest, 1),
    largestFrameMB: mb(exported.largest),
  };
}

function side(which: 'old' | 'new'): Side {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, which], {
    encoding: 'utf8',
    maxBuffer: 1e6,
  });
  if (child.status !== 0) throw new Error(`${which}: ${child.stderr}`);
  return JSON.parse(child.stdout) as Side;
}

const which = process.argv[2];
if (which === 'old' || which === 'new') {
  void run(which).then((r) => process.stdout.write(JSON.stringify(r)));
} else {
  const current = side('new');
  const baseline = side('old');
  console.log(
    JSON.stringify({
      bench: 'midi-monitor-memory',
      messages: MESSAGES,
      sysexBytes: SYSEX_BYTES,
      monitor: current,
      baseline,
    }),
  );
}
