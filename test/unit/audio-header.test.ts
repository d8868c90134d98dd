/** The header reader on every WAV and AIFF variant the generators write. */
import { describe, expect, it } from 'vitest';
import type { AudioHeader } from '../../src/main/formats/header-types';
import { expectLayout, header } from '../fixtures/header-parse';
import {
  assemble,
  buildAiff,
  buildWav,
  extended80,
  findChunk,
  imaSamplesPerBlock,
  makeAiff,
  makeWav,
  overwrite,
  setChunkField,
  type AiffOptions,
  type WavOptions,
} from '../fixtures/audio-files';

// ---------------------------------------------------------------- WAV variants

describe('WAV variants', () => {
  const variants: [string, WavOptions, Partial<AudioHeader>][] = [
    ['PCM 8-bit mono', { bits: 8 }, { codec: 'pcm', codecLabel: 'PCM', formatTag: 1 }],
    ['PCM 16-bit stereo', { bits: 16, channels: 2 }, { codec: 'pcm' }],
    ['PCM 24-bit stereo 96 kHz', { bits: 24, channels: 2, sampleRate: 96000 }, { codec: 'pcm' }],
    ['PCM 32-bit 6 channels', { bits: 32, channels: 6 }, { codec: 'pcm' }],
    ['PCM 16-bit 8 channels 48 kHz', { channels: 8, sampleRate: 48000 }, { codec: 'pcm' }],
    ['PCM 16-bit 8 kHz', { sampleRate: 8000 }, { codec: 'pcm' }],
    ['PCM 24-bit 192 kHz', { bits: 24, sampleRate: 192000 }, { codec: 'pcm' }],
    ['PCM 16-bit 384 kHz', { sampleRate: 384000 }, { codec: 'pcm' }],
    [
      'float 32',
      { codec: 'float', bits: 32 },
      { codec: 'float', codecLabel: 'IEEE float', formatTag: 3 },
    ],
    ['float 64 stereo', { codec: 'float', bits: 64, channels: 2 }, { codec: 'float' }],
    [
      'A-law',
      { codec: 'alaw', sampleRate: 8000 },
      { codec: 'alaw', codecLabel: 'A-law', formatTag: 6 },
    ],
    [
      'µ-law stereo',
      { codec: 'mulaw', channels: 2 },
      { codec: 'mulaw', codecLabel: 'µ-law', formatTag: 7 },
    ],
    [
      'EXTENSIBLE PCM 24',
      { bits: 24, channels: 2, extensible: true },
      { codec: 'pcm', formatTag: 1 },
    ],
    ['EXTENSIBLE float', { codec: 'float', extensible: true }, { codec: 'float', formatTag: 3 }],
    ['EXTENSIBLE A-law', { codec: 'alaw', extensible: true }, { codec: 'alaw', formatTag: 6 }],
    ['EXTENSIBLE µ-law', { codec: 'mulaw', extensible: true }, { codec: 'mulaw', formatTag: 7 }],
    ['fmt 14 (WAVEFORMAT)', { fmtSize: 14, channels: 2 }, { codec: 'pcm' }],
    ['fmt 18 (cbSize 0)', { fmtSize: 18 }, { codec: 'pcm' }],
    ['fmt 40 (EXTENSIBLE)', { fmtSize: 40 }, { codec: 'pcm' }],
    ['RIFX PCM 16', { container: 'RIFX' }, { container: 'RIFX', bigEndian: true }],
    [
      'RIFX PCM 24 EXTENSIBLE',
      { container: 'RIFX', bits: 24, extensible: true },
      { container: 'RIFX', extensible: true },
    ],
    ['RIFX float 32', { container: 'RIFX', codec: 'float' }, { container: 'RIFX', codec: 'float' }],
    ['RF64 PCM 16', { container: 'RF64' }, { container: 'RF64', bigEndian: false }],
    [
      'RF64 float 64 stereo',
      { container: 'RF64', codec: 'float', bits: 64, channels: 2 },
      { container: 'RF64' },
    ],
  ];

  it.each(variants)('%s', (_name, options, expected) => {
    const built = buildWav(options);
    const h = header(built.bytes);
    expectLayout(h, built, options.sampleRate ?? 44100, options.channels ?? 1);
    expect(h).toMatchObject({
      container: 'WAV',
      extensible: options.extensible ?? options.fmtSize === 40,
      bigEndian: options.container === 'RIFX',
      playable: true,
      ...expected,
    });
  });

  it('reads IMA ADPCM mono and stereo, frames from fact', () => {
    for (const channels of [1, 2]) {
      const built = buildWav({ codec: 'ima-adpcm', channels, frames: 1234 });
      const h = header(built.bytes);
      expectLayout(h, built, 44100, channels);
      expect(h).toMatchObject({ codec: 'ima-adpcm', codecLabel: 'IMA ADPCM', formatTag: 0x11 });
      expect(h).toMatchObject({
        playable: true,
        adpcm: { framesPerBlock: imaSamplesPerBlock(channels) },
      });
    }
  });

  it('computes IMA ADPCM frames from the block size when there is no fact chunk', () => {
    const built = buildWav({ codec: 'ima-adpcm', channels: 2, frames: 1234, fact: false });
    // Three whole blocks of 505 frames each (the last one padded by the writer).
    expect(header(built.bytes).frames).toBe(3 * imaSamplesPerBlock(2));
  });

  it('reads the MS ADPCM header', () => {
    const built = buildWav({ codec: 'ms-adpcm', channels: 2, frames: 900 });
    const h = header(built.bytes);
    expectLayout(h, built, 44100, 2);
    expect(h).toMatchObject({ codec: 'ms-adpcm', codecLabel: 'MS ADPCM', playable: true });
    const noFact = buildWav({ codec: 'ms-adpcm', frames: 900, fact: false });
    expect(header(noFact.bytes).frames).toBe(2 * 500);
  });

  it('accepts an unknown codec with sane fmt and data, not playable, duration from byte rate', () => {
    const fmt = Buffer.alloc(16);
    fmt.writeUInt16LE(0x55, 0); // MPEG layer 3 in a WAV
    fmt.writeUInt16LE(2, 2);
    fmt.writeUInt32LE(44100, 4);
    fmt.writeUInt32LE(16000, 8);
    fmt.writeUInt16LE(1, 12);
    const file = assemble('RIFF', 'WAVE', [
      { id: 'fmt ', body: fmt },
      { id: 'data', body: Buffer.alloc(32000) },
    ]);
    expect(header(file)).toMatchObject({
      codec: 'other',
      codecLabel: 'format 0x0055',
      formatTag: 0x55,
      playable: false,
      frames: 88200,
      durationSec: 2,
      dataOffset: 44,
      dataBytes: 32000,
    });
  });

  it('calls an EXTENSIBLE file with an unknown sub-format GUID "other"', () => {
    const file = makeWav({ extensible: true });
    const guid = findChunk(file, 'fmt ');
    const h = header(overwrite(file, (guid?.at ?? 0) + 8 + 30, Buffer.from([0x11, 0x00])));
    expect(h).toMatchObject({ codec: 'other', extensible: true, playable: false });
  });

  it('steps over the pad byte of an odd-length data chunk and reads the chunk after it', () => {
    const built = buildWav({ bits: 8, frames: 7, after: [{ type: 'LIST', title: 'after pad' }] });
    const h = header(built.bytes);
    expect(h).toMatchObject({ frames: 7, dataBytes: 7, dataOffset: 44 });
    expect(h.meta.title).toBe('after pad');
    expect(built.bytes[44 + 7]).toBe(0); // the pad byte the writer added
  });

  it('steps over odd-sized chunks before data', () => {
    const built = buildWav({
      before: [
        { type: 'JUNK', bytes: 3 },
        { type: 'LIST', comment: 'odd' },
      ],
    });
    const h = header(built.bytes);
    expect(h.dataOffset).toBe(built.dataOffset);
    expect(h.meta.comment).toBe('odd');
  });

  it('reads an empty data chunk as zero frames', () => {
    expect(header(makeWav({ frames: 0 }))).toMatchObject({
      frames: 0,
      durationSec: 0,
      dataBytes: 0,
    });
  });
});

// ---------------------------------------------------------------- AIFF variants

describe('AIFF variants', () => {
  const variants: [string, AiffOptions, Partial<AudioHeader>][] = [
    ['AIFF 16-bit mono', {}, { container: 'AIFF', codecLabel: 'PCM', bigEndian: true }],
    ['AIFF 8-bit stereo', { bits: 8, channels: 2 }, { container: 'AIFF' }],
    ['AIFF 24-bit 96 kHz', { bits: 24, sampleRate: 96000 }, { container: 'AIFF' }],
    ['AIFF 32-bit 4 channels', { bits: 32, channels: 4 }, { container: 'AIFF' }],
    ['AIFF-C NONE', { compression: 'NONE' }, { container: 'AIFF-C', codecLabel: 'PCM (NONE)' }],
    [
      'AIFF-C twos 24-bit',
      { compression: 'twos', bits: 24 },
      { codecLabel: 'PCM (twos)', bigEndian: true },
    ],
    [
      'AIFF-C sowt',
      { compression: 'sowt', channels: 2 },
      { codec: 'pcm', codecLabel: 'PCM (sowt)', bigEndian: false },
    ],
    ['AIFF-C fl32', { compression: 'fl32' }, { codec: 'float', codecLabel: 'IEEE float (fl32)' }],
    [
      'AIFF-C fl64',
      { compression: 'fl64', channels: 2 },
      { codec: 'float', codecLabel: 'IEEE float (fl64)' },
    ],
    [
      'AIFF-C alaw',
      { compression: 'alaw', sampleRate: 8000 },
      { codec: 'alaw', codecLabel: 'A-law (alaw)' },
    ],
    [
      'AIFF-C ulaw',
      { compression: 'ulaw', sampleRate: 8000 },
      { codec: 'mulaw', codecLabel: 'µ-law (ulaw)' },
    ],
    ['AIFF with an SSND offset', { ssndOffset: 64 }, { container: 'AIFF' }],
  ];

  it.each(variants)('%s', (_name, options, expected) => {
    const built = buildAiff(options);
    const h = header(built.bytes);
    expectLayout(h, built, options.sampleRate ?? 44100, options.channels ?? 1);
    expect(h).toMatchObject({
      codec: 'pcm',
      formatTag: 0,
      extensible: false,
      playable: true,
      ...expected,
    });
  });

  it.each([8000, 11025, 22050, 44100, 48000, 88200, 96000, 176400, 192000, 352800, 384000])(
    'reads the 80-bit sample rate %i exactly',
    (rate) => {
      expect(header(makeAiff({ sampleRate: rate, frames: 10 })).sampleRate).toBe(rate);
    },
  );

  it('reads the 80-bit extended encoding of 44100 as Apple writes it', () => {
    expect([...extended80(44100)]).toEqual([0x40, 0x0e, 0xac, 0x44, 0, 0, 0, 0, 0, 0]);
  });

  it('accepts upper-case AIFF-C compression codes', () => {
    for (const [lower, upper, codec] of [
      ['fl32', 'FL32', 'float'],
      ['fl64', 'FL64', 'float'],
      ['alaw', 'ALAW', 'alaw'],
      ['ulaw', 'ULAW', 'mulaw'],
    ] as const) {
      const file = makeAiff({ compression: lower });
      const comm = findChunk(file, 'COMM');
      const h = header(overwrite(file, (comm?.at ?? 0) + 8 + 18, upper));
      expect(h.codec).toBe(codec);
      expect(h.codecLabel).toContain(upper);
    }
  });

  it('calls other AIFF-C compressions "other", not playable', () => {
    const file = makeAiff({ compression: 'NONE' });
    const comm = findChunk(file, 'COMM');
    const h = header(overwrite(file, (comm?.at ?? 0) + 8 + 18, 'ima4'));
    expect(h).toMatchObject({ codec: 'other', codecLabel: 'compression (ima4)', playable: false });
  });

  it('reads 12-bit AIFF samples as their 16-bit container', () => {
    const file = makeAiff({ bits: 16 });
    const h = header(setChunkField(file, 'COMM', 6, 12, 2));
    expect(h).toMatchObject({ bitsPerSample: 16, blockAlign: 2, playable: true });
  });
});
