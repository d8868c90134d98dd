/**
 * A client that stops reading (a frozen tab): main's memory while 20,000 MIDI messages a second
 * go through the internal bus into the monitor of a web-shell core for BENCH_SECONDS (20), with
 * one paused WebSocket client and one that reads. Each mode runs in its own process so that
 * their RSS do not mix: the bounded outbox (the web shell as it is) against the old unbounded
 * send (`outboxLimits: false`). One JSON line.
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { createNodeCore } from '../src/main/host/node-core';
import { startWsHost } from '../src/main/host/ws-host';
import type { WsServerFrame } from '../src/shared/contract';
import { round } from './bench-data';

const RATE = Number(process.env.BENCH_RATE ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const OUT = resolve(__dirname, '..', 'out');
const MB = 1024 * 1024;

interface ModeResult {
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  stalledClientQueuedPeakMb: number;
  stalledClientDisconnectedAfterS: number | null;
  readingClient: { batches: number; messages: number; skippedFrames: number };
  messagesSent: number;
}

function openClient(url: string): Promise<WebSocket> {
  const { host } = new URL(url);
  const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token') ?? '';
  return new Promise((ready, fail) => {
    const ws = new WebSocket(`ws://${host}/ws?token=${token}`, { origin: `http://${host}` });
    ws.once('open', () => ready(ws));
    ws.once('error', fail);
  });
}

async function runMode(bounded: boolean): Promise<ModeResult> {
  const core = createNodeCore('web', {
    userDataDir: mkdtempSync(join(tmpdir(), 'sd-bench-slow-')),
    launchAudioProcess: null,
    fileWorkerPath: join(OUT, 'main', 'file-worker.js'),
    clockWorkerPath: join(OUT, 'main', 'clock-worker.js'),
    createMidiHardware: () => Promise.reject(new Error('not used by this bench')),
  });
  const host = await startWsHost({ core, ...(bounded ? {} : { outboxLimits: false }) });

  const reading = await openClient(host.url);
  const counts = { batches: 0, messages: 0, skippedFrames: 0 };
  reading.on('message', (data) => {
    const frame = JSON.parse(String(data)) as WsServerFrame;
    if (frame.kind !== 'event') return;
    if (frame.name === 'client:skipped') counts.skippedFrames += 1;
    if (frame.name !== 'midi:messages') return;
    counts.batches += 1;
    counts.messages += (frame.payload as { entries: unknown[] }).entries.length;
  });
  const stalled = await openClient(host.url);
  (stalled as unknown as { _socket: Socket })._socket.pause();

  global.gc?.();
  const rssStart = process.memoryUsage.rss();
  let rssPeak = rssStart;
  let queuedPeak = 0;
  const start = performance.now();
  let disconnectedAt: number | null = null;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    const queued = host.queuedBytes();
    if (queued.length < 2 && disconnectedAt === null) disconnectedAt = performance.now();
    queuedPeak = Math.max(queuedPeak, ...queued.map((q, i) => (i === 1 ? q : 0)));
  }, 100);

  // Control changes in 1 ms slices, each catching up to where the clock says we should be.
  const total = RATE * SECONDS;
  let sent = 0;
  await new Promise<void>((done) => {
    const pump = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
      for (; sent < due; sent++) {
        core.bus.send('Sampledeck Loopback', [0xb0 | (sent % 16), (sent >> 4) % 120, sent % 128]);
      }
      if (sent < total) setTimeout(pump, 1);
      else done();
    };
    pump();
  });
  // The reading client gets the last batches a moment later.
  const deadline = performance.now() + 3000;
  while (counts.messages < sent && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(sampler);
  const rssEnd = process.memoryUsage.rss();
  reading.terminate();
  stalled.terminate();
  await host.dispose();
  await core.dispose();
  return {
    rssStartMb: round(rssStart / MB, 1),
    rssPeakMb: round(rssPeak / MB, 1),
    rssEndMb: round(rssEnd / MB, 1),
    stalledClientQueuedPeakMb: round(queuedPeak / MB, 2),
    stalledClientDisconnectedAfterS:
      disconnectedAt === null ? null : round((disconnectedAt - start) / 1000, 1),
    readingClient: counts,
    messagesSent: sent,
  };
}

function inChild(mode: 'bounded' | 'unbounded'): Promise<ModeResult> {
  return new Promise((done, fail) => {
    const child = fork(__filename, [], {
      env: { ...process.env, SLOW_CLIENT_MODE: mode },
      execArgv: process.execArgv,
    });
    child.once('message', (result) => done(result as ModeResult));
    child.once('exit', (code) => (code ? fail(new Error(`${mode} run exited ${code}`)) : null));
  });
}

async function main() {
  const mode = process.env.SLOW_CLIENT_MODE;
  if (mode) {
    process.send?.(await runMode(mode === 'bounded'));
    process.exit(0);
  }
  const bounded = await inChild('bounded');
  const unbounded = await inChild('unbounded');
  console.log(
    JSON.stringify({
      bench: 'slow-client',
      messagesPerSecond: RATE,
      seconds: SECONDS,
      bounded,
      baseline: { what: 'the old send to every client without a bound', ...unbounded },
    }),
  );
}

void main();
