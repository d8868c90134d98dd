import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  subscribeFrame,
  wsClientFrame,
  type LibraryFile,
  type WsServerFrame,
} from '../../shared/contract';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import type { Core } from '../core';
import { describeIssues } from '../dispatcher';
import { ClientOutbox, DEFAULT_OUTBOX_LIMITS, type OutboxLimits } from './client-outbox';
import { fileRouteId, serveLibraryFile } from './serve-library-file';

export interface WsHostOptions {
  core: Pick<Core, 'dispatch' | 'subscribe'>;
  /** Only loopback addresses are accepted; anything else throws before a socket is opened. */
  host?: string;
  port?: number;
  token?: string;
  /** The built renderer, served over plain HTTP on the same port. */
  staticDir?: string;
  /** What main may queue per client; `false` queues without bound (benchmarks' baseline only). */
  outboxLimits?: OutboxLimits | false;
  /** A library file by id: served at `/files/<id>?token=` (the drag out); none without it. */
  libraryFile?: (id: number) => LibraryFile | undefined;
}

/** Disposing it closes every client's socket and the server. */
export interface WsHost extends Disposable {
  url: string;
  port: number;
  token: string;
  /** Bytes main holds for each open client (what it could not write to the socket yet). */
  queuedBytes(): number[];
  dispose(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_FRAME_BYTES = 1 << 20;
const OUTBOX_CHECK_MS = 100;

/** The same CSP as index.html, sent as a header too so the web shell cannot be loosened. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:* ws://[::1]:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** A bad frame is still answered under its id when it has one, so its caller stops waiting. */
function readableId(frame: unknown): number | null {
  if (typeof frame !== 'object' || frame === null || !('id' in frame)) return null;
  const { id } = frame;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

function isSubscription(frame: unknown): boolean {
  return (
    typeof frame === 'object' && frame !== null && 'kind' in frame && frame.kind === 'subscribe'
  );
}

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The request's URL, or null when it cannot be read (`//`, `http://[`, a bad escape ...). */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://x');
  } catch {
    return null;
  }
}

function decodedPath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

async function serveStatic(
  staticDir: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (!staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(staticDir ? 405 : 404).end();
    return;
  }
  const url = requestUrl(req);
  const pathname = url && decodedPath(url);
  if (pathname === null) {
    res.writeHead(400).end();
    return;
  }
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(staticDir, relative);
  if (!file.startsWith(staticDir + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404).end();
  }
}

/**
 * The web shell's host: the core's dispatcher and events over a WebSocket on loopback only,
 * behind a random token (in the URL's fragment, so it never reaches a log) and an Origin check
 * (so no other page the browser has open can talk to it).
 */
export async function startWsHost(options: WsHostOptions): Promise<WsHost> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new Error(`refusing to listen on ${host}: the web shell only binds to loopback`);
  }
  const token = options.token ?? randomBytes(24).toString('hex');
  const server = createServer((req, res) => {
    const url = requestUrl(req);
    // A page whose socket will not open asks here why: 401 means its token is not this shell's.
    if (url?.pathname === '/ws') {
      const known = sameSecret(url.searchParams.get('token'), token);
      res.writeHead(known ? 426 : 401, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    const fileId = url === null ? null : fileRouteId(url.pathname);
    if (url !== null && fileId !== null) {
      // The token as the socket checks it: a drag's URL works in this browser session only.
      if (!sameSecret(url.searchParams.get('token'), token)) {
        res.writeHead(401, { 'Cache-Control': 'no-store' }).end();
        return;
      }
      serveLibraryFile(options.libraryFile?.(fileId), req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    serveStatic(options.staticDir, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const disposables = new DisposableStore();
  disposables.defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const port = address.port;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const allowedOrigins = new Set([`http://${urlHost}:${port}`, `http://localhost:${port}`]);

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req);
    if (url === null) return refuse(socket, 400, 'Bad Request');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    if (!sameSecret(url.searchParams.get('token'), token)) {
      return refuse(socket, 401, 'Unauthorized');
    }
    if (!allowedOrigins.has(req.headers.origin ?? '')) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off an upgraded socket: a reset would throw.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (error) {
      console.error('web shell: refused a bad upgrade request:', error);
      socket.destroy();
    }
  });

  const limits = options.outboxLimits ?? DEFAULT_OUTBOX_LIMITS;
  const unbounded: OutboxLimits = { softBytes: Infinity, hardBytes: Infinity, stallMs: Infinity };
  const outboxes = new Map<WebSocket, ClientOutbox>();
  disposables.defer(() => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  });

  wss.on('connection', (ws) => {
    const outbox = new ClientOutbox(ws, limits === false ? unbounded : limits);
    outboxes.set(ws, outbox);
    const answer = (frame: WsServerFrame) => {
      if (ws.readyState === ws.OPEN) outbox.result(JSON.stringify(frame));
    };
    ws.on('close', () => outboxes.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      let frame: unknown;
      try {
        frame = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        frame = undefined;
      }
      if (isSubscription(frame)) {
        const subscription = subscribeFrame.safeParse(frame);
        if (subscription.success) outbox.subscribe(subscription.data.events);
        else {
          const detail = describeIssues(subscription.error.issues);
          answer({
            kind: 'result',
            id: null,
            ok: false,
            error: { code: 'BAD_MESSAGE', message: `a subscribe frame is invalid: ${detail}` },
          });
        }
        return;
      }
      const parsed = wsClientFrame.safeParse(frame);
      if (!parsed.success) {
        const detail = frame === undefined ? 'not JSON' : describeIssues(parsed.error.issues);
        answer({
          kind: 'result',
          id: readableId(frame),
          ok: false,
          error: {
            code: 'BAD_MESSAGE',
            message: `a frame must be JSON {id, channel, args}: ${detail}`,
          },
        });
        return;
      }
      const { id, channel, args } = parsed.data;
      void options.core.dispatch(channel, args).then((result) => {
        answer({ kind: 'result', id, ...result });
      });
    });
  });

  // Sources (the monitor) build nothing for an event no open client wants.
  const wantedByAnyClient = (name: string) => {
    for (const [ws, outbox] of outboxes) {
      if (ws.readyState === ws.OPEN && outbox.wants(name)) return true;
    }
    return false;
  };
  const subscription = options.core.subscribe((name, payload) => {
    // Serialised once for every client that wants it, and not at all when none does (the
    // monitor's batches at 20k messages/s with the monitor closed).
    let text: string | null = null;
    for (const [ws, outbox] of outboxes) {
      if (ws.readyState !== ws.OPEN || !outbox.wants(name)) continue;
      text ??= JSON.stringify({ kind: 'event', name, payload } satisfies WsServerFrame);
      outbox.event(name, payload, text);
    }
  }, wantedByAnyClient);
  disposables.add(subscription);
  // Held events go out when a client catches up even if no new event comes to push them.
  const checker = setInterval(() => {
    for (const outbox of outboxes.values()) outbox.check();
  }, OUTBOX_CHECK_MS);
  checker.unref();
  disposables.defer(() => clearInterval(checker));

  return {
    url: `http://${urlHost}:${port}/#token=${token}`,
    port,
    token,
    queuedBytes: () => [...outboxes.keys()].map((ws) => ws.bufferedAmount),
    dispose: () => disposables.dispose(),
  };
}
