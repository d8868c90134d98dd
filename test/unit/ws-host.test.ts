import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Socket } from 'node:net';
import type { MonitorBatch, SystemInfo, WsServerFrame } from '../../src/shared/contract';
import { EventBus } from '../../src/shared/event-bus';
import { createDispatcher } from '../../src/main/dispatcher';
import { startWsHost, type WsHost } from '../../src/main/host/ws-host';
import type { OutboxLimits } from '../../src/main/host/client-outbox';
import { handlersWith } from '../fixtures/handlers';

const info = { appName: 'Sampledeck', appVersion: '0' } as SystemInfo;
const hosts: WsHost[] = [];
const bus = new EventBus();

async function start(staticDir?: string, outboxLimits?: OutboxLimits) {
  const dispatch = createDispatcher(handlersWith({ 'system:info': () => info }));
  const host = await startWsHost({
    core: { dispatch, subscribe: (l, wants) => bus.subscribe(l, wants) },
    staticDir,
    outboxLimits,
  });
  hosts.push(host);
  return host;
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function connect(
  url: string,
  origin: string | undefined,
): Promise<{ status: number; ws: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
    ws.on('error', () => resolve({ status: 0, ws }));
  });
}

function nextFrame(ws: WebSocket): Promise<WsServerFrame> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('ws-host', () => {
  it('binds 127.0.0.1 and gives a URL with the token in its fragment', async () => {
    const host = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com'])(
    'refuses to bind the non-loopback address %s and opens no socket',
    async (address) => {
      const dispatch = createDispatcher(handlersWith({ 'system:info': () => info }));
      await expect(
        startWsHost({
          core: { dispatch, subscribe: (l) => bus.subscribe(l) },
          host: address,
          port: 0,
        }),
      ).rejects.toThrow(/only binds to loopback/);
    },
  );

  it('refuses a connection without the token or with a wrong one', async () => {
    const host = await start();
    const origin = `http://127.0.0.1:${host.port}`;
    const base = `ws://127.0.0.1:${host.port}/ws`;
    expect((await connect(base, origin)).status).toBe(401);
    expect((await connect(`${base}?token=${'0'.repeat(48)}`, origin)).status).toBe(401);
    expect((await connect(`${base}?token=short`, origin)).status).toBe(401);
  });

  it('tells a page over plain HTTP whether the host knows its token (426) or not (401)', async () => {
    const host = await start();
    const probe = (token: string) =>
      fetch(`http://127.0.0.1:${host.port}/ws?token=${token}`).then((r) => r.status);
    expect(await probe(host.token)).toBe(426);
    expect(await probe('0'.repeat(48))).toBe(401);
    expect(await probe('')).toBe(401);
  });

  it('refuses a connection from another Origin, or with none', async () => {
    const host = await start();
    const url = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`;
    expect((await connect(url, 'http://evil.example')).status).toBe(403);
    expect((await connect(url, `http://127.0.0.1:${host.port + 1}`)).status).toBe(403);
    expect((await connect(url, undefined)).status).toBe(403);
  });

  it('answers requests, reports bad frames, and keeps the connection', async () => {
    const host = await start();
    const { status, ws } = await connect(
      `ws://127.0.0.1:${host.port}/ws?token=${host.token}`,
      `http://localhost:${host.port}`,
    );
    expect(status).toBe(101);

    ws.send('{not json');
    expect(await nextFrame(ws)).toMatchObject({
      kind: 'result',
      id: null,
      ok: false,
      error: { code: 'BAD_MESSAGE' },
    });
    ws.send(JSON.stringify({ id: 'x', channel: 1 }));
    expect(await nextFrame(ws)).toMatchObject({ error: { code: 'BAD_MESSAGE' } });
    ws.send(JSON.stringify({ id: 5, channel: 'system:info' }));
    expect(await nextFrame(ws)).toMatchObject({
      id: 5,
      ok: false,
      error: { code: 'BAD_MESSAGE', message: expect.stringContaining('args') },
    });
    ws.send(JSON.stringify({ id: 6, channel: 'x'.repeat(300_000), args: {} }));
    const long = await nextFrame(ws);
    expect(long).toMatchObject({ id: 6, ok: false, error: { code: 'BAD_MESSAGE' } });
    expect(JSON.stringify(long).length).toBeLessThan(1200);
    ws.send(JSON.stringify({ id: 7, channel: 'nope:nope', args: {} }));
    expect(await nextFrame(ws)).toMatchObject({
      id: 7,
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    ws.send(JSON.stringify({ id: 8, channel: 'system:info', args: { x: 1 } }));
    expect(await nextFrame(ws)).toMatchObject({
      id: 8,
      ok: false,
      error: { code: 'INVALID_ARGS' },
    });
    ws.send(JSON.stringify({ id: 9, channel: 'system:info', args: {} }));
    expect(await nextFrame(ws)).toEqual({ kind: 'result', id: 9, ok: true, result: info });

    const event = nextFrame(ws);
    bus.emit('system:status', info);
    expect(await event).toEqual({ kind: 'event', name: 'system:status', payload: info });
    ws.close();
  });

  it('answers an upgrade for an unreadable URL with 400 and keeps serving', async () => {
    const host = await start();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(host.port, '127.0.0.1', () =>
        socket.write(
          'GET // HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
        ),
      );
      let text = '';
      socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const { status } = await connect(
      `ws://127.0.0.1:${host.port}/ws?token=${host.token}`,
      `http://127.0.0.1:${host.port}`,
    );
    expect(status).toBe(101);
  });

  it('serves the renderer with a CSP and nothing outside its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-static-'));
    writeFileSync(join(dir, 'index.html'), '<p>hi</p>');
    writeFileSync(join(tmpdir(), 'sd-secret.txt'), 'secret');
    const host = await start(dir);
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toBe('<p>hi</p>');
    for (const path of ['/../sd-secret.txt', '/%2e%2e/sd-secret.txt', '/..%2fsd-secret.txt']) {
      const res = await fetch(`http://127.0.0.1:${host.port}${path}`);
      expect(res.status, path).not.toBe(200);
    }
  });

  it('fails cleanly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dispatch = createDispatcher(handlersWith({ 'system:info': () => info }));
    await expect(
      startWsHost({ core: { dispatch, subscribe: (l) => bus.subscribe(l) }, port }),
    ).rejects.toThrow(/EADDRINUSE/);
    blocker.close();
  });
});

/** A monitor batch of about 100 KB, as the core sends at 20k messages a second and more. */
function bigBatch(first: number): MonitorBatch {
  const entries = Array.from({ length: 800 }, (_, i) => ({
    seq: first + i,
    t: first + i,
    wall: 1_700_000_000_000 + i,
    port: 'Sampledeck Loopback',
    channel: 1,
    type: 'control-change' as const,
    summary: `CC ${i % 120} = ${i % 128}`,
    hex: 'B0 01 02',
    length: 3,
  }));
  return { entries, hidden: { clock: 1, activeSensing: 0 } };
}

async function openClient(host: WsHost) {
  const { status, ws } = await connect(
    `ws://127.0.0.1:${host.port}/ws?token=${host.token}`,
    `http://127.0.0.1:${host.port}`,
  );
  expect(status).toBe(101);
  const events: { name: string; payload: unknown }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as WsServerFrame;
    if (frame.kind === 'event') events.push({ name: frame.name, payload: frame.payload });
  });
  const socket = (ws as unknown as { _socket: Socket })._socket;
  return { ws, events, socket };
}

/**
 * Emits big monitor batches and a progress event each, yielding to I/O in between, `count`
 * times or until `enough` says so; returns how many.
 */
async function flood(count: number, onEach: () => void = () => {}, enough = () => false) {
  let i = 0;
  for (; i < count && !enough(); i++) {
    bus.emit('midi:messages', bigBatch(i * 800));
    bus.emit('player:progress', { playId: 1, positionSec: i });
    onEach();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return i;
}

describe('ws-host with a client that stops reading', () => {
  const limits: OutboxLimits = { softBytes: 1 << 20, stallMs: 60_000, hardBytes: 64 << 20 };

  it('keeps what it queues for it bounded while another client gets every event', async () => {
    const host = await start(undefined, limits);
    const normal = await openClient(host);
    const stalled = await openClient(host);
    stalled.socket.pause();

    let most = 0;
    // 400 batches of ~100 KB: 40 MB, far more than the kernel's socket buffers hold.
    await flood(400, () => (most = Math.max(most, ...host.queuedBytes())));
    await vi.waitFor(() => expect(normal.events).toHaveLength(800), { timeout: 20_000 });
    expect(normal.events.filter((e) => e.name === 'client:skipped')).toEqual([]);
    // The soft limit plus the one frame that crossed it (plus what was held back).
    expect(most).toBeLessThan(limits.softBytes + 250_000);

    // Once it reads again it gets the latest progress and what it missed.
    stalled.socket.resume();
    await vi.waitFor(() => expect(stalled.events.map((e) => e.name)).toContain('client:skipped'), {
      timeout: 20_000,
    });
    const skipped = stalled.events.find((e) => e.name === 'client:skipped')!.payload as {
      monitorBatches: number;
      monitorMessages: number;
    };
    const batches = stalled.events.filter((e) => e.name === 'midi:messages').length;
    expect(skipped.monitorBatches).toBeGreaterThan(0);
    expect(batches + skipped.monitorBatches).toBe(400);
    expect(skipped.monitorMessages).toBe(skipped.monitorBatches * 801);
    const progress = stalled.events.filter((e) => e.name === 'player:progress');
    expect(progress.at(-1)?.payload).toEqual({ playId: 1, positionSec: 399 });
    normal.ws.close();
    stalled.ws.close();
  });

  it('disconnects a client that stays stalled, and keeps serving the others', async () => {
    const host = await start(undefined, { ...limits, stallMs: 500 });
    const normal = await openClient(host);
    const stalled = await openClient(host);
    stalled.socket.pause();
    const closed = new Promise((resolve) => stalled.ws.once('close', resolve));

    // Until main holds more than the soft limit for it: the kernel's socket buffers come first.
    const sent = await flood(
      5000,
      () => {},
      () => (host.queuedBytes()[1] ?? 0) > limits.softBytes,
    );
    expect(sent).toBeLessThan(5000);
    await vi.waitFor(() => expect(host.queuedBytes()).toHaveLength(1), { timeout: 20_000 });
    stalled.socket.resume();
    await closed;
    bus.emit('system:status', info);
    await vi.waitFor(() => expect(normal.events).toHaveLength(2 * sent + 1), { timeout: 10_000 });
    normal.ws.close();
  });
});

describe('ws-host subscriptions', () => {
  it('sends each client only the events it subscribed to, every event before it says', async () => {
    const host = await start();
    const monitor = await openClient(host);
    const samples = await openClient(host);
    const all = await openClient(host);
    monitor.ws.send(JSON.stringify({ kind: 'subscribe', events: ['midi:messages'] }));
    samples.ws.send(JSON.stringify({ kind: 'subscribe', events: ['player:progress'] }));
    // A request answered after the subscription shows the server has read it.
    for (const client of [monitor, samples]) {
      client.ws.send(JSON.stringify({ id: 1, channel: 'system:info', args: {} }));
      await nextFrame(client.ws);
    }
    bus.emit('midi:messages', bigBatch(0));
    bus.emit('player:progress', { playId: 1, positionSec: 1 });
    bus.emit('system:status', info);
    // Last, one more event each wants: frames arrive in order, so once it is there anything
    // unwanted sent before it would be there too.
    bus.emit('midi:messages', bigBatch(1));
    bus.emit('player:progress', { playId: 1, positionSec: 2 });
    await vi.waitFor(() => expect(all.events).toHaveLength(5));
    await vi.waitFor(() => expect(monitor.events).toHaveLength(2));
    await vi.waitFor(() => expect(samples.events).toHaveLength(2));
    expect(monitor.events.map((e) => e.name)).toEqual(['midi:messages', 'midi:messages']);
    expect(samples.events.map((e) => e.name)).toEqual(['player:progress', 'player:progress']);

    samples.ws.send(JSON.stringify({ kind: 'subscribe', events: ['x'.repeat(65)] }));
    expect(await nextFrame(samples.ws)).toMatchObject({
      id: null,
      error: { code: 'BAD_MESSAGE', message: expect.stringContaining('subscribe') },
    });
    for (const client of [monitor, samples, all]) client.ws.close();
  });
});

describe('ws-host and the sources of events', () => {
  it('tells the core whether an open client wants an event, so nothing is built for none', async () => {
    const host = await start();
    expect(bus.hasListener('midi:messages')).toBe(false);
    const client = await openClient(host);
    // Before it says which, a client wants every event.
    await vi.waitFor(() => expect(bus.hasListener('midi:messages')).toBe(true));
    client.ws.send(JSON.stringify({ kind: 'subscribe', events: ['player:progress'] }));
    client.ws.send(JSON.stringify({ id: 1, channel: 'system:info', args: {} }));
    await nextFrame(client.ws);
    expect(bus.hasListener('midi:messages')).toBe(false);
    expect(bus.hasListener('player:progress')).toBe(true);
    client.ws.close();
    await vi.waitFor(() => expect(bus.hasListener('player:progress')).toBe(false));
  });
});
