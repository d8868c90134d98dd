import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SystemInfo, WsServerFrame } from '../../src/shared/contract';
import { EventBus } from '../../src/shared/event-bus';
import { createDispatcher } from '../../src/main/dispatcher';
import { startWsHost, type WsHost } from '../../src/main/host/ws-host';
import { handlersWith } from '../fixtures/handlers';

const info = { appName: 'Sampledeck', appVersion: '0' } as SystemInfo;
const hosts: WsHost[] = [];
const bus = new EventBus();

async function start(staticDir?: string) {
  const dispatch = createDispatcher(handlersWith({ 'system:info': () => info }));
  const host = await startWsHost({
    core: { dispatch, subscribe: (l) => bus.subscribe(l) },
    staticDir,
  });
  hosts.push(host);
  return host;
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
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
        startWsHost({ core: { dispatch, subscribe: () => () => {} }, host: address, port: 0 }),
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
      startWsHost({ core: { dispatch, subscribe: () => () => {} }, port }),
    ).rejects.toThrow(/EADDRINUSE/);
    blocker.close();
  });
});
