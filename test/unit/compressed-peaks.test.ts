/**
 * Waveform peaks of FLAC, MP3, Ogg Vorbis and Opus files, decoded in pieces: the same peaks as
 * the same audio decoded to WAV by the reference decoders (flac -d, lame --decode, oggdec,
 * opusdec), in this thread and in the worker pool, one file after another through one reused
 * decoder.
 */
import { statSync, truncateSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computePeaks } from '../../src/main/workers/peaks-task';
import { BucketFolder, computePeaksSync, foldMemory } from '../../src/main/workers/peaks';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import { Encoder, run, type Source } from '../fixtures/encoded-files';
import { sourceWorker } from '../fixtures/source-worker';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

/** A sweep, loud then soft: buckets differ from each other, extremes sit anywhere in them. */
const SWEEP = ['sine', '100-9000', 'fade', 'q', '0', '-0', '0.3'];
const BUCKET_COUNTS = [1, 7, 100, 2048, 30_001, 45_000];

/** `flac -d`'s WAV of a FLAC file. */
function flacDecoded(flac: string): string {
  const wav = `${flac}.wav`;
  run('flac', ['-s', '-d', '-f', '-o', wav, flac]);
  return wav;
}

/** `lame --decode`'s WAV of an MP3 file (gapless, from its LAME tag). */
function lameDecoded(mp3: string): string {
  const wav = `${mp3}.wav`;
  run('lame', ['--quiet', '--decode', mp3, wav]);
  return wav;
}

function framesOf(path: string): number {
  const { result } = readAudioHeaderSync(path);
  if (result.kind !== 'ok') throw new Error(result.reason);
  return result.header.frames;
}

describe('FLAC peaks', () => {
  it.each([
    { rate: 44100, channels: 2, bits: 16 },
    { rate: 48000, channels: 1, bits: 24 },
    { rate: 96000, channels: 6, bits: 24 },
  ])(
    '$channels ch $bits-bit: exactly the peaks of its flac -d WAV',
    async ({ rate, channels, bits }) => {
      // An odd length: the last FLAC frame is short and comes only from the decoder's flush.
      const source: Source = { rate, channels, bits, frames: 30_001, synth: SWEEP };
      const flac = encoder.flac(source).path;
      const wav = flacDecoded(flac);
      for (const buckets of BUCKET_COUNTS) {
        const got = await computePeaks({ path: flac, buckets });
        const want = computePeaksSync(wav, buckets);
        expect(got.peaks, `${buckets} buckets`).toEqual(want.peaks);
        expect(got).toMatchObject({
          buckets,
          durationSec: want.durationSec,
          sizeBytes: statSync(flac).size,
          mtimeMs: statSync(flac).mtimeMs,
        });
      }
      // Not silence: the comparison means something.
      expect(Math.max(...(await computePeaks({ path: flac, buckets: 10 })).peaks)).toBeGreaterThan(
        60,
      );
    },
  );

  it('a FLAC cut short: the buckets after what decodes stay empty, the rest as before', async () => {
    const source: Source = { rate: 44100, channels: 2, frames: 88_200, synth: SWEEP };
    const flac = encoder.flac(source).path;
    const cut = join(encoder.dir, 'cut.flac');
    copyFileSync(flac, cut);
    truncateSync(cut, Math.floor(statSync(flac).size / 2));
    const whole = await computePeaks({ path: flac, buckets: 100 });
    const half = await computePeaks({ path: cut, buckets: 100 });
    // Roughly the first half decodes: those buckets are the whole file's, the last are empty.
    expect(half.peaks.slice(0, 60)).toEqual(whole.peaks.slice(0, 60));
    expect(half.peaks.slice(-40)).toEqual(new Array(40).fill(0));
  });

  it('refuses a 32-bit FLAC by name', async () => {
    const flac = encoder.flac({ rate: 48000, channels: 1, bits: 32, frames: 4800 }).path;
    await expect(computePeaks({ path: flac, buckets: 10 })).rejects.toThrow(
      '32-bit FLAC is not supported',
    );
  });
});

describe('MP3 peaks', () => {
  it.each([
    ['stereo', 2],
    ['mono', 1],
  ])(
    'a LAME-tagged %s MP3: over the same frames as lame --decode, the same peaks to within 1',
    async (_name, channels) => {
      const source: Source = { rate: 44100, channels, frames: 30_001, synth: SWEEP };
      const mp3 = encoder.mp3(source).path;
      const wav = lameDecoded(mp3);
      // Gapless on both sides: the source's length, not a sample more.
      expect(framesOf(mp3)).toBe(30_001);
      expect(framesOf(wav)).toBe(30_001);
      for (const buckets of BUCKET_COUNTS) {
        const got = (await computePeaks({ path: mp3, buckets })).peaks;
        const want = computePeaksSync(wav, buckets).peaks;
        // Two decoders round differently now and then: a sample off by one may cross a step.
        const off = got.filter((v, i) => v !== want[i]);
        expect(
          got.every((v, i) => Math.abs(v - want[i]!) <= 1),
          `${buckets} buckets`,
        ).toBe(true);
        expect(off.length, `${buckets} buckets`).toBeLessThanOrEqual(got.length / 50);
      }
    },
  );

  it('an MP3 whose length is an estimate: its buckets span the estimate, and all of it is drawn', async () => {
    // Silent, then loud for the last tenth: the loud end must be at the end of the waveform.
    const source: Source = {
      rate: 44100,
      channels: 2,
      frames: 4410,
      synth: ['sine', '440', 'pad', '39690s'],
    };
    const mp3 = encoder.mp3(source, ['-t']).path; // -t: no Xing/LAME tag, the length is estimated
    const { result } = readAudioHeaderSync(mp3);
    if (result.kind !== 'ok') throw new Error(result.reason);
    expect(result.header.lengthEstimated).toBe(true);
    const peaks = await computePeaks({ path: mp3, buckets: 20 });
    expect(peaks.durationSec).toBe(result.header.durationSec);
    const tops = Array.from({ length: 20 }, (_, b) => peaks.peaks[2 * b + 1]!);
    expect(Math.max(...tops.slice(0, 15))).toBeLessThan(40);
    expect(tops[19]).toBeGreaterThan(60);
  });
});

/** The reference decoder's WAV of an Ogg file (opusdec undithered, at Opus's 48 kHz). */
function oggDecoded(path: string, codec: 'vorbis' | 'opus'): string {
  const wav = `${path}.wav`;
  if (codec === 'opus') run('opusdec', ['--quiet', '--no-dither', '--rate', '48000', path, wav]);
  else run('oggdec', ['-Q', '-o', wav, path]);
  return wav;
}

describe('Ogg peaks', () => {
  it.each([
    ['vorbis', 2],
    ['vorbis', 1],
    ['opus', 2],
    ['opus', 1],
  ] as const)(
    '%s, %i ch: over the same frames as its reference decode, the same peaks to within 1',
    async (codec, channels) => {
      // At half scale: near full scale opusdec soft-clips what libopus overshoots, we do not.
      const synth = [...SWEEP, 'vol', '0.5'];
      const source: Source = { rate: 48000, channels, frames: 30_001, synth };
      const path = encoder[codec](source).path;
      const wav = oggDecoded(path, codec);
      expect(framesOf(path)).toBe(framesOf(wav));
      for (const buckets of BUCKET_COUNTS) {
        const got = (await computePeaks({ path, buckets })).peaks;
        const want = computePeaksSync(wav, buckets).peaks;
        expect(
          got.every((v, i) => Math.abs(v - want[i]!) <= 1),
          `${buckets} buckets`,
        ).toBe(true);
      }
      expect(Math.max(...(await computePeaks({ path, buckets: 10 })).peaks)).toBeGreaterThan(30);
    },
  );
});

describe('BucketFolder past and short of its length', () => {
  const fold = (frames: number, buckets: number, samples: number[]) => {
    const folder = new BucketFolder(frames, buckets, 1, foldMemory(true));
    const memory = folder.memory.layout(samples.length, 0, 0).samples;
    memory.set(samples);
    folder.add(memory, samples.length);
    return folder.finish();
  };

  it('puts frames past an estimated length into the last bucket', () => {
    // 4 frames expected in 2 buckets; 6 came: the last two join bucket 1.
    expect(fold(4, 2, [256, -256, 512, -512, 2560, -2560])).toEqual([-1, 1, -10, 10]);
    // None expected at all: everything in the last bucket, the others empty.
    expect(fold(0, 3, [768, -1024])).toEqual([0, 0, 0, 0, -4, 3]);
  });

  it('shows a bucket the frames stopped in, and leaves the ones after empty', () => {
    // 8 frames expected in 4 buckets; 3 came: bucket 0 full, bucket 1 half, 2 and 3 empty.
    expect(fold(8, 4, [256, 512, 1024])).toEqual([1, 2, 4, 4, 0, 0, 0, 0]);
  });
});

describe('in the worker pool', () => {
  it('one thread, one decoder per codec: files one after another each get their own peaks', async () => {
    const pool = new WorkerPool(sourceWorker('file-worker'), 1);
    try {
      const a = encoder.flac({ rate: 44100, channels: 2, frames: 20_000, synth: SWEEP }).path;
      const b = encoder.mp3({ rate: 44100, channels: 1, frames: 20_000, synth: SWEEP }).path;
      const c = encoder.flac({ rate: 22050, channels: 1, frames: 7_000 }).path;
      // Cut in the middle of a frame: the decoder is left holding part of one.
      const cut = join(encoder.dir, 'cut-in-a-frame.flac');
      copyFileSync(a, cut);
      const { result } = readAudioHeaderSync(a);
      if (result.kind !== 'ok') throw new Error(result.reason);
      truncateSync(cut, result.header.dataOffset + 5000);
      const d = encoder.opus({ rate: 48000, channels: 2, frames: 20_000, synth: SWEEP }).path;
      const e = encoder.vorbis({ rate: 44100, channels: 1, frames: 20_000, synth: SWEEP }).path;
      const deep = encoder.flac({ rate: 48000, channels: 1, bits: 32, frames: 4800 }).path;
      const want = new Map<string, number[]>();
      for (const path of [a, b, c, cut, d, e]) {
        want.set(path, (await computePeaks({ path, buckets: 300 })).peaks);
      }
      // Interleaved, with broken and refused files between: each decode starts clean.
      for (const path of [a, d, b, cut, e, c, a, cut, d, b, e, c]) {
        expect((await pool.peaks({ path, buckets: 300 })).peaks, path).toEqual(want.get(path));
        await expect(pool.peaks({ path: deep, buckets: 300 })).rejects.toThrow(
          '32-bit FLAC is not supported',
        );
      }
    } finally {
      await pool.dispose();
    }
  });
});
