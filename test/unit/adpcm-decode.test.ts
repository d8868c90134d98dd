/** IMA and MS ADPCM against sox: the header's length, every sample, a start inside a block, peaks. */
import { afterAll, describe, expect, it } from 'vitest';
import type { AudioHeader } from '../../src/main/formats/header-types';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import { blockSpan, createInt16Decoder } from '../../src/main/formats/pcm-decode';
import { computePeaksSync } from '../../src/main/workers/peaks';
import {
  chunkBody,
  rebuild,
  soxAdpcm,
  soxDecode,
  soxTrim,
  writeAdpcm,
  type AdpcmEncoding,
} from '../fixtures/adpcm-files';
import { Encoder } from '../fixtures/encoded-files';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

/** A sweep: every code and step size gets used, and a shifted copy cannot line up. */
const SWEEP = ['sine', '100-9000', 'vol', '0.9'];
/** 10,001 frames: not a whole number of IMA (505, 1017) or MS (2036, 1012) blocks. */
const FRAMES = 10_001;

function headerOf(bytes: Buffer): AudioHeader {
  const parsed = parseAudioHeader(bytes, bytes.length);
  if (parsed.kind !== 'ok') throw new Error(`did not parse: ${JSON.stringify(parsed)}`);
  return parsed.header;
}

/** Our decode of the whole file (its header's length). */
function decodeAll(bytes: Buffer): Int16Array {
  const h = headerOf(bytes);
  const out = new Int16Array(h.frames * h.channels);
  createInt16Decoder(h)(bytes.subarray(h.dataOffset, h.dataOffset + h.dataBytes), h.frames, out);
  return out;
}

const cases: [AdpcmEncoding, number][] = [
  ['ima-adpcm', 1],
  ['ima-adpcm', 2],
  ['ms-adpcm', 1],
  ['ms-adpcm', 2],
];

describe.each(cases)('%s, %i channel(s), made by sox', (encoding, channels) => {
  const source = { rate: 44100, channels, frames: FRAMES, synth: SWEEP };
  const file = soxAdpcm(encoder, source, encoding);
  const reference = soxDecode(encoder, file.path);
  const h = headerOf(file.bytes);
  const perBlock = h.adpcm!.framesPerBlock;

  it('has the exact length from fact, and the block layout of the fmt chunk', () => {
    expect(h).toMatchObject({ codec: encoding, channels, sampleRate: 44100, playable: true });
    expect(h.frames).toBe(FRAMES);
    expect(h.durationSec).toBe(FRAMES / 44100);
    expect(FRAMES % perBlock).not.toBe(0);
    // sox ignores fact: its decode runs to the end of the last block.
    expect(reference.samples.length).toBe(Math.ceil(FRAMES / perBlock) * perBlock * channels);
  });

  it('decodes every sample as sox does', () => {
    const ours = decodeAll(file.bytes);
    expect(ours.length).toBe(FRAMES * channels);
    expect(Buffer.from(ours.buffer).equals(bytesOf(reference.samples, 0, FRAMES * channels))).toBe(
      true,
    );
  });

  it('starts inside a block: the blocks from the one holding it, the frames before dropped', () => {
    const decode = createInt16Decoder(h);
    for (const from of [1, perBlock - 1, perBlock, perBlock + 7, FRAMES - 3]) {
      const count = Math.min(777, FRAMES - from);
      const { position, bytes, skip } = blockSpan(h, from, count);
      expect((position - h.dataOffset) % h.blockAlign).toBe(0);
      const out = new Int16Array((skip + count) * channels);
      decode(file.bytes.subarray(position, position + bytes), skip + count, out);
      const got = out.subarray(skip * channels);
      expect(Array.from(got)).toEqual(
        Array.from(reference.samples.subarray(from * channels, (from + count) * channels)),
      );
    }
  });

  it('draws the peaks of sox’s decode', () => {
    const wav = soxTrim(encoder, reference.path, FRAMES);
    for (const buckets of [1, 97, 4000, 20_000]) {
      const want = computePeaksSync(wav, buckets);
      const got = computePeaksSync(file.path, buckets);
      expect(got.peaks).toEqual(want.peaks);
      expect(got.durationSec).toBe(want.durationSec);
      // Reads of a few blocks at a time land on the same peaks.
      const small = computePeaksSync(file.path, buckets, Buffer.alloc(3 * h.blockAlign + 5));
      expect(small.peaks).toEqual(want.peaks);
    }
  });
});

describe('damaged and unusual ADPCM files, against sox', () => {
  it.each(cases)('%s, %i channel(s): a data chunk cut inside its last block', (encoding, ch) => {
    const file = soxAdpcm(encoder, { rate: 22050, channels: ch, frames: 4000 }, encoding);
    const h = headerOf(file.bytes);
    // Two whole blocks and a few bytes of the third: its header and some codes (for IMA,
    // one whole group per channel and two bytes of the next).
    const cut = 2 * h.blockAlign + (encoding === 'ima-adpcm' ? 8 * ch + 2 : 7 * ch + 13);
    const data = chunkBody(file.bytes, 'data').subarray(0, cut);
    // fact 0: "unknown", as a writer that died before finishing it leaves it.
    const damaged = rebuild(chunkBody(file.bytes, 'fmt '), Buffer.alloc(4), data);
    const reference = soxDecode(encoder, writeAdpcm(encoder, damaged));
    const ours = decodeAll(damaged);
    const perBlock = h.adpcm!.framesPerBlock;
    const partial = encoding === 'ima-adpcm' ? 9 : 2 + Math.floor((2 * 13) / ch);
    expect(headerOf(damaged).frames).toBe(2 * perBlock + partial);
    expect(Array.from(ours)).toEqual(Array.from(reference.samples));
  });

  it('MS ADPCM without a coefficient table in fmt uses the standard seven', () => {
    const file = soxAdpcm(
      encoder,
      { rate: 44100, channels: 2, frames: 5000, synth: SWEEP },
      'ms-adpcm',
    );
    const fmt = chunkBody(file.bytes, 'fmt ');
    const short = Buffer.from(fmt.subarray(0, 20));
    short.writeUInt16LE(2, 16); // cbSize: frames per block only
    const bare = rebuild(short, chunkBody(file.bytes, 'fact'), chunkBody(file.bytes, 'data'));
    expect(headerOf(bare).adpcm).toEqual({ framesPerBlock: 2036, coefficients: [] });
    expect(Array.from(decodeAll(bare))).toEqual(Array.from(decodeAll(file.bytes)));
    const reference = soxDecode(encoder, file.path).samples.subarray(0, 5000 * 2);
    expect(Array.from(decodeAll(bare))).toEqual(Array.from(reference));
  });

  it('MS ADPCM with its own coefficients decodes with them, as sox does', () => {
    const file = soxAdpcm(
      encoder,
      { rate: 44100, channels: 1, frames: 6000, synth: SWEEP },
      'ms-adpcm',
    );
    const fmt = Buffer.from(chunkBody(file.bytes, 'fmt '));
    // Pairs 1, 4, 5 and 6 (the ones a sweep uses) changed; sox reads the file's table.
    for (const [pair, a, b] of [
      [1, 500, -250],
      [4, 230, 10],
      [5, 440, -190],
      [6, 380, -220],
    ]) {
      fmt.writeInt16LE(a!, 22 + 4 * pair!);
      fmt.writeInt16LE(b!, 24 + 4 * pair!);
    }
    const custom = rebuild(fmt, chunkBody(file.bytes, 'fact'), chunkBody(file.bytes, 'data'));
    const reference = soxDecode(encoder, writeAdpcm(encoder, custom)).samples.subarray(0, 6000);
    const ours = decodeAll(custom);
    expect(Array.from(ours)).toEqual(Array.from(reference));
    expect(Array.from(ours)).not.toEqual(Array.from(decodeAll(file.bytes)));
  });

  it('an out-of-range IMA step index or MS predictor index decodes as sox does', () => {
    for (const encoding of ['ima-adpcm', 'ms-adpcm'] as const) {
      const file = soxAdpcm(
        encoder,
        { rate: 8000, channels: 1, frames: 3000, synth: SWEEP },
        encoding,
      );
      const h = headerOf(file.bytes);
      const bytes = Buffer.from(file.bytes);
      // Block 1's step index (IMA: byte 2) or predictor index (MS: byte 0) set past the table.
      bytes[h.dataOffset + h.blockAlign + (encoding === 'ima-adpcm' ? 2 : 0)] = 200;
      const reference = soxDecode(encoder, writeAdpcm(encoder, bytes)).samples.subarray(0, 3000);
      expect(Array.from(decodeAll(bytes))).toEqual(Array.from(reference));
    }
  });
});

function bytesOf(samples: Int16Array, from: number, to: number): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset + from * 2, (to - from) * 2);
}
