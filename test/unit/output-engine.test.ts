import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { AudioProcessMessage } from '../../src/main/audio/audio-protocol';
import type { Device, DeviceFormat } from '../../src/main/audio/device-slot';
import { OutputEngine } from '../../src/main/audio/output-engine';
import { buildWav } from '../fixtures/audio-files';

/**
 * A device whose writes take a few milliseconds on another "thread", like speaker's on a real
 * card, and that records a close arriving while a write is still in flight: with speaker that
 * aborts the whole audio process inside ALSA.
 */
class SlowDevice extends Writable implements Device {
  writing = 0;
  violations = 0;
  bytes = 0;
  shut = false;

  constructor(readonly format: DeviceFormat) {
    super({ highWaterMark: 1 << 16 });
  }

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.writing += 1;
    setTimeout(() => {
      this.writing -= 1;
      this.bytes += chunk.length;
      done();
    }, 3);
  }

  close(): void {
    if (this.writing > 0) this.violations += 1;
    this.shut = true;
  }
}

describe('OutputEngine with a device that writes slowly', () => {
  it('never closes a device while a write is in flight, however fast files switch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-engine-'));
    const a = join(dir, 'a.wav');
    const b = join(dir, 'b.wav');
    writeFileSync(a, buildWav({ channels: 2, sampleRate: 44100, frames: 44100 }).bytes);
    writeFileSync(b, buildWav({ channels: 1, sampleRate: 48000, frames: 2400 }).bytes);
    const devices: SlowDevice[] = [];
    const messages: AudioProcessMessage[] = [];
    const engine = new OutputEngine(
      (format) => {
        const device = new SlowDevice(format);
        devices.push(device);
        return device;
      },
      (m) => messages.push(m),
      { idleCloseMs: 20 },
    );
    for (let i = 1; i <= 30; i++) {
      engine.handle({
        type: 'play',
        playId: i,
        path: i % 2 ? a : b,
        startFrame: 0,
        loop: false,
        gain: 1,
      });
      await new Promise((r) => setTimeout(r, 2 + (i % 4) * 3));
    }
    await expect
      .poll(() => messages.some((m) => m.type === 'ended' && m.playId === 30), { timeout: 5000 })
      .toBe(true);
    // The idle close of the last device, which must wait for its writes too.
    await vi.waitFor(() => expect(devices.at(-1)!.shut).toBe(true), { timeout: 10_000 });
    engine.dispose();
    expect(devices.length).toBeGreaterThan(10);
    expect(devices.reduce((n, d) => n + d.violations, 0)).toBe(0);
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    // The last file was played whole: 2400 mono frames of 16 bits.
    expect(devices.at(-1)!.bytes).toBe(4800);
  });
});

describe('OutputEngine with an injected clock', () => {
  it('starts a file at an epoch time of that clock, after that much silence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-engine-clock-'));
    const file = join(dir, 'one.wav');
    writeFileSync(file, buildWav({ channels: 1, sampleRate: 48000, frames: 2400 }).bytes);
    const written: Buffer[] = [];
    class Recorder extends Writable implements Device {
      constructor() {
        super({ highWaterMark: 1 << 20 });
      }
      override _write(chunk: Buffer, _encoding: string, done: () => void): void {
        written.push(chunk);
        done();
      }
      close(): void {}
    }
    // Time stands still here: what is written depends on this clock alone, not on the machine's.
    const clock = { now: () => 1_000, origin: 1_000_000 };
    const engine = new OutputEngine(
      () => new Recorder(),
      () => undefined,
      { leadMs: 10_000 },
      clock,
    );
    engine.handle({
      type: 'play',
      playId: 1,
      path: file,
      startFrame: 0,
      loop: false,
      gain: 1,
      startAt: clock.origin + clock.now() + 200, // 200 ms from now: 9,600 frames of silence
    });
    const bytes = () => Buffer.concat(written);
    await vi.waitFor(() => expect(bytes().length).toBe((9600 + 2400) * 2), { timeout: 10_000 });
    engine.dispose();
    expect(
      bytes()
        .subarray(0, 9600 * 2)
        .every((b) => b === 0),
    ).toBe(true);
    expect(
      bytes()
        .subarray(9600 * 2)
        .some((b) => b !== 0),
    ).toBe(true);
  });
});

describe('OutputEngine when the chosen device goes away mid-play', () => {
  it('plays the rest through the system default and says why, without an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-engine-gone-'));
    const file = join(dir, 'one.wav');
    const built = buildWav({ channels: 1, sampleRate: 48000, frames: 9600 });
    writeFileSync(file, built.bytes);
    const bytesBy = new Map<string | null, number>();
    /** "usb" takes three 20 ms chunks (5760 bytes), then fails its writes as speaker does once a card is unplugged. */
    class Output extends Writable implements Device {
      constructor(readonly name: string | null) {
        super({ highWaterMark: 1 << 16 });
      }
      override _write(chunk: Buffer, _encoding: string, done: (error?: Error) => void): void {
        const sofar = bytesBy.get(this.name) ?? 0;
        if (this.name === 'usb' && sofar >= 5760) return done(new Error('write() failed: 0'));
        bytesBy.set(this.name, sofar + chunk.length);
        done();
      }
      close(): void {}
    }
    const messages: AudioProcessMessage[] = [];
    const engine = new OutputEngine(
      (_format, name) => new Output(name),
      (m) => messages.push(m),
    );
    engine.handle({ type: 'set-device', device: 'usb' });
    engine.handle({ type: 'play', playId: 1, path: file, startFrame: 0, loop: false, gain: 1 });
    await vi.waitFor(() => expect(messages.some((m) => m.type === 'ended')).toBe(true), {
      timeout: 10_000,
    });
    engine.dispose();
    expect(messages.filter((m) => m.type === 'device')).toEqual([
      { type: 'device', requested: 'usb', opened: 'usb' },
      { type: 'device', requested: 'usb', opened: null, reason: 'write() failed: 0' },
    ]);
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    expect(bytesBy.get('usb')).toBe(5760);
    // The rest went on through the default (the chunk the failed write held is lost).
    expect(bytesBy.get(null)).toBeGreaterThan(0);
    expect(bytesBy.get('usb')! + bytesBy.get(null)!).toBeGreaterThanOrEqual(
      built.dataBytes - 2 * 960,
    );
  });
});
