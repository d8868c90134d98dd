import type { EventName, MonitorBatch, SkippedEvents } from '../../shared/contract';

/** How much main may queue for one web client before it holds events back or lets go of it. */
export interface OutboxLimits {
  /** Above this many queued bytes, state events are coalesced and monitor batches dropped. */
  softBytes: number;
  /** A client that stays above `softBytes` this long is not reading: it is disconnected. */
  stallMs: number;
  /**
   * Above this (only results can get there) the client is disconnected at once. Well above
   * the largest answer a window asks for (a full monitor snapshot of long SysEx is ~18 MB),
   * or a window would be let go, reconnect, ask again, and loop.
   */
  hardBytes: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  softBytes: 1 << 20,
  stallMs: 5000,
  hardBytes: 64 << 20,
};

/** The part of a `ws` WebSocket the outbox uses. */
export interface OutboxSocket {
  readonly bufferedAmount: number;
  send(text: string): void;
  terminate(): void;
}

/** Events that are occurrences, not states: a later one does not replace an earlier one. */
const NOT_COALESCED = new Set<EventName>(['midi:messages', 'control:fired']);

function noneSkipped(): SkippedEvents {
  return { monitorMessages: 0, monitorBatches: 0, controls: 0, coalesced: 0 };
}

/**
 * One web client's share of the event stream. While the client reads, events go straight out;
 * when it falls behind (a frozen tab), only the latest of each state event is kept, monitor
 * batches and fired controls are dropped and counted, and when it catches up it gets those
 * latest states and a `client:skipped` event saying what it missed. Nothing here waits on the
 * client, so a slow one never slows the core or the others.
 */
export class ClientOutbox {
  private readonly held = new Map<string, string>();
  private skipped = noneSkipped();
  private behindSince: number | null = null;
  private subscribed: ReadonlySet<string> | null = null;
  private closed = false;

  constructor(
    private readonly socket: OutboxSocket,
    private readonly limits: OutboxLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** From now on only these events are sent (before the first call: every event). */
  subscribe(names: readonly string[]): void {
    this.subscribed = new Set(names);
    for (const name of this.held.keys()) if (!this.subscribed.has(name)) this.held.delete(name);
  }

  wants(name: string): boolean {
    return this.subscribed === null || this.subscribed.has(name);
  }

  /** `text` is the event's frame, serialised once for every client. */
  event(name: EventName, payload: unknown, text: string): void {
    if (this.closed || !this.wants(name)) return;
    if (this.catchUp()) {
      this.socket.send(text);
      return;
    }
    if (name === 'midi:messages') {
      const batch = payload as MonitorBatch;
      this.skipped.monitorBatches += 1;
      this.skipped.monitorMessages +=
        batch.entries.length + batch.hidden.clock + batch.hidden.activeSensing;
    } else if (NOT_COALESCED.has(name)) {
      this.skipped.controls += 1;
    } else {
      if (this.held.delete(name)) this.skipped.coalesced += 1;
      this.held.set(name, text);
    }
  }

  /** A request's answer is never dropped, only guarded by the hard limit. */
  result(text: string): void {
    if (this.closed) return;
    // States held back are older than this answer: they go first, or one of them (say a
    // sequencer state from before an edit) would overwrite what the answer says.
    for (const held of this.held.values()) this.socket.send(held);
    this.held.clear();
    this.socket.send(text);
    this.check();
  }

  /** Called on a timer: sends what was held once the client caught up; lets a stalled one go. */
  check(): void {
    if (this.closed) return;
    const caughtUp = this.catchUp();
    const queued = this.socket.bufferedAmount;
    const stalled =
      !caughtUp && this.behindSince !== null && this.now() - this.behindSince > this.limits.stallMs;
    if (queued > this.limits.hardBytes || stalled) {
      this.closed = true;
      this.held.clear();
      this.socket.terminate();
    }
  }

  /** True when the client is below the soft limit (after sending it whatever was held back). */
  private catchUp(): boolean {
    if (this.socket.bufferedAmount >= this.limits.softBytes) {
      this.behindSince ??= this.now();
      return false;
    }
    this.behindSince = null;
    if (this.held.size === 0 && this.skipped.monitorBatches + this.skipped.controls === 0) {
      if (this.skipped.coalesced > 0) this.skipped = noneSkipped();
      return true;
    }
    for (const text of this.held.values()) this.socket.send(text);
    this.held.clear();
    const skipped = this.skipped;
    this.skipped = noneSkipped();
    this.socket.send(JSON.stringify({ kind: 'event', name: 'client:skipped', payload: skipped }));
    return this.socket.bufferedAmount < this.limits.softBytes;
  }
}
