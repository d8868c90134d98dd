import type { MonitorBatch, MonitorEntry, MonitorSettings } from '../../shared/contract';
import type { DecodeError, MidiMessage } from '../../shared/midi/midi-message';
import { RingBuffer } from '../../shared/ring-buffer';
import type { EpochMs, MonoMs } from '../../shared/unit-types';
import { DEFAULT_NOTE_NAMING, type NoteNaming } from '../../shared/note-name';
import { noteLabel, summaryOf, toHex } from './monitor-text';

const HIDDEN_BY_DEFAULT: ReadonlySet<MonitorEntry['type']> = new Set(['clock', 'active-sensing']);

/** What the ring may hold in all, besides its count: 1,500 SysEx of 64 KB are ~100 MB. */
export const DEFAULT_MONITOR_BYTES = 32 * 1024 * 1024;
/** What the window is shown of one message: a long SysEx's first bytes and its length. */
export const DISPLAY_BYTES = 256;
/** Each page of an export: the window pulls pages, so main never builds one huge string. */
export const EXPORT_PAGE_CHARS = 1024 * 1024;
/** A kept message's cost beyond its bytes (object, strings), for the byte bound. */
const ENTRY_OVERHEAD_BYTES = 200;

/** A message as the monitor keeps it: raw bytes; text for the window is made when asked. */
export type LoggedMessage = Omit<MonitorEntry, 'hex' | 'length'> & { bytes: Uint8Array };

/** A message as it reaches the monitor: decoded (or not), stamped, from a port. */
export interface NewMessage {
  /** Since the monitor started. */
  t: MonoMs;
  wall: EpochMs;
  port: string;
  message: MidiMessage | DecodeError;
}

export interface MonitorOptions {
  /** How many messages it keeps (the byte bound may keep fewer). */
  capacity?: number;
  /** The most often a batch leaves. */
  intervalMs?: number;
  maxBytes?: number;
  /**
   * Whether any window wants batches now; when none does, messages are only kept (for the
   * snapshot a window takes when it opens), and no batch is built.
   */
  hasListener?: () => boolean;
}

const weigh = (m: LoggedMessage) =>
  m.bytes.byteLength + ENTRY_OVERHEAD_BYTES + 2 * (m.summary.length + m.port.length);

const NOTE_TYPES: ReadonlySet<MonitorEntry['type']> = new Set([
  'note-on',
  'note-off',
  'poly-pressure',
]);

/**
 * A kept message's text with its note named as the user names notes now: a note message's text
 * starts with "C3 (60)" (monitor-text.ts), made when it was kept, perhaps in the other naming.
 */
function textOf(m: LoggedMessage, naming: NoteNaming): string {
  if (!NOTE_TYPES.has(m.type)) return m.summary;
  // The note's label ends at the first ")", the one after its number.
  return noteLabel(m.bytes[1] ?? 0, naming) + m.summary.slice(m.summary.indexOf(')') + 1);
}

/** The window's view of a message: at most DISPLAY_BYTES of it in hex. */
export function displayEntry(m: LoggedMessage, naming: NoteNaming): MonitorEntry {
  const long = m.bytes.length > DISPLAY_BYTES;
  return {
    seq: m.seq,
    t: m.t,
    wall: m.wall,
    port: m.port,
    channel: m.channel,
    type: m.type,
    summary: textOf(m, naming),
    hex: long ? `${toHex(m.bytes.subarray(0, DISPLAY_BYTES))} …` : toHex(m.bytes),
    length: m.bytes.length,
  };
}

/**
 * The MIDI monitor's memory: every message in a ring buffer bounded by count and by bytes,
 * and what is new since the last batch. Batches leave at most every `intervalMs` (about 30 a
 * second): never one event per MIDI message. Clock and active sensing are counted, not kept,
 * unless asked for.
 */
export class Monitor {
  private ring: RingBuffer<LoggedMessage>;
  private pending: LoggedMessage[] = [];
  private hidden = { clock: 0, activeSensing: 0 };
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private readonly intervalMs: number;
  private readonly hasListener: () => boolean;
  showClock = false;
  /** How note messages are named ('C3' or 'C4' for note 60), in the window and in exports. */
  noteNaming: NoteNaming = DEFAULT_NOTE_NAMING;

  constructor(
    private readonly emit: (batch: MonitorBatch) => void,
    options: MonitorOptions = {},
  ) {
    this.ring = new RingBuffer(options.capacity ?? 10_000, {
      max: options.maxBytes ?? DEFAULT_MONITOR_BYTES,
      weigh,
    });
    this.intervalMs = options.intervalMs ?? 33;
    this.hasListener = options.hasListener ?? (() => true);
  }

  get settings(): MonitorSettings {
    return { capacity: this.ring.capacity, showClock: this.showClock };
  }

  /** What the ring holds now, by its own reckoning (bytes plus a per-message overhead). */
  get bytesHeld(): number {
    return this.ring.weightHeld;
  }

  get size(): number {
    return this.ring.size;
  }

  configure(change: Partial<MonitorSettings>): MonitorSettings {
    if (change.capacity !== undefined) this.ring.resize(change.capacity);
    if (change.showClock !== undefined) this.showClock = change.showClock;
    return this.settings;
  }

  add({ t, wall, port, message }: NewMessage): void {
    const listened = this.hasListener();
    const type = 'kind' in message ? 'error' : message.type;
    if (!this.showClock && HIDDEN_BY_DEFAULT.has(type)) {
      if (!listened) return;
      if (type === 'clock') this.hidden.clock += 1;
      else this.hidden.activeSensing += 1;
    } else {
      const logged: LoggedMessage = {
        seq: this.seq++,
        t,
        wall,
        port,
        channel: 'kind' in message ? null : message.channel,
        type,
        summary: summaryOf(message, this.noteNaming),
        bytes: Uint8Array.from(message.bytes),
      };
      this.ring.push(logged);
      if (!listened) return;
      this.pending.push(logged);
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 && this.hidden.clock === 0 && this.hidden.activeSensing === 0) {
      return;
    }
    if (!this.hasListener()) {
      // The window that wanted these went away before they left.
      this.pending = [];
      this.hidden = { clock: 0, activeSensing: 0 };
      return;
    }
    const batch = {
      entries: this.pending.map((m) => displayEntry(m, this.noteNaming)),
      hidden: this.hidden,
    };
    this.pending = [];
    this.hidden = { clock: 0, activeSensing: 0 };
    this.emit(batch);
  }

  /** The newest `limit` messages as the window shows them (only those are copied). */
  newest(limit: number): MonitorEntry[] {
    const count = Math.min(limit, this.ring.size);
    const first = this.ring.size - count;
    const out = new Array<MonitorEntry>(count);
    for (let i = 0; i < count; i++)
      out[i] = displayEntry(this.ring.at(first + i) as LoggedMessage, this.noteNaming);
    return out;
  }

  /** A kept message by its number, all its bytes (sequence numbers in the ring are consecutive). */
  find(seq: number): LoggedMessage | undefined {
    const oldest = this.ring.at(0);
    if (!oldest) return undefined;
    const found = this.ring.at(seq - oldest.seq);
    return found?.seq === seq ? found : undefined;
  }

  /**
   * One page of the log as text (aligned columns) or CSV (RFC 4180): rows from message `from`
   * (the start of the log when absent; the CSV header comes first) up to about `maxChars`, and
   * the number to ask for next, null at the end. Messages that left the ring meanwhile are
   * skipped; the pages joined are the whole log.
   */
  exportPage(
    format: 'text' | 'csv',
    from?: number,
    maxChars = EXPORT_PAGE_CHARS,
  ): { text: string; next: number | null } {
    const parts: string[] = [];
    let chars = 0;
    if (from === undefined && format === 'csv') {
      parts.push(CSV_HEADER);
      chars += CSV_HEADER.length;
    }
    const oldest = this.ring.at(0);
    let index = oldest && from !== undefined ? Math.max(0, from - oldest.seq) : 0;
    for (; index < this.ring.size; index++) {
      const row = exportRow(this.ring.at(index) as LoggedMessage, format, this.noteNaming);
      // A page holds one row at least, whatever its length (a SysEx is 64 KB at most).
      if (chars > 0 && chars + row.length > maxChars) break;
      parts.push(row);
      chars += row.length;
    }
    return { text: parts.join(''), next: this.ring.at(index)?.seq ?? null };
  }

  clear(): void {
    this.ring.clear();
    this.pending = [];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

const COLUMNS = ['time_ms', 'wall_clock', 'port', 'channel', 'type', 'data', 'raw'];

const csvField = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const CSV_HEADER = COLUMNS.map(csvField).join(',') + '\n';

/** One message as a line of the export (text: tab-separated; CSV: RFC 4180), with its newline. */
function exportRow(m: LoggedMessage, format: 'text' | 'csv', naming: NoteNaming): string {
  const row = [
    m.t.toFixed(3),
    new Date(m.wall).toISOString(),
    m.port,
    m.channel === null ? '' : String(m.channel),
    m.type,
    textOf(m, naming),
    toHex(m.bytes),
  ];
  return (format === 'csv' ? row.map(csvField).join(',') : row.join('\t')) + '\n';
}
