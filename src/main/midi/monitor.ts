import type { MonitorBatch, MonitorEntry, MonitorSettings } from '../../shared/contract';
import { RingBuffer } from '../../shared/ring-buffer';

const HIDDEN_BY_DEFAULT = new Set(['clock', 'active-sensing']);

/**
 * The MIDI monitor's memory: every message in a ring buffer, and what is new since the last
 * batch. Batches leave at most every `intervalMs` (about 30 a second): never one event per
 * MIDI message. Clock and active sensing are counted, not kept, unless asked for.
 */
export class Monitor {
  private ring: RingBuffer<MonitorEntry>;
  private pending: MonitorEntry[] = [];
  private hidden = { clock: 0, activeSensing: 0 };
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  showClock = false;

  constructor(
    private readonly emit: (batch: MonitorBatch) => void,
    capacity = 10_000,
    private readonly intervalMs = 33,
  ) {
    this.ring = new RingBuffer(capacity);
  }

  get settings(): MonitorSettings {
    return { capacity: this.ring.capacity, showClock: this.showClock };
  }

  configure(change: Partial<MonitorSettings>): MonitorSettings {
    if (change.capacity !== undefined) this.ring.resize(change.capacity);
    if (change.showClock !== undefined) this.showClock = change.showClock;
    return this.settings;
  }

  add(entry: Omit<MonitorEntry, 'seq'>): void {
    if (!this.showClock && HIDDEN_BY_DEFAULT.has(entry.type)) {
      if (entry.type === 'clock') this.hidden.clock += 1;
      else this.hidden.activeSensing += 1;
    } else {
      const full = { ...entry, seq: this.seq++ };
      this.ring.push(full);
      this.pending.push(full);
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 && this.hidden.clock === 0 && this.hidden.activeSensing === 0) {
      return;
    }
    const batch = { entries: this.pending, hidden: this.hidden };
    this.pending = [];
    this.hidden = { clock: 0, activeSensing: 0 };
    this.emit(batch);
  }

  newest(limit: number): MonitorEntry[] {
    const all = this.ring.toArray();
    return all.slice(Math.max(0, all.length - limit));
  }

  find(seq: number): MonitorEntry | undefined {
    return this.ring.toArray().find((e) => e.seq === seq);
  }

  clear(): void {
    this.ring.clear();
    this.pending = [];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

const csvField = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The monitor log as text (aligned columns) or CSV (RFC 4180). */
export function exportLog(entries: readonly MonitorEntry[], format: 'text' | 'csv'): string {
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
