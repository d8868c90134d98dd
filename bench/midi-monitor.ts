/**
 * MIDI monitor throughput: 20,000 messages a second for 10 s pushed through the internal bus
 * into the monitor of a running web shell (this process is its main), with the window open in
 * Debian's Chromium. Reports messages lost or out of order in the ring buffer, main's
 * event-loop delay, the page's frame rate, and the latency from a message entering the backend
 * to its batch leaving main. One JSON line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { createNodeCore } from '../src/main/host/node-core';
import { startWsHost } from '../src/main/host/ws-host';
import { median, round } from './bench-data';

const RATE = Number(process.env.BENCH_RATE ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const OUT = resolve(__dirname, '..', 'out');

/** Message i as a control change whose controller and value spell i, to check order. */
const message = (i: number) => [0xb0 | (i % 16), (i >> 4) % 120, (i >> 11) % 128];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function main() {
  const core = createNodeCore('web', {
    userDataDir: mkdtempSync(join(tmpdir(), 'sd-bench-midi-')),
    launchAudioProcess: null,
    fileWorkerPath: join(OUT, 'main', 'file-worker.js'),
    clockWorkerPath: join(OUT, 'main', 'clock-worker.js'),
    createMidiHardware: () => Promise.reject(new Error('not used by this bench')),
  });
  const host = await startWsHost({ core, staticDir: join(OUT, 'renderer') });
  const total = RATE * SECONDS;
  // After the saved settings are restored (they set the capacity too), never before.
  await core.ready;
  core.midi.monitor.configure({ capacity: total + 1000 });

  const sentAt = new Float64Array(total);
  const latencies: number[] = [];
  core.subscribe((name, payload) => {
    if (name !== 'midi:messages') return;
    const now = performance.now();
    for (const entry of (payload as { entries: { hex: string; seq: number }[] }).entries) {
      latencies.push(now - (sentAt[entry.seq] ?? now));
    }
  });

  const browser = await chromium.launch({
    executablePath: process.env.SAMPLEDECK_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
  await page.getByRole('tab', { name: 'MIDI monitor' }).click();
  // A string, not a function: tsx would wrap a function with helpers the page does not have.
  await page.evaluate(
    'window.frames_ = []; (function tick(t) { window.frames_.push(t); requestAnimationFrame(tick); })(0)',
  );

  // Push in 1 ms slices, each catching up to where the clock says we should be.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const pump = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
      for (; sent < due; sent++) {
        sentAt[sent] = performance.now();
        core.bus.send('Sampledeck Loopback', message(sent));
      }
      if (sent < total) setTimeout(pump, 1);
      else done();
    };
    pump();
  });
  const pushSeconds = (performance.now() - start) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  delay.disable();
  const frames = (await page.evaluate('window.frames_')) as number[];
  await browser.close();

  const ring = core.midi.monitor.newest(total + 1000);
  let lost = total - ring.length;
  let reordered = 0;
  // The ring holds the newest messages: its first is message `lost`.
  ring.forEach((entry, i) => {
    const expected = message(Math.max(0, lost) + i)
      .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
      .join(' ');
    if (entry.hex !== expected) reordered += 1;
  });
  if (lost < 0) lost = 0;
  // Frames during the push only, as frames per second over each second.
  const during = frames.filter((t) => t - frames[0]! > 500);
  const perSecond: number[] = [];
  for (let s = 0; s < SECONDS - 1; s++) {
    const from = (during[0] ?? 0) + s * 1000;
    perSecond.push(during.filter((t) => t >= from && t < from + 1000).length);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'midi-monitor',
      messagesPerSecond: Math.round(total / pushSeconds),
      messages: total,
      ring: { kept: ring.length, lost, reordered },
      mainEventLoop: {
        p99Ms: round(delay.percentile(99) / 1e6, 2),
        maxMs: round(delay.max / 1e6, 2),
      },
      page: { fpsMedian: median(perSecond), fpsMin: Math.min(...perSecond) },
      backendToBatchLatencyMs: {
        p50: round(percentile(latencies, 50), 2),
        p99: round(percentile(latencies, 99), 2),
      },
      baseline: { what: 'the MIDI 1.0 DIN wire at full speed', messagesPerSecond: 1000 },
    }),
  );
  await host.dispose();
  await core.dispose();
  process.exit(0);
}

void main();
