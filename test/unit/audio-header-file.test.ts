/** Headers of files on disk, comparisons with wavefile, and the generators checked against it. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { afterAll, describe, expect, it } from 'vitest';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import { describeFsError } from '../../src/main/platform/fs-error';
import { header, reason } from '../fixtures/header-parse';
import {
  buildAiff,
  buildWav,
  IMA_INDEX_SHIFT,
  IMA_STEPS,
  imaSamplesPerBlock,
  makeWav,
  setChunkField,
  testSignal,
  type BuiltFile,
} from '../fixtures/audio-files';

// ---------------------------------------------------------------- files on disk

describe('readAudioHeaderSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sampledeck-header-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const thrownBy = (path: string): unknown => {
    try {
      readAudioHeaderSync(path);
    } catch (error) {
      return error;
    }
    throw new Error(`expected reading ${path} to throw`);
  };
  const write = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('reads a header behind a 64 KB JUNK chunk with a second, larger read', () => {
    const built = buildWav({ before: [{ type: 'JUNK', bytes: 65_536 }], frames: 5000 });
    const path = write('junk.wav', built.bytes);
    const read = readAudioHeaderSync(path, Buffer.alloc(4096));
    expect(read.sizeBytes).toBe(built.bytes.length);
    expect(read.mtimeMs).toBe(statSync(path).mtimeMs);
    expect(read.result.kind === 'ok' && read.result.header.dataOffset).toBe(built.dataOffset);
    expect(read.result.kind === 'ok' && read.result.header.frames).toBe(5000);
  });

  it('reads a small file with its own buffer and guesses the tempo from the name', () => {
    const read = readAudioHeaderSync(write('Loop_124_bpm.wav', makeWav({ frames: 10 })));
    expect(read.result.kind === 'ok' && read.result.header.tempo).toBe(124);
  });

  it('turns a 0-byte file into a reason, not a throw', () => {
    const read = readAudioHeaderSync(write('empty.wav', Buffer.alloc(0)));
    expect(read).toMatchObject({
      sizeBytes: 0,
      result: { kind: 'error', reason: 'empty file (0 bytes)' },
    });
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)(
    'throws EACCES for an unreadable file (skipped as root: root reads any file)',
    () => {
      const path = write('locked.wav', makeWav());
      chmodSync(path, 0o000);
      const error = thrownBy(path);
      expect(error).toMatchObject({ code: 'EACCES' });
      expect(describeFsError(error)).toBe('permission denied');
    },
  );

  it('throws for a directory and a missing file, with short reasons', () => {
    expect(describeFsError(thrownBy(dir))).toBe('is a directory');
    expect(describeFsError(thrownBy(join(dir, 'gone.wav')))).toBe('file vanished during the scan');
  });

  it.skipIf(process.platform === 'win32')('does not block on a FIFO named like a sample', () => {
    const path = join(dir, 'pipe.wav');
    execFileSync('mkfifo', [path]);
    expect(describeFsError(thrownBy(path))).toBe('not a regular file');
  });

  it('describes fs errors briefly', () => {
    const err = (code: string): Error =>
      Object.assign(new Error(`${code}: long message`), { code });
    expect(describeFsError(err('EACCES'))).toBe('permission denied');
    expect(describeFsError(err('EPERM'))).toBe('permission denied');
    expect(describeFsError(err('ENOENT'))).toBe('file vanished during the scan');
    expect(describeFsError(err('EISDIR'))).toBe('is a directory');
    expect(describeFsError(err('EWEIRD'))).toBe('EWEIRD: long message');
    expect(describeFsError('plain')).toBe('plain');
  });
});

// ---------------------------------------------------------------- where wavefile goes wrong

interface WavefileFmt {
  bitsPerSample: number;
  numChannels: number;
  sampleRate: number;
}

describe('where wavefile goes wrong and we do not', () => {
  it('EXTENSIBLE float: wavefile decodes 32-bit integers, we say float', () => {
    const file = makeWav({ codec: 'float', extensible: true, frames: 4 });
    const wf = new WaveFile(file);
    expect(wf.bitDepth).toBe('32');
    expect(Math.max(...wf.getSamples(true).map(Math.abs))).toBeGreaterThan(1e8); // float bits as ints
    expect(header(file)).toMatchObject({
      codec: 'float',
      formatTag: 3,
      bitsPerSample: 32,
      playable: true,
    });
  });

  it('odd 8-bit data: wavefile returns the pad byte as a sample, our frames exclude it', () => {
    const file = makeWav({ bits: 8, frames: 7 });
    expect(new WaveFile(file).getSamples(true)).toHaveLength(8);
    expect(header(file)).toMatchObject({ frames: 7, dataBytes: 7 });
  });

  it('14-byte fmt: wavefile reads bits from the next chunk, we derive them and find that chunk', () => {
    const file = makeWav({ fmtSize: 14, frames: 4, before: [{ type: 'LIST', title: 'x' }] });
    // "LI" of the LIST id, read as the missing bitsPerSample field.
    expect((new WaveFile(file).fmt as WavefileFmt).bitsPerSample).toBe(0x494c);
    const h = header(file);
    expect(h).toMatchObject({ bitsPerSample: 16, frames: 4, dataBytes: 8 });
    expect(h.meta.title).toBe('x');
  });

  it('RF64: wavefile ignores the ds64 data size, we use it', () => {
    const file = makeWav({ container: 'RF64', frames: 4, after: [{ type: 'LIST', title: 'T' }] });
    // The 0xFFFFFFFF data size swallows the LIST chunk after the audio: 15 "samples".
    expect(new WaveFile(file).getSamples(true)).toHaveLength(15);
    const h = header(file);
    expect(h).toMatchObject({ container: 'RF64', frames: 4, dataBytes: 8 });
    expect(h.meta.title).toBe('T');
  });

  it("IMA ADPCM: wavefile repeats each block's first sample and never decodes the last block", () => {
    const perBlock = imaSamplesPerBlock(1);
    const built = buildWav({ codec: 'ima-adpcm', frames: 3 * perBlock });
    const data = built.bytes.subarray(built.dataOffset, built.dataOffset + built.dataBytes);
    const reference = decodeIma(data, 1, built.blockAlign, 3 * perBlock);
    const wf = new WaveFile(built.bytes);
    wf.fromIMAADPCM();
    const decoded = wf.getSamples(true);
    expect(decoded[0]).toBe(decoded[1]);
    expect(Array.from(decoded.slice(1, 1 + perBlock))).toEqual(
      Array.from(reference.slice(0, perBlock)),
    );
    expect(decoded.slice(2 * (perBlock + 1)).every((x) => x === 0)).toBe(true);
    expect(header(built.bytes).frames).toBe(3 * perBlock);
  });

  it('validation: wavefile accepts 0 channels and sample rate 0, we give reasons', () => {
    const noChannels = setChunkField(makeWav(), 'fmt ', 2, 0, 2);
    const noRate = setChunkField(makeWav(), 'fmt ', 4, 0, 4);
    expect((new WaveFile(noChannels).fmt as WavefileFmt).numChannels).toBe(0);
    expect((new WaveFile(noRate).fmt as WavefileFmt).sampleRate).toBe(0);
    expect(reason(noChannels)).toBe('fmt says 0 channels');
    expect(reason(noRate)).toBe('fmt says sample rate 0');
  });
});

// ---------------------------------------------------------------- the generators themselves

/** Microsoft IMA ADPCM, straight from the spec: checks the fixture's block layout. */
function decodeIma(
  data: Uint8Array,
  channels: number,
  blockAlign: number,
  frames: number,
): Int16Array {
  const out = new Int16Array(frames * channels);
  const perBlock = imaSamplesPerBlock(channels);
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  for (
    let base = 0, first = 0;
    base + blockAlign <= data.length;
    base += blockAlign, first += perBlock
  ) {
    for (let c = 0; c < channels; c++) {
      let predictor = view.getInt16(base + 4 * c, true);
      let index = data[base + 4 * c + 2] ?? 0;
      const put = (s: number): void => {
        if (first + s < frames) out[(first + s) * channels + c] = predictor;
      };
      put(0);
      for (let s = 1; s < perBlock; s++) {
        const k = s - 1; // 8 samples (4 bytes) per channel, then the next channel's 8
        const byte =
          data[base + 4 * channels + (k >> 3) * 4 * channels + 4 * c + ((k & 7) >> 1)] ?? 0;
        const nibble = k % 2 === 0 ? byte & 0x0f : byte >> 4;
        const step = IMA_STEPS[index] ?? 7;
        let delta = step >> 3;
        if (nibble & 4) delta += step;
        if (nibble & 2) delta += step >> 1;
        if (nibble & 1) delta += step >> 2;
        predictor = Math.max(-32768, Math.min(32767, predictor + (nibble & 8 ? -delta : delta)));
        index = Math.max(0, Math.min(88, index + (IMA_INDEX_SHIFT[nibble & 7] ?? 0)));
        put(s);
      }
    }
  }
  return out;
}

describe('fixture files decode to testSignal (checked with wavefile)', () => {
  const frames = 300;
  const closeTo = (
    decoded: ArrayLike<number>,
    scale: number,
    offset: number,
    tolerance: number,
    channels = 1,
  ) => {
    const expected = testSignal(frames, channels, 44100);
    expect(decoded).toHaveLength(expected.length);
    let worst = 0;
    expected.forEach(
      (x, i) => (worst = Math.max(worst, Math.abs(((decoded[i] ?? 0) - offset) / scale - x))),
    );
    expect(worst).toBeLessThan(tolerance);
  };

  it('writes 16-bit PCM byte for byte as wavefile does', () => {
    const samples = Array.from(testSignal(frames, 2, 44100), (x) =>
      Math.max(-32768, Math.min(32767, Math.round(x * 32768))),
    );
    const wf = new WaveFile();
    wf.fromScratch(2, 44100, '16', samples);
    expect(Buffer.compare(Buffer.from(wf.toBuffer()), makeWav({ channels: 2, frames }))).toBe(0);
  });

  it.each([
    [8, 128, 128],
    [16, 32768, 0],
    [24, 8388608, 0],
    [32, 2147483648, 0],
  ])('PCM %i-bit', (bits, scale, offset) => {
    const wf = new WaveFile(makeWav({ bits, channels: 2, frames }));
    closeTo(wf.getSamples(true), scale, offset, 1.5 / scale + 1e-12, 2);
  });

  it('float 32 and 64', () => {
    closeTo(new WaveFile(makeWav({ codec: 'float', frames })).getSamples(true), 1, 0, 1e-7);
    closeTo(
      new WaveFile(makeWav({ codec: 'float', bits: 64, frames })).getSamples(true),
      1,
      0,
      1e-15,
    );
  });

  it('A-law and µ-law (lossy: looser tolerance)', () => {
    const alaw = new WaveFile(makeWav({ codec: 'alaw', frames }));
    alaw.fromALaw();
    closeTo(alaw.getSamples(true), 32768, 0, 0.03);
    const mulaw = new WaveFile(makeWav({ codec: 'mulaw', frames }));
    mulaw.fromMuLaw();
    closeTo(mulaw.getSamples(true), 32768, 0, 0.03);
  });

  it('IMA ADPCM mono and stereo, by a reference decoder (wavefile drops the last block)', () => {
    for (const channels of [1, 2]) {
      const built = buildWav({ codec: 'ima-adpcm', channels, frames });
      const data = built.bytes.subarray(built.dataOffset, built.dataOffset + built.dataBytes);
      closeTo(decodeIma(data, channels, built.blockAlign, frames), 32768, 0, 0.05, channels);
    }
  });
  it('RIFX and AIFF samples are big-endian copies of the same signal', () => {
    const le = makeWav({ frames });
    const be = buildWav({ container: 'RIFX', frames });
    const aiff = buildAiff({ frames });
    const sowt = buildAiff({ compression: 'sowt', frames });
    const samples = (b: BuiltFile, read: (buf: Buffer, at: number) => number): number[] =>
      Array.from({ length: frames }, (_, i) => read(b.bytes, b.dataOffset + 2 * i));
    const expected = Array.from({ length: frames }, (_, i) => le.readInt16LE(44 + 2 * i));
    expect(samples(be, (b, at) => b.readInt16BE(at))).toEqual(expected);
    expect(samples(aiff, (b, at) => b.readInt16BE(at))).toEqual(expected);
    expect(samples(sowt, (b, at) => b.readInt16LE(at))).toEqual(expected);
  });
});
