import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Encoder } from '../fixtures/encoded-files';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import type { AudioHeader } from '../../src/main/formats/header-types';
import { mp3StartPoint } from '../../src/main/audio/mp3-seek';
import { flacStartPoint, parseFrameHeader } from '../../src/main/audio/flac-frame-search';
import { seekPointIn } from '../../src/main/audio/flac-seek-table';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

function headerOf(path: string): AudioHeader {
  const { result } = readAudioHeaderSync(path);
  if (result.kind !== 'ok') throw new Error(`${path}: ${JSON.stringify(result)}`);
  return result.header;
}

async function mpeg() {
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder({ enableGapless: true });
  await decoder.ready;
  return decoder;
}

/** A sweep (no two stretches alike) with noise: frames of every size, a busy bit reservoir. */
const busy = ['sine', '200-6000', 'vol', '0.5', 'synth', 'pinknoise', 'mix'];

describe('MP3 start point: fed from it, mpg123 gives the samples of a decode from the top', () => {
  it.each([
    ['VBR (Xing, LAME tag)', ['-V2'], 44100, 2],
    ['CBR 128k (Info, LAME tag)', ['-b', '128'], 44100, 2],
    [
      'CBR 32k mono, no tag (a reservoir over many frames)',
      ['-b', '32', '-m', 'm', '-t'],
      44100,
      1,
    ],
    ['MPEG-2 VBR at 22.05 kHz', ['-V9'], 22050, 2],
  ])('%s', async (_name, args, rate, channels) => {
    const mp3 = encoder.mp3({ rate, channels, frames: rate * 20, synth: busy }, [
      '--resample',
      `${rate / 1000}`,
      ...args,
    ]);
    const header = headerOf(mp3.path);
    const decoder = await mpeg();
    const full = decoder.decode(mp3.bytes);
    // Without a tag the length is an estimate; with one, exact.
    if (!header.lengthEstimated) expect(full.samplesDecoded).toBe(header.frames);
    const length = full.samplesDecoded;
    const reference = full.channelData[0]!;
    const handle = await open(mp3.path, 'r');
    let worst = 0;
    for (const target of [1, 3000, rate - 7, rate * 3 + 1, rate * 10 + 577, length - 2000]) {
      const start = await mp3StartPoint(handle, header, target);
      // Never more than a few frames (and a reservoir) early: this is no decode from the top.
      expect(target - start.sample).toBeLessThan(20 * 1152);
      expect(start.sample).toBeLessThanOrEqual(target);
      await decoder.reset();
      const out = decoder.decode(mp3.bytes.subarray(start.offset, start.offset + 64 * 1024));
      const got = out.channelData[0]!;
      const from = target - start.sample;
      const n = Math.min(4000, length - target);
      for (let i = 0; i < n; i++) {
        worst = Math.max(worst, Math.abs(got[from + i]! - reference[target + i]!));
      }
    }
    await handle.close();
    // MPEG-2 frames (576 samples) put mpg123's synthesis in a phase of 8 frames, each start
    // lands in it; what rounding is left is far below a 16-bit step (3e-5).
    expect(worst).toBeLessThan(1e-6);
    if (rate === 44100) expect(worst).toBe(0);
  });
});

describe('MP3 cold start late in a VBR file', () => {
  it('counts the frames from near the target to the end back from the Xing total, exactly', async () => {
    const mp3 = encoder.mp3({ rate: 44100, channels: 2, frames: 44100 * 30, synth: busy }, ['-V2']);
    const header = headerOf(mp3.path);
    const decoder = await mpeg();
    const reference = decoder.decode(mp3.bytes).channelData[0]!;
    const handle = await open(mp3.path, 'r');
    // The first thing asked of this file: nothing of it is walked yet.
    for (const target of [Math.floor(header.frames * 0.9), Math.floor(header.frames * 0.6)]) {
      const start = await mp3StartPoint(handle, header, target);
      expect(target - start.sample).toBeLessThan(20 * 1152);
      await decoder.reset();
      const got = decoder.decode(mp3.bytes.subarray(start.offset, start.offset + 64 * 1024))
        .channelData[0]!;
      const from = target - start.sample;
      let worst = 0;
      for (let i = 0; i < 4000; i++) {
        worst = Math.max(worst, Math.abs(got[from + i]! - reference[target + i]!));
      }
      expect(worst).toBe(0);
    }
    await handle.close();
  });
});

describe('FLAC start point without a SEEKTABLE: bisection on frame headers', () => {
  it.each([
    ['no SEEKTABLE', ['--no-seektable']],
    ['a SEEKTABLE point only at the top', ['-S', '1x']],
    [
      '2 MB of metadata before the audio (as cover art makes)',
      ['--no-seektable', '--padding=2000000'],
    ],
  ])('%s: finds a frame shortly before the target', async (_name, args) => {
    const flac = encoder.flac({ rate: 48000, channels: 2, frames: 48000 * 30, synth: busy }, args);
    const header = headerOf(flac.path);
    expect(seekPointIn(flac.bytes.subarray(0, header.dataOffset), 48000 * 20)?.sample ?? 0).toBe(0);
    const handle = await open(flac.path, 'r');
    for (const target of [48000 * 2 + 5, 48000 * 15 + 1234, 48000 * 29]) {
      const start = await flacStartPoint(handle, header, target);
      expect(start.sample).toBeLessThanOrEqual(target);
      // Within the last 64 KiB before it: well under a second of this stream.
      expect(target - start.sample).toBeLessThan(48000);
      const frame = parseFrameHeader(flac.bytes, header.dataOffset + start.offset, 4096);
      expect(frame?.sample).toBe(start.sample);
    }
    await handle.close();
  });

  it('rejects a sync code whose CRC-8 does not hold', () => {
    const flac = readFileSync(encoder.flac({ rate: 44100, channels: 1, frames: 44100 }).path);
    const at = flac.indexOf(Buffer.from([0xff, 0xf8]));
    expect(parseFrameHeader(flac, at, 4096)).toEqual({ sample: 0, variable: false });
    const damaged = Buffer.from(flac);
    damaged[at + 4] = damaged[at + 4]! ^ 0x01;
    expect(parseFrameHeader(damaged, at, 4096)).toBeNull();
  });
});
