import { describe, expect, it } from 'vitest';
import { ClientOutbox, type OutboxSocket } from '../../src/main/host/client-outbox';
import type { EventName, MonitorBatch } from '../../src/shared/contract';

/** A socket whose queue the test fills and drains by hand, as a client reads or not. */
class QueueSocket implements OutboxSocket {
  bufferedAmount = 0;
  sent: string[] = [];
  terminated = false;
  send(text: string) {
    this.sent.push(text);
    this.bufferedAmount += text.length;
  }
  terminate() {
    this.terminated = true;
  }
  names() {
    return this.sent.map((t) => (JSON.parse(t) as { name: string }).name);
  }
}

const limits = { softBytes: 1000, stallMs: 5000, hardBytes: 100_000 };
const batch = (n: number): MonitorBatch => ({
  entries: Array.from({ length: n }, () => ({}) as MonitorBatch['entries'][number]),
  hidden: { clock: 2, activeSensing: 1 },
});

function setup() {
  let now = 0;
  const socket = new QueueSocket();
  const outbox = new ClientOutbox(socket, limits, () => now);
  const emit = (name: EventName, payload: unknown) =>
    outbox.event(name, payload, JSON.stringify({ kind: 'event', name, payload }));
  return { socket, outbox, emit, advance: (ms: number) => (now += ms) };
}

describe('ClientOutbox', () => {
  it('holds the latest state events and counts what it drops, then tells the client', () => {
    const { socket, outbox, emit } = setup();
    socket.bufferedAmount = 5000;
    emit('player:progress', { positionSec: 1 });
    emit('clock:state', { bpm: 120 });
    emit('player:progress', { positionSec: 2 });
    emit('midi:messages', batch(10));
    emit('midi:messages', batch(5));
    emit('control:fired', { action: 'next', value: 1 });
    expect(socket.sent).toEqual([]);

    socket.bufferedAmount = 0;
    outbox.check();
    expect(socket.names()).toEqual(['clock:state', 'player:progress', 'client:skipped']);
    expect(JSON.parse(socket.sent[1]!).payload).toEqual({ positionSec: 2 });
    expect(JSON.parse(socket.sent[2]!).payload).toEqual({
      monitorMessages: 15 + 2 * 3,
      monitorBatches: 2,
      controls: 1,
      coalesced: 1,
    });
    emit('midi:messages', batch(1));
    expect(socket.names().at(-1)).toBe('midi:messages');
  });

  it('lets go of a client that stays behind the soft limit, not one that catches up', () => {
    const { socket, outbox, emit, advance } = setup();
    socket.bufferedAmount = 5000;
    emit('player:progress', {});
    advance(4000);
    socket.bufferedAmount = 0;
    outbox.check();
    socket.bufferedAmount = 5000;
    outbox.check();
    advance(4000);
    outbox.check();
    expect(socket.terminated).toBe(false);
    advance(1001);
    outbox.check();
    expect(socket.terminated).toBe(true);
    socket.bufferedAmount = 0;
    emit('player:progress', {});
    outbox.check();
    expect(socket.sent.filter((t) => t.includes('player:progress'))).toHaveLength(1);
  });

  it('answers every request, and lets go of a client above the hard limit at once', () => {
    const { socket, outbox } = setup();
    socket.bufferedAmount = 99_000;
    outbox.result('x'.repeat(500));
    expect(socket.terminated).toBe(false);
    outbox.result('x'.repeat(1000));
    expect(socket.sent).toHaveLength(2);
    expect(socket.terminated).toBe(true);
  });

  it('sends the states it holds before an answer, so an older state never follows a newer one', () => {
    const { socket, outbox, emit } = setup();
    socket.bufferedAmount = 5000;
    emit('sequencer:state', { step: 1 });
    emit('midi:messages', batch(2));
    outbox.result(JSON.stringify({ kind: 'result', id: 7 }));
    expect(
      socket.sent.map((t) => (JSON.parse(t) as { name?: string; id?: number }).name ?? 'result'),
    ).toEqual(['sequencer:state', 'result']);
    socket.bufferedAmount = 0;
    outbox.check();
    // What was dropped is still told once the client catches up.
    expect(socket.names().at(-1)).toBe('client:skipped');
    expect(socket.names().filter((n) => n === 'sequencer:state')).toHaveLength(1);
  });

  it('sends only subscribed events, and forgets held ones it no longer wants', () => {
    const { socket, outbox, emit } = setup();
    emit('midi:state', {});
    outbox.subscribe(['player:progress', 'library:changed']);
    emit('midi:messages', batch(3));
    socket.bufferedAmount = 5000;
    emit('player:progress', {});
    emit('library:changed', {});
    outbox.subscribe(['library:changed']);
    socket.bufferedAmount = 0;
    outbox.check();
    expect(socket.names()).toEqual(['midi:state', 'library:changed', 'client:skipped']);
  });
});
