import type * as nodeFs from 'node:fs';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { computePeaksSync, peaksUseSimd, type PeaksResult } from '../../src/main/workers/peaks';
import {
  buildAiff,
  buildWav,
  corruptions,
  makeWav,
  testSignal,
  type BuiltFile,
} from '../fixtures/audio-files';

const dir = mkdtempSync(join(tmpdir(), 'sd-peaks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function writeTemp(bytes: Uint8Array, extension = 'wav'): string {
  const path = join(dir, `file-${fileCount++}.${extension}`);
  writeFileSync(path, bytes);
  return path;
}

// ---------------------------------------------------------------- the reference

/** round(x × 2^(bits-1)), clamped: how the fixtures quantise testSignal. */
function quantise(x: number, bits: number): number {
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(x * full)));
}

/** Peaks the slow, obvious way: every frame to its bucket, then scale and round outwards. */
function referencePeaks(samples: ArrayLike<number>, channels: number, buckets: number): number[] {
  const frames = samples.length / channels;
  const lo = new Array<number>(buckets).fill(Infinity);
  const hi = new Array<number>(buckets).fill(-Infinity);
  for (let f = 0; f < frames; f++) {
    const b = Math.floor((f * buckets) / frames);
    for (let c = 0; c < channels; c++) {
      const v = samples[f * channels + c]!;
      lo[b] = Math.min(lo[b]!, v);
      hi[b] = Math.max(hi[b]!, v);
    }
  }
  // `+ 0` turns Math.ceil's -0 (of -0.5 and the like) into the 0 the peaks hold.
  const clamp = (v: number) => Math.max(-127, Math.min(127, v)) + 0;
  return lo.flatMap((l, b) =>
    l === Infinity ? [0, 0] : [clamp(Math.floor(l / 256)), clamp(Math.ceil(hi[b]! / 256))],
  );
}

interface Format {
  name: string;
  channels: number;
  build: (frames: number) => BuiltFile;
  /** testSignal's value x as the 16-bit sample the decoder gives. */
  toInt16: (x: number) => number;
}

const RATE = 44100;
const formats: Format[] = [
  {
    name: 'WAV 16-bit stereo (read in place)',
    channels: 2,
    build: (frames) => buildWav({ channels: 2, frames, sampleRate: RATE }),
    toInt16: (x) => quantise(x, 16),
  },
  {
    name: 'WAV 24-bit stereo (6-byte frames)',
    channels: 2,
    build: (frames) => buildWav({ bits: 24, channels: 2, frames, sampleRate: RATE }),
    toInt16: (x) => Math.min(32767, Math.round(quantise(x, 24) / 256)),
  },
  {
    name: 'AIFF 16-bit mono (big-endian)',
    channels: 1,
    build: (frames) => buildAiff({ channels: 1, frames, sampleRate: RATE }),
    toInt16: (x) => quantise(x, 16),
  },
  {
    name: 'WAV float 64 3 channels',
    channels: 3,
    build: (frames) =>
      buildWav({ codec: 'float', bits: 64, channels: 3, frames, sampleRate: RATE }),
    toInt16: (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768))),
  },
  {
    name: 'WAV 8-bit 5 channels',
    channels: 5,
    build: (frames) => buildWav({ bits: 8, channels: 5, frames, sampleRate: RATE }),
    toInt16: (x) => quantise(x, 8) * 256,
  },
];

const FRAMES = 1999;
const BUCKET_COUNTS = [1, 2, 7, 64, FRAMES - 1, FRAMES, FRAMES + 13, 3 * FRAMES];

/** A read buffer of three frames and two bytes, at an odd byteOffset: boundaries everywhere. */
const tinyChunk = (blockAlign: number) => Buffer.alloc(blockAlign * 3 + 3).subarray(1);

describe('computePeaksSync matches the reference', () => {
  const cases = formats.flatMap((format) =>
    (['default buffer', 'tiny buffer', '1000-byte buffer'] as const).flatMap((buffer) =>
      [true, false].map((simd) => ({ ...format, buffer, simd })),
    ),
  );

  it.each(cases)('$name, $buffer, simd $simd', ({ channels, build, toInt16, buffer, simd }) => {
    const file = build(FRAMES);
    const path = writeTemp(file.bytes, build === formats[2]?.build ? 'aif' : 'wav');
    const samples = Int16Array.from(testSignal(FRAMES, channels, RATE), toInt16);
    const chunk =
      buffer === 'default buffer'
        ? undefined
        : buffer === 'tiny buffer'
          ? tinyChunk(file.blockAlign)
          : Buffer.alloc(1000);
    for (const buckets of BUCKET_COUNTS) {
      const result = computePeaksSync(path, buckets, chunk, { simd });
      expect(result.peaks, `${buckets} buckets`).toEqual(
        referencePeaks(samples, channels, buckets),
      );
      expect(result).toMatchObject({
        sizeBytes: file.bytes.length,
        mtimeMs: statSync(path).mtimeMs,
        durationSec: FRAMES / RATE,
        buckets,
      } satisfies Omit<PeaksResult, 'peaks'>);
    }
  });

  it('uses SIMD here (Node 20 on x64 and arm64 has it)', () => {
    expect(peaksUseSimd()).toBe(true);
  });
});

describe('computePeaksSync on chosen samples', () => {
  /** A mono 16-bit WAV holding exactly these samples. */
  function wavOf(samples: number[], channels = 1): string {
    const built = buildWav({ channels, frames: samples.length / channels });
    const data = Buffer.alloc(samples.length * 2);
    samples.forEach((v, i) => data.writeInt16LE(v, i * 2));
    return writeTemp(corruptions.overwrite(built.bytes, built.dataOffset, data));
  }

  it('scales by 256 rounding outwards, and clamps -128 to -127', () => {
    const path = wavOf([-32768, 32767, 256, 255, -256, -255]);
    for (const simd of [true, false]) {
      expect(computePeaksSync(path, 6, undefined, { simd }).peaks).toEqual([
        -127, -127, 127, 127, 1, 1, 0, 1, -1, -1, -1, 0,
      ]);
      expect(computePeaksSync(path, 3, undefined, { simd }).peaks).toEqual([
        -127, 127, 0, 1, -1, 0,
      ]);
    }
  });

  it('with more buckets than frames, leaves the buckets without frames at [0, 0]', () => {
    const path = wavOf([1000, -1000, 2000, -2000]);
    // Frame f goes to bucket floor(f × 10 / 4): 0, 2, 5, 7.
    expect(computePeaksSync(path, 10).peaks).toEqual([
      ...[3, 4],
      ...[0, 0],
      ...[-4, -3],
      ...[0, 0],
      ...[0, 0],
      ...[7, 8],
      ...[0, 0],
      ...[-8, -7],
      ...[0, 0],
      ...[0, 0],
    ]);
  });

  it('gives all-zero peaks for a file without frames', () => {
    const path = writeTemp(makeWav({ frames: 0 }));
    expect(computePeaksSync(path, 4)).toMatchObject({
      durationSec: 0,
      peaks: [0, 0, 0, 0, 0, 0, 0, 0],
    });
  });

  it('agrees with the reference on noise, for SIMD and JavaScript alike', () => {
    // Deterministic noise over the whole range, so extremes sit anywhere in a bucket.
    let seed = 12345;
    const random16 = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return ((seed >>> 8) % 65536) - 32768;
    };
    const channels = 3;
    const samples = Array.from({ length: 10007 * channels }, random16);
    const path = wavOf(samples, channels);
    for (const buckets of [1, 3, 100, 1000, 10007, 20000]) {
      const want = referencePeaks(samples, channels, buckets);
      expect(computePeaksSync(path, buckets, undefined, { simd: true }).peaks).toEqual(want);
      expect(computePeaksSync(path, buckets, undefined, { simd: false }).peaks).toEqual(want);
      expect(computePeaksSync(path, buckets, tinyChunk(6)).peaks).toEqual(want);
    }
  });
});

describe('computePeaksSync refuses', () => {
  it('a file whose data is cut off, with the header reader’s reason', () => {
    const wav = buildWav({ channels: 2, frames: 5000 });
    const cutWav = writeTemp(corruptions.truncate(wav.bytes, wav.dataOffset + wav.dataBytes / 2));
    expect(() => computePeaksSync(cutWav, 100)).toThrow(
      /^data chunk says 20\.0 KB but the file ends after 10\.\d KB/,
    );
    const aiff = buildAiff({ frames: 5000 });
    const cutAiff = writeTemp(corruptions.truncate(aiff.bytes, aiff.dataOffset + 999), 'aif');
    expect(() => computePeaksSync(cutAiff, 100)).toThrow(/^SSND chunk says .* but the file ends/);
  });

  it('files it cannot read or decode, naming why', () => {
    expect(() => computePeaksSync(join(dir, 'missing.wav'), 10)).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
    expect(() => computePeaksSync(writeTemp(Buffer.from('hello, world'), 'txt'), 10)).toThrow(
      'not an audio file: starts with "hell"',
    );
    const mp3InWav = writeTemp(
      corruptions.setChunkField(makeWav({ frames: 3000 }), 'fmt ', 0, 0x55, 2),
    );
    expect(() => computePeaksSync(mp3InWav, 10)).toThrow('format 0x0055 playback is not supported');
  });

  it('bad bucket counts and a buffer smaller than a frame', () => {
    const path = writeTemp(makeWav({ bits: 24, channels: 2 }));
    for (const buckets of [0, -1, 1.5, NaN, 2_000_000]) {
      expect(() => computePeaksSync(path, buckets)).toThrow(RangeError);
    }
    expect(() => computePeaksSync(path, 10, Buffer.alloc(5))).toThrow(
      'the read buffer is smaller than one frame (6 bytes)',
    );
  });

  it('a file that shrinks while it is read, naming where it ended', async () => {
    const file = buildWav({ channels: 2, frames: 20_000 });
    const path = writeTemp(file.bytes);
    const cutAt = file.dataOffset + 30_000;
    // The header reads fine; past cutAt the file has "shrunk".
    vi.resetModules();
    vi.doMock('node:fs', async (importOriginal) => {
      const fs = await importOriginal<typeof nodeFs>();
      const readSync = (
        fd: number,
        buffer: NodeJS.ArrayBufferView,
        offset: number,
        length: number,
        position: number,
      ) =>
        fs.readSync(fd, buffer, offset, Math.max(0, Math.min(length, cutAt - position)), position);
      return { ...fs, readSync };
    });
    try {
      const fresh = await import('../../src/main/workers/peaks');
      expect(() => fresh.computePeaksSync(path, 10, Buffer.alloc(4096))).toThrow(
        `the file ends at byte ${cutAt}, inside its audio data ` +
          `(which should end at byte ${file.dataOffset + file.dataBytes}): it changed while being read`,
      );
    } finally {
      vi.doUnmock('node:fs');
      vi.resetModules();
    }
  });
});
