/**
 * Ogg Vorbis and Opus through the real audio process into the ALSA file device, against the
 * reference decoders (oggdec, opusdec): exact length, samples within a few LSB (both are lossy
 * float decoders: libvorbis/libopus in WASM against the native builds differ in rounding), and
 * a start position inside the file that lands on the reference's frame.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audioHarness, sleep } from '../fixtures/audio-harness';
import { Encoder, oggPages, run, type Source } from '../fixtures/encoded-files';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import { findPageBefore, OggPageReader } from '../../src/main/audio/ogg-pages';
import { opusPacketFrames } from '../../src/main/audio/ogg-stream';
import { DecodedStream } from '../../src/main/audio/decoded-stream';
import { preloadStreamDecoders, type StreamCodec } from '../../src/main/audio/stream-decoders';

/**
 * Largest difference from the reference decode, in 16-bit LSB, measured over sweeps and noise
 * at 44.1 and 48 kHz, mono and stereo: Vorbis 1, Opus 3 (one more allowed). A shift by even one
 * frame of these signals is hundreds of LSB.
 */
const TOLERANCE = { vorbis: 2, opus: 4 } as const;
const SWEEP = ['sine', '200-6000', 'vol', '0.5'];
const NOISE = ['whitenoise', 'vol', '0.3'];

const encoder = new Encoder();
afterAll(() => encoder.dispose());

const play = (playId: number, path: string, startFrame = 0, loop = false) =>
  ({ type: 'play', playId, path, startFrame, loop, gain: 1 }) as const;

function encode(codec: 'vorbis' | 'opus', source: Source): string {
  return codec === 'vorbis' ? encoder.vorbis(source).path : encoder.opus(source).path;
}

/** The reference decoder's 16-bit output (opusdec undithered, at Opus's 48 kHz). */
function reference(codec: 'vorbis' | 'opus', path: string): Int16Array {
  const wav = join(encoder.dir, 'reference.wav');
  if (codec === 'opus') run('opusdec', ['--quiet', '--no-dither', '--rate', '48000', path, wav]);
  else run('oggdec', ['-Q', '-o', wav, path]);
  const { result } = readAudioHeaderSync(wav);
  if (result.kind !== 'ok') throw new Error(`no readable WAV from the reference decoder`);
  const { dataOffset, dataBytes } = result.header;
  return int16(readFileSync(wav).subarray(dataOffset, dataOffset + dataBytes));
}

function int16(bytes: Buffer): Int16Array {
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

function worstDifference(got: Int16Array, want: Int16Array): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  return worst;
}

describe('Ogg Vorbis and Opus playback', () => {
  it.each([
    ['vorbis', 44100, 2, SWEEP],
    ['vorbis', 48000, 1, NOISE],
    ['opus', 48000, 2, NOISE],
    ['opus', 48000, 1, SWEEP],
  ] as const)(
    'streams %s (%i Hz, %i ch) to the reference decoder’s exact length and samples',
    async (codec, rate, channels, synth) => {
      const audio = await audioHarness();
      // Not a whole number of pages or packets: the last granule trims the end.
      const path = encode(codec, { rate, channels, frames: 60_001, synth: [...synth] });
      const want = reference(codec, path);
      expect(want.length).toBe(60_001 * channels);
      audio.send(play(1, path));
      const started = await audio.next('started', 1);
      expect(started.message).toMatchObject({ frames: 60_001, sampleRate: rate, channels });
      await audio.next('ended', 1);
      const got = int16(await audio.captured());
      expect(worstDifference(got, want)).toBeLessThanOrEqual(TOLERANCE[codec]);
      audio.dispose();
    },
  );

  it('plays a 44.1 kHz Opus at 48 kHz, less its pre-skip, to opusdec’s length', async () => {
    const audio = await audioHarness();
    const path = encode('opus', { rate: 44100, channels: 2, frames: 44_100, synth: SWEEP });
    const want = reference('opus', path);
    audio.send(play(1, path));
    const started = await audio.next('started', 1);
    expect(started.message).toMatchObject({ frames: want.length / 2, sampleRate: 48000 });
    await audio.next('ended', 1);
    expect(worstDifference(int16(await audio.captured()), want)).toBeLessThanOrEqual(4);
    audio.dispose();
  });

  it('starts at a frame inside a long file on the reference’s frame', async () => {
    const audio = await audioHarness();
    // 30 s: the start page is found by bisection, not by reading on. Played from 0.25 s before
    // the end (the process plays in real time).
    const frames = 48_000 * 30;
    const start = frames - 12_000;
    const wants: Int16Array[] = [];
    for (const [index, codec] of (['vorbis', 'opus'] as const).entries()) {
      const path = encode(codec, { rate: 48000, channels: 2, frames, synth: SWEEP });
      wants.push(reference(codec, path).subarray(start * 2));
      audio.send(play(index + 1, path, start));
      await audio.next('ended', index + 1);
    }
    const got = int16(await audio.captured());
    expect(got.length).toBe(12_000 * 2 * 2);
    expect(worstDifference(got.subarray(0, 24_000), wants[0]!)).toBeLessThanOrEqual(2);
    expect(worstDifference(got.subarray(24_000), wants[1]!)).toBeLessThanOrEqual(4);
    audio.dispose();
  });

  it('resets the decoders between files: Opus stereo, mono, stereo, then Vorbis, back to back', async () => {
    const audio = await audioHarness();
    const stereo = encode('opus', { rate: 48000, channels: 2, frames: 9_601, synth: SWEEP });
    const mono = encode('opus', { rate: 48000, channels: 1, frames: 7_001, synth: NOISE });
    const vorbis = encode('vorbis', { rate: 48000, channels: 2, frames: 8_001, synth: NOISE });
    const order = [
      ['opus', stereo],
      ['opus', mono],
      ['opus', stereo],
      ['vorbis', vorbis],
    ] as const;
    for (const [index, [, path]] of order.entries()) {
      audio.send(play(index + 1, path));
      await audio.next('ended', index + 1);
    }
    const got = int16(await audio.captured());
    let at = 0;
    for (const [codec, path] of order) {
      const want = reference(codec, path);
      const worst = worstDifference(got.subarray(at, at + want.length), want);
      expect(worst, `${codec} ${path}`).toBeLessThanOrEqual(TOLERANCE[codec]);
      at += want.length;
    }
    expect(at).toBe(got.length);
    audio.dispose();
  });

  it('loops an Opus seamlessly: each pass is the whole file again', async () => {
    const audio = await audioHarness();
    const path = encode('opus', { rate: 48000, channels: 1, frames: 4_801, synth: NOISE });
    const want = reference('opus', path);
    audio.send(play(1, path, 0, true));
    await audio.next('started', 1);
    // Two wraps of the position: more than two passes have gone to the device.
    await audio.wrapped(1, 2);
    audio.send({ type: 'stop' });
    const got = int16(await audio.captured());
    expect(got.length).toBeGreaterThan(want.length * 2);
    for (const pass of [0, 1]) {
      const part = got.subarray(pass * want.length, (pass + 1) * want.length);
      expect(worstDifference(part, want), `pass ${pass}`).toBeLessThanOrEqual(TOLERANCE.opus);
    }
    audio.dispose();
  });

  it('survives rapid switching between Ogg files and plays the last one whole', async () => {
    const audio = await audioHarness();
    const long = encode('vorbis', { rate: 44100, channels: 2, frames: 44_100 * 5, synth: NOISE });
    const other = encode('opus', { rate: 48000, channels: 2, frames: 48_000 * 5, synth: SWEEP });
    const last = encode('opus', { rate: 48000, channels: 1, frames: 4_800, synth: NOISE });
    for (let i = 1; i < 30; i++) {
      audio.send(play(i, i % 2 ? long : other, i % 3 ? 0 : 100_000));
      // The input's rhythm (a key held down), not a wait for the process: nothing is asserted on it.
      await sleep(i % 4 === 0 ? 0 : 7);
    }
    audio.send(play(30, last));
    await audio.next('ended', 30);
    expect(audio.engine.unavailableReason()).toBeNull();
    expect(audio.messages.filter((m) => m.message.type === 'error')).toEqual([]);
    const got = int16(await audio.captured());
    const want = reference('opus', last);
    const tail = got.subarray(got.length - want.length);
    expect(worstDifference(tail, want)).toBeLessThanOrEqual(TOLERANCE.opus);
    audio.dispose();
  });

  it.each(['vorbis', 'opus'] as const)(
    'skips a damaged %s page mid-file: the rest plays, silence for what it held, the exact length',
    async (codec) => {
      const audio = await audioHarness();
      const frames = 48_000 * 4;
      const path = encode(codec, { rate: 48000, channels: 2, frames, synth: NOISE });
      const want = reference(codec, path);
      const bytes = readFileSync(path);
      const pages = oggPages(bytes);
      const hit = pages[Math.floor(pages.length / 2)]!;
      // The granule of the page before: where the damaged page's audio begins, or near it.
      const before = bytes.readUInt32LE(pages[Math.floor(pages.length / 2) - 1]!.at + 6);
      bytes[hit.at + hit.length - 10]! ^= 0xff; // its CRC no longer matches
      writeFileSync(path, bytes);
      audio.send(play(1, path));
      await audio.next('ended', 1);
      expect(audio.messages.filter((m) => m.message.type === 'error')).toEqual([]);
      // The user is told once, where the lost audio was (within the page's length of it).
      const notices = audio.messages.flatMap((m) =>
        m.message.type === 'notice' ? [m.message] : [],
      );
      expect(notices).toHaveLength(1);
      expect(Math.abs(notices[0]!.frame - before)).toBeLessThan(48_000);
      expect(notices[0]!.detail).toMatch(/damaged Ogg page/);
      const got = int16(await audio.captured());
      expect(got.length).toBe(frames * 2);
      // Up to the damaged page, the reference; the end of the file, the reference again.
      const upTo = (before - (codec === 'opus' ? 312 : 0) - 4096) * 2;
      expect(worstDifference(got.subarray(0, upTo), want.subarray(0, upTo))).toBeLessThanOrEqual(
        TOLERANCE[codec],
      );
      const tail = got.length - 48_000 * 2;
      expect(worstDifference(got.subarray(tail), want.subarray(tail))).toBeLessThanOrEqual(
        TOLERANCE[codec],
      );
      audio.dispose();
    },
  );
});

/** Everything a DecodedStream gives from `start`, and how long its first chunk took. */
async function decodeFrom(path: string, start: number) {
  const { result } = readAudioHeaderSync(path);
  if (result.kind !== 'ok') throw new Error(result.reason);
  const header = result.header;
  const handle = await open(path, 'r');
  const began = performance.now();
  const stream = new DecodedStream(header.codec as StreamCodec, handle, header, path, start);
  const parts: Int16Array[] = [];
  let firstMs = 0;
  for (let chunk = await stream.read(2048); chunk; chunk = await stream.read(2048)) {
    if (parts.length === 0) firstMs = performance.now() - began;
    parts.push(chunk);
  }
  await handle.close();
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return { samples: out, firstMs };
}

describe('Ogg start positions in the decoded stream', () => {
  it.each(['vorbis', 'opus'] as const)(
    'a %s started at frame N gives the reference decode from frame N, wherever N is',
    async (codec) => {
      await preloadStreamDecoders();
      const frames = 48_000 * 30;
      const path = encode(codec, { rate: 48000, channels: 2, frames, synth: SWEEP });
      const want = reference(codec, path);
      // The top, inside the preroll, pages in, and inside the stream's last page (its granule
      // cuts the output short, so the start falls back to an earlier page).
      for (const start of [0, 1, 3_000, 100_000, 777_777, 1_000_003, frames - 1_000, frames - 1]) {
        const { samples } = await decodeFrom(path, start);
        const worst = worstDifference(samples, want.subarray(start * 2));
        expect(worst, `${codec} from frame ${start}`).toBeLessThanOrEqual(TOLERANCE[codec]);
      }
    },
  );
});

describe('Ogg start page by bisection', () => {
  it('finds the page a linear scan finds, for any granule, in a few reads of a long file', async () => {
    const source = { rate: 44100, channels: 2, frames: 44_100 * 60, synth: NOISE };
    const { path } = encoder.vorbis(source, ['-q', '10']);
    const { result } = readAudioHeaderSync(path);
    if (result.kind !== 'ok') throw new Error(result.reason);
    const { dataOffset, dataBytes } = result.header;
    const handle = await open(path, 'r');
    const serial = readFileSync(path).readUInt32LE(14);
    const pages: { at: number; granule: number }[] = [];
    const reader = new OggPageReader(handle, dataOffset, serial);
    for (let page = await reader.page(); page; page = await reader.page()) {
      if (page.granule >= 0) pages.push({ at: page.at, granule: page.granule });
    }
    // Megabytes of pages: reading them one after another takes dozens of reads.
    expect(dataBytes).toBeGreaterThan(2_000_000);
    expect(pages.length).toBeGreaterThan(200);
    let reads = 0;
    const counted = {
      read: (...args: Parameters<FileHandle['read']>) => {
        reads += 1;
        return handle.read(...args);
      },
    } as unknown as FileHandle;
    const first = pages[0]!.granule;
    const goals = [0, first - 1, first, 1_000_000, 2_222_222];
    goals.push(pages.at(-2)!.granule + 1, pages.at(-1)!.granule);
    for (const goal of goals) {
      const linear = pages.filter((p) => p.granule <= goal).at(-1) ?? null;
      reads = 0;
      const found = await findPageBefore(counted, serial, dataOffset, dataOffset + dataBytes, goal);
      expect(found, `goal ${goal}`).toEqual(linear);
      // log2 of (file size / one read's 130 KB), and a read or two of pages after that.
      expect(reads, `goal ${goal}`).toBeLessThanOrEqual(8);
    }
    await handle.close();
  });

  it('reads each Opus packet’s length from its TOC: they add up to every page’s granule', async () => {
    // 2.5 to 60 ms frames (CELT, SILK), mono and stereo: several TOC configurations.
    for (const [args, channels] of [
      [['--framesize', '2.5'], 2],
      [['--framesize', '60', '--bitrate', '8'], 1],
      [['--framesize', '20', '--bitrate', '24', '--speech'], 1],
    ] as const) {
      const source = { rate: 48000, channels, frames: 48_000 * 3, synth: SWEEP };
      const { path, bytes } = encoder.opus(source, [...args]);
      const handle = await open(path, 'r');
      const reader = new OggPageReader(handle, 0, bytes.readUInt32LE(14));
      let total = 0;
      let checked = 0;
      for (let page = await reader.page(), n = 0; page; page = await reader.page(), n++) {
        // The first two pages hold the headers.
        if (n < 2) continue;
        for (const packet of page.packets) total += opusPacketFrames(packet)!;
        if (page.granule >= 0 && !page.eos) {
          expect(total, `${args.join(' ')}: page at byte ${page.at}`).toBe(page.granule);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(1);
      await handle.close();
    }
  });
});
