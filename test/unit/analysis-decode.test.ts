/**
 * decodeFile: real files on disk to Float32 planes. WAV/AIFF samples are checked against their
 * bytes read independently here (24/32-bit and float must stay exact, not narrowed to 16 bits);
 * ADPCM against sox's decode; FLAC against its source WAV; lossy codecs by length and level.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile } from '../../src/main/analysis/decode-signal';
import { buildAiff, buildWav, truncate, type BuiltFile } from '../fixtures/audio-files';
import { soxAdpcm, soxDecode } from '../fixtures/adpcm-files';
import { Encoder, run } from '../fixtures/encoded-files';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

let count = 0;
function write(bytes: Uint8Array, ext = 'wav'): string {
  const path = join(encoder.dir, `decode-${++count}.${ext}`);
  writeFileSync(path, bytes);
  return path;
}

/** Sample s of frame f of a built file, read from its bytes with Buffer's own readers. */
function sampleAt(
  file: BuiltFile,
  f: number,
  c: number,
  channels: number,
  kind: 'int' | 'float',
  bigEndian = false,
): number {
  const bytesPer = file.bits / 8;
  const at = file.dataOffset + (f * channels + c) * bytesPer;
  const b = file.bytes;
  if (kind === 'float') {
    if (bytesPer === 4) return bigEndian ? b.readFloatBE(at) : b.readFloatLE(at);
    return bigEndian ? b.readDoubleBE(at) : b.readDoubleLE(at);
  }
  const v = bigEndian ? b.readIntBE(at, bytesPer) : b.readIntLE(at, bytesPer);
  return v / 2 ** (file.bits - 1);
}

function expectPlanesMatch(
  planes: Float32Array[],
  file: BuiltFile,
  channels: number,
  kind: 'int' | 'float',
  bigEndian = false,
): void {
  expect(planes).toHaveLength(channels);
  for (let c = 0; c < channels; c++) {
    expect(planes[c]!.length).toBe(file.frames);
    for (let f = 0; f < file.frames; f++) {
      const want = Math.fround(sampleAt(file, f, c, channels, kind, bigEndian));
      if (planes[c]![f] !== want) {
        throw new Error(`channel ${c} frame ${f}: got ${planes[c]![f]}, want ${want}`);
      }
    }
  }
}

describe('decodeFile: WAV and AIFF', () => {
  it.each([
    ['pcm', 16],
    ['pcm', 24],
    ['pcm', 32],
    ['float', 32],
    ['float', 64],
  ] as const)('%s %i-bit stereo WAV decodes exactly', async (codec, bits) => {
    const file = buildWav({ codec, bits, channels: 2, frames: 3000, sampleRate: 48000 });
    const { signal, header } = await decodeFile(write(file.bytes));
    expect(signal.sampleRate).toBe(48000);
    expect(header.bitsPerSample).toBe(bits);
    expectPlanesMatch(signal.planes, file, 2, codec === 'float' ? 'float' : 'int');
  });

  it('24-bit keeps the bits 16-bit would drop', async () => {
    const file = buildWav({ codec: 'pcm', bits: 24, frames: 2000 });
    const { signal } = await decodeFile(write(file.bytes));
    // Some sample has a low byte: 16-bit rounding would change it.
    const fine = signal.planes[0]!.some((x) => Math.round(x * 2 ** 23) % 256 !== 0);
    expect(fine).toBe(true);
  });

  it('RIFX (big-endian) 24-bit and AIFF 24-bit decode exactly', async () => {
    const rifx = buildWav({ container: 'RIFX', bits: 24, channels: 2, frames: 1500 });
    expectPlanesMatch((await decodeFile(write(rifx.bytes))).signal.planes, rifx, 2, 'int', true);
    const aiff = buildAiff({ bits: 24, channels: 3, frames: 1200 });
    const got = await decodeFile(write(aiff.bytes, 'aif'));
    expectPlanesMatch(got.signal.planes, aiff, 3, 'int', true);
  });

  it('8-bit unsigned WAV and A-law come out on the 16-bit scale', async () => {
    const u8 = buildWav({ bits: 8, frames: 800 });
    const { signal } = await decodeFile(write(u8.bytes));
    for (let f = 0; f < u8.frames; f++) {
      expect(signal.planes[0]![f]).toBe((u8.bytes[u8.dataOffset + f]! - 128) / 128);
    }
    const alaw = buildWav({ codec: 'alaw', frames: 800 });
    const a = await decodeFile(write(alaw.bytes));
    expect(a.signal.planes[0]!.length).toBe(800);
    // A-law's largest magnitude is 32256 / 32768.
    const peak = Math.max(...a.signal.planes[0]!.map(Math.abs));
    expect(peak).toBeGreaterThan(0.7);
    expect(peak).toBeLessThanOrEqual(32256 / 32768);
  });

  it.each(['ima-adpcm', 'ms-adpcm'] as const)('%s decodes as sox does', async (encoding) => {
    const source = { rate: 22050, channels: 2, frames: 5000, synth: ['sine', '300-2000'] };
    const { path } = soxAdpcm(encoder, source, encoding);
    const { samples } = soxDecode(encoder, path);
    const { signal } = await decodeFile(path);
    expect(signal.planes[0]!.length).toBe(5000);
    for (let f = 0; f < 5000; f++) {
      for (let c = 0; c < 2; c++) {
        expect(signal.planes[c]![f]! * 32768).toBe(samples[f * 2 + c]);
      }
    }
  });

  it('a cut-short WAV and a non-audio file fail with the name and the reason', async () => {
    const file = buildWav({ frames: 4000 });
    const cut = write(truncate(file.bytes, file.dataOffset + 100));
    await expect(decodeFile(cut)).rejects.toThrow(/decode-\d+\.wav: .*(end|short|data)/);
    const text = write(Buffer.from('not audio at all, just words'.repeat(10)), 'wav');
    await expect(decodeFile(text)).rejects.toThrow(/decode-\d+\.wav: /);
  });
});

/** A plane's own bytes (a plane may be a view on a larger buffer). */
const bytesOf = (plane: Float32Array) =>
  Buffer.from(plane.buffer, plane.byteOffset, plane.byteLength);

describe('decodeFile: compressed', () => {
  it('a 24-bit FLAC decodes to exactly what flac -d gives as a WAV', async () => {
    const source = {
      rate: 44100,
      channels: 2,
      bits: 24,
      frames: 20_000,
      synth: ['sine', '300-900'],
    };
    const flac = encoder.flac(source);
    const wavPath = `${flac.path}.wav`;
    run('flac', ['-s', '-d', '-f', '-o', wavPath, flac.path]);
    const wav = await decodeFile(wavPath);
    const got = await decodeFile(flac.path);
    expect(got.signal.planes).toHaveLength(2);
    for (let c = 0; c < 2; c++) {
      expect(got.signal.planes[c]!.length).toBe(20_000);
      expect(bytesOf(got.signal.planes[c]!).equals(bytesOf(wav.signal.planes[c]!))).toBe(true);
    }
  });

  it.each(['mp3', 'vorbis', 'opus'] as const)(
    '%s decodes to its length and level',
    async (codec) => {
      const source = { rate: 48000, channels: 2, frames: 48_000, synth: ['sine', '440'] };
      const file = encoder[codec](source);
      const { signal, header } = await decodeFile(file.path);
      expect(signal.planes).toHaveLength(2);
      expect(signal.sampleRate).toBe(48000);
      const frames = signal.planes[0]!.length;
      expect(Math.abs(frames - header.frames)).toBeLessThanOrEqual(
        header.lengthEstimated ? 4800 : 0,
      );
      expect(Math.abs(frames - 48_000)).toBeLessThan(2400);
      // sox's sine is full scale: RMS near 1/√2.
      let sum = 0;
      for (const x of signal.planes[0]!.subarray(4800, 43_200)) sum += x * x;
      expect(Math.sqrt(sum / 38_400)).toBeGreaterThan(0.6);
    },
  );
});
