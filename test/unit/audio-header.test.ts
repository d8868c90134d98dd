import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_HEADER_BYTES,
  guessTempoFromFileName,
  parseAudioHeader,
  type AudioHeader,
  type HeaderParse,
} from '../../src/main/library/audio-header';
import { describeFsError, readAudioHeaderSync } from '../../src/main/library/read-audio-header';
import {
  assemble,
  buildAiff,
  buildWav,
  chunkBytes,
  extended80,
  findChunk,
  IMA_INDEX_SHIFT,
  IMA_STEPS,
  imaSamplesPerBlock,
  makeAiff,
  makeWav,
  overwrite,
  setChunkField,
  setChunkSize,
  setU32,
  testSignal,
  truncate,
  type AiffOptions,
  type BuiltFile,
  type WavOptions,
} from '../fixtures/audio-files';

function parse(file: Uint8Array, fileName?: string): HeaderParse {
  return parseAudioHeader(file, file.length, fileName);
}

function header(file: Uint8Array, fileName?: string): AudioHeader {
  const result = parse(file, fileName);
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.header;
}

function reason(file: Uint8Array, fileSize = file.length): string {
  const result = parseAudioHeader(file, fileSize);
  if (result.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.reason;
}

/** The fields every variant must get exactly right, from what the generator wrote. */
function expectLayout(
  h: AudioHeader,
  built: BuiltFile,
  sampleRate: number,
  channels: number,
): void {
  expect(h).toMatchObject({
    sampleRate,
    channels,
    bitsPerSample: built.bits,
    blockAlign: built.blockAlign,
    frames: built.frames,
    dataOffset: built.dataOffset,
    dataBytes: built.dataBytes,
  });
  expect(h.durationSec).toBeCloseTo(built.frames / sampleRate, 12);
}

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
      expect(h.playable).toBe(false);
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
    expect(h).toMatchObject({ codec: 'ms-adpcm', codecLabel: 'MS ADPCM', playable: false });
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

// ---------------------------------------------------------------- metadata

describe('metadata', () => {
  it('reads bext description, originator and date', () => {
    const h = header(
      makeWav({
        before: [
          {
            type: 'bext',
            description: 'Door slam, close',
            originator: 'Field Rec',
            date: '2023-11-05',
          },
        ],
      }),
    );
    expect(h.meta).toEqual({
      description: 'Door slam, close',
      originator: 'Field Rec',
      originationDate: '2023-11-05',
    });
  });

  it('reads LIST/INFO title, artist and comment, before or after data', () => {
    const info = {
      type: 'LIST',
      title: 'Deep Kick',
      artist: 'Ann',
      comment: 'tuned to F',
    } as const;
    const expected = { title: 'Deep Kick', artist: 'Ann', comment: 'tuned to F' };
    expect(header(makeWav({ before: [info] })).meta).toEqual(expected);
    expect(header(makeWav({ after: [info] })).meta).toEqual(expected);
    expect(header(makeWav({ container: 'RIFX', after: [info] })).meta).toEqual(expected);
  });

  it('reads smpl root note and loops', () => {
    const h = header(
      makeWav({
        before: [
          {
            type: 'smpl',
            rootNote: 65,
            loops: [
              { start: 100, end: 900 },
              { start: 0, end: 50 },
            ],
          },
        ],
      }),
    );
    expect(h.meta.rootNote).toBe(65);
    expect(h.meta.loops).toEqual([
      { start: 100, end: 900 },
      { start: 0, end: 50 },
    ]);
  });

  it('reads acid tempo and beats, which win over the file name', () => {
    const h = header(
      makeWav({ after: [{ type: 'acid', tempo: 126.5, beats: 16 }] }),
      'Loop 90bpm.wav',
    );
    expect(h).toMatchObject({ tempo: 126.5, tempoSource: 'acid' });
    expect(h.meta.beats).toBe(16);
  });

  it('reads AIFF NAME, AUTH, ANNO and INST/MARK', () => {
    const h = header(
      makeAiff({
        name: 'Bell',
        author: 'Bo',
        annotation: 'struck softly',
        instrument: { rootNote: 72, loop: { start: 200, end: 800 } },
      }),
    );
    expect(h.meta).toEqual({
      title: 'Bell',
      artist: 'Bo',
      comment: 'struck softly',
      rootNote: 72,
      loops: [{ start: 200, end: 800 }],
    });
  });

  it('decodes UTF-8, falls back to Latin-1, trims NULs and spaces, caps the length', () => {
    const latin1 = Buffer.from('Caf\xe9 \x00\x00junk', 'latin1');
    const long = 'x'.repeat(5000);
    const file = makeWav({
      before: [
        { type: 'LIST', title: 'Ünïcødé ♪  ', artist: long },
        {
          type: 'raw',
          chunk: {
            id: 'LIST',
            body: Buffer.concat([
              Buffer.from('INFO'),
              chunkBytes({ id: 'ICMT', body: latin1 }, false),
            ]),
          },
        },
      ],
    });
    const h = header(file);
    expect(h.meta.title).toBe('Ünïcødé ♪');
    expect(h.meta.artist).toHaveLength(1000);
    expect(h.meta.comment).toBe('Café');
  });

  it('does not ask for metadata after data that lies beyond the prefix', () => {
    const file = makeWav({ frames: 20_000, after: [{ type: 'LIST', title: 'far away' }] });
    const result = parseAudioHeader(file.subarray(0, 4096), file.length);
    expect(result.kind).toBe('ok');
    expect(result.kind === 'ok' && result.header.meta.title).toBeUndefined();
    expect(header(file).meta.title).toBe('far away');
  });

  it('skips metadata after data whose chunk runs past the end of the file', () => {
    const file = makeWav({ after: [{ type: 'LIST', title: 'cut' }] });
    const h = header(setChunkSize(file, 'LIST', 0xfffffff0));
    expect(h.frames).toBe(1000);
  });
});

// ---------------------------------------------------------------- tempo from the file name

describe('tempo from the file name', () => {
  it.each([
    ['Loop 120bpm.wav', 120],
    ['drums_128_Am.wav', 128],
    ['Loop 90 BPM.wav', 90],
    ['Funk-Break-95-bpm.aif', 95],
    ['BPM140 hats.wav', 140],
    ['bpm_174_amen.wav', 174],
    ['Pad 92.5bpm.wav', 92.5],
    ['/samples/120bpm/Kick 01.wav', null], // only the name counts, not the folder
    ['Kick 01.wav', null],
    ['Snare_808_.wav', null], // out of 40..300
    ['Loop 30bpm.wav', null],
    ['Kick 100.wav', null], // a trailing number is more often an index
    ['take_0120_.wav', null], // leading zero: an index
    ['24bit_48k.wav', null],
  ])('%s → %s', (name, tempo) => {
    expect(guessTempoFromFileName(name)).toBe(tempo);
    const h = header(makeWav({ frames: 10 }), name);
    expect(h.tempo).toBe(tempo);
    expect(h.tempoSource).toBe(tempo === null ? null : 'filename');
  });
});

// ---------------------------------------------------------------- corrupt files

describe('corrupt files give a specific reason', () => {
  const wav = makeWav();

  it('rejects files that are not audio', () => {
    expect(reason(Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00', 'latin1'))).toBe(
      'not an audio file: starts with "PK\\x03\\x04"',
    );
    expect(reason(Buffer.from('hello, world, this is text'))).toBe(
      'not an audio file: starts with "hell"',
    );
    expect(reason(Buffer.from([0x89]))).toBe('not an audio file: starts with "\\x89"');
  });

  it('names audio formats it does not read', () => {
    expect(reason(Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00', 'latin1'))).toBe(
      'unsupported audio format: MPEG audio (MP3) (only WAV and AIFF are read)',
    );
    expect(reason(Buffer.from('fLaC\x00\x00\x00\x22\x00\x00\x00\x00', 'latin1'))).toBe(
      'unsupported audio format: FLAC (only WAV and AIFF are read)',
    );
  });

  it('rejects an empty file', () => {
    expect(reason(Buffer.alloc(0))).toBe('empty file (0 bytes)');
  });

  it('rejects RIFF and FORM files of other types', () => {
    expect(reason(overwrite(wav, 8, 'AVI '))).toBe('RIFF file of type "AVI " is not WAVE');
    expect(reason(overwrite(makeAiff(), 8, '8SVX'))).toBe('FORM file of type "8SVX" is not AIFF');
  });

  it('reports where a truncated header ends', () => {
    expect(reason(truncate(wav, 2))).toBe(
      'truncated header: file ends at byte 2 inside the RIFF header',
    );
    expect(reason(truncate(wav, 8))).toBe(
      'truncated header: file ends at byte 8 inside the RIFF header',
    );
    expect(reason(truncate(wav, 20))).toBe(
      'truncated header: file ends at byte 20 inside the fmt chunk',
    );
    expect(reason(truncate(wav, 40))).toBe(
      'truncated header: file ends at byte 40 inside a chunk header',
    );
    expect(reason(truncate(makeAiff(), 30))).toBe(
      'truncated header: file ends at byte 30 inside the COMM chunk',
    );
  });

  it('reports a data chunk longer than the file', () => {
    const big = makeWav({ frames: 600_000 }); // 1.2 MB
    expect(reason(setChunkSize(big, 'data', 9_900_000))).toBe(
      'data chunk says 9.9 MB but the file ends after 1.2 MB',
    );
    expect(reason(truncate(wav, 1044))).toBe(
      'data chunk says 2.0 KB but the file ends after 1.0 KB',
    );
    expect(reason(truncate(wav, 2040))).toBe(
      'data chunk says 2.0 KB but the file ends after 2.0 KB (it would end at byte 2044, the file has 2040 bytes)',
    );
    expect(reason(truncate(makeAiff(), 1000))).toBe(
      'SSND chunk says 2.0 KB but the file ends after 1.0 KB',
    );
  });

  it('reports a chunk before data that runs past the end of the file', () => {
    const big = makeWav({ frames: 600_000, before: [{ type: 'LIST', title: 't' }] });
    expect(reason(setChunkSize(big, 'LIST', 0xffffffff))).toBe(
      'chunk "LIST" at byte 36 says 4.3 GB, past the end of the file (1.2 MB)',
    );
  });

  it('reports missing or misplaced fmt and data chunks', () => {
    const fmt = findChunk(wav, 'fmt ');
    const fmtChunk = wav.subarray(fmt?.at ?? 0, (fmt?.at ?? 0) + 24);
    const dataChunk = wav.subarray(36);
    const riff = (...parts: Uint8Array[]): Buffer => {
      const body = Buffer.concat([Buffer.from('WAVE'), ...parts]);
      return Buffer.concat([
        Buffer.from('RIFF'),
        setU32(Buffer.alloc(4), 0, body.length, false),
        body,
      ]);
    };
    expect(reason(riff(dataChunk, fmtChunk))).toBe('no fmt chunk before data');
    expect(reason(riff(fmtChunk))).toBe('no data chunk');
    expect(reason(riff(chunkBytes({ id: 'LIST', body: Buffer.from('INFO') }, false)))).toBe(
      'no fmt chunk',
    );
    expect(reason(riff())).toBe('no fmt chunk');
    const aiff = makeAiff();
    const ssnd = findChunk(aiff, 'SSND');
    expect(reason(truncate(aiff, ssnd?.at ?? 0))).toBe('no SSND chunk');
    const commLast = assemble('FORM', 'AIFF', [
      { id: 'SSND', body: Buffer.alloc(8 + 20) },
      { id: 'COMM', body: Buffer.alloc(18) },
    ]);
    expect(reason(commLast)).toBe('no COMM chunk before SSND');
  });

  it('validates the fmt fields', () => {
    const field = (offset: number, value: number, width: 2 | 4 = 2): string =>
      reason(setChunkField(wav, 'fmt ', offset, value, width));
    expect(field(2, 0)).toBe('fmt says 0 channels');
    expect(field(2, 100)).toBe('fmt says 100 channels (at most 64)');
    expect(field(4, 0, 4)).toBe('fmt says sample rate 0');
    expect(field(4, 2_000_000, 4)).toBe('fmt says sample rate 2000000 (at most 1000000)');
    expect(field(12, 0)).toBe('fmt says block align 0');
    expect(field(12, 3)).toBe('block align 3 does not match 1 channel × 16 bits');
    expect(field(14, 13)).toBe('bits per sample 13 is not valid for PCM');
    expect(reason(setChunkField(makeWav({ channels: 2 }), 'fmt ', 12, 3, 2))).toBe(
      'block align 3 does not match 2 channels × 16 bits',
    );
    expect(reason(setChunkField(makeWav({ codec: 'float' }), 'fmt ', 14, 24, 2))).toBe(
      'bits per sample 24 is not valid for IEEE float',
    );
    expect(reason(setChunkField(makeWav({ codec: 'alaw' }), 'fmt ', 14, 16, 2))).toBe(
      'bits per sample 16 is not valid for A-law',
    );
  });

  it('validates the fmt chunk size', () => {
    const fmt12 = assemble('RIFF', 'WAVE', [
      { id: 'fmt ', body: Buffer.alloc(12) },
      { id: 'data', body: Buffer.alloc(4) },
    ]);
    expect(reason(fmt12)).toBe('fmt chunk is 12 bytes (at least 14 needed)');
    const short = setChunkField(makeWav({ fmtSize: 18 }), 'fmt ', 0, 0xfffe, 2);
    expect(reason(short)).toBe('EXTENSIBLE fmt chunk is 18 bytes (at least 40 needed)');
  });

  it('requires ds64 for an RF64 data size of 0xFFFFFFFF', () => {
    const rf64 = makeWav({ container: 'RF64' });
    expect(reason(overwrite(rf64, 12, 'JUNK'))).toBe(
      'RF64 data size is 0xFFFFFFFF but no ds64 chunk comes before data',
    );
  });

  it('reports garbage where a chunk header should be', () => {
    expect(reason(overwrite(wav, 12, Buffer.alloc(4)))).toBe(
      'corrupt chunk header at byte 12: id "\\x00\\x00\\x00\\x00"',
    );
  });

  it('validates COMM and SSND', () => {
    const aiff = makeAiff();
    expect(reason(setChunkField(aiff, 'COMM', 0, 0, 2))).toBe('COMM says 0 channels');
    expect(reason(overwrite(aiff, (findChunk(aiff, 'COMM')?.at ?? 0) + 16, Buffer.alloc(10)))).toBe(
      'COMM says sample rate 0',
    );
    expect(reason(setChunkField(aiff, 'COMM', 6, 40, 2))).toBe(
      'bits per sample 40 is not valid for PCM',
    );
    expect(reason(setChunkField(aiff, 'SSND', 0, 5000, 4))).toBe(
      'SSND offset 5000 is past the end of its chunk',
    );
    const comm16 = assemble('FORM', 'AIFF', [
      { id: 'COMM', body: Buffer.alloc(16) },
      { id: 'SSND', body: Buffer.alloc(8) },
    ]);
    expect(reason(comm16)).toBe('COMM chunk is 16 bytes (at least 18 needed)');
  });

  it('gives up on a header longer than the need-more cap', () => {
    const head = assemble('RIFF', 'WAVE', [
      { id: 'fmt ', body: findFmtBody(wav) },
      { id: 'JUNK', body: Buffer.alloc(0), sizeField: 20_000_000 },
    ]);
    expect(reason(head, 30_000_000)).toBe(
      'header too long: chunk "JUNK" at byte 36 (20.0 MB) comes before the audio data; only the first 16.0 MB are read',
    );
  });
});

function findFmtBody(file: Buffer): Buffer {
  const fmt = findChunk(file, 'fmt ');
  if (!fmt) throw new Error('no fmt');
  return file.subarray(fmt.at + 8, fmt.at + 8 + fmt.size);
}

// ---------------------------------------------------------------- prefixes and need-more

describe('prefixes', () => {
  it('asks for more when a chunk before data does not fit the prefix, then reads it', () => {
    const built = buildWav({
      before: [
        { type: 'JUNK', bytes: 65_536 },
        { type: 'LIST', title: 'late' },
      ],
    });
    const first = parseAudioHeader(built.bytes.subarray(0, 4096), built.bytes.length);
    expect(first.kind).toBe('need-more');
    const asked = first.kind === 'need-more' ? first.bytes : 0;
    expect(asked).toBeGreaterThan(36 + 8 + 65_536);
    expect(asked).toBeLessThanOrEqual(Math.min(built.bytes.length, MAX_HEADER_BYTES));
    const second = parseAudioHeader(built.bytes.subarray(0, asked), built.bytes.length);
    expect(second.kind === 'ok' && second.header.dataOffset).toBe(built.dataOffset);
    expect(second.kind === 'ok' && second.header.meta.title).toBe('late');
  });

  it('asks for the first bytes when given fewer than 12', () => {
    expect(parseAudioHeader(makeWav().subarray(0, 4), 2044)).toEqual({
      kind: 'need-more',
      bytes: 2044,
    });
  });
});

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
