/** Corrupt and truncated files get a specific reason; short prefixes ask for more. */
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES } from '../../src/main/formats/header-types';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import { reason } from '../fixtures/header-parse';
import {
  assemble,
  buildWav,
  chunkBytes,
  findChunk,
  makeAiff,
  makeWav,
  overwrite,
  setChunkField,
  setChunkSize,
  setU32,
  truncate,
} from '../fixtures/audio-files';

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
    expect(reason(Buffer.from('caff\x00\x01\x00\x00desc\x00\x00', 'latin1'))).toBe(
      'unsupported audio format: CAF (only WAV, AIFF, FLAC, MP3 and Ogg are read)',
    );
    expect(reason(Buffer.from('\x00\x00\x00\x20ftypM4A \x00\x00', 'latin1'))).toBe(
      'unsupported audio format: MP4/M4A (only WAV, AIFF, FLAC, MP3 and Ogg are read)',
    );
    expect(reason(Buffer.from('\xff\xf1\x50\x80\x02\x1f\xfc\x00\x00\x00\x00\x00', 'latin1'))).toBe(
      'unsupported audio format: AAC (ADTS) (only WAV, AIFF, FLAC, MP3 and Ogg are read)',
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

  it('validates ADPCM block layouts', () => {
    const ima = makeWav({ codec: 'ima-adpcm', frames: 2000 }); // blocks of 256 bytes, 505 frames
    const ms = makeWav({ codec: 'ms-adpcm', channels: 2, frames: 2000 }); // 512 bytes, 500 frames
    expect(reason(setChunkField(ima, 'fmt ', 12, 0, 2))).toBe('fmt says block align 0');
    expect(reason(setChunkField(ms, 'fmt ', 12, 0, 2))).toBe('fmt says block align 0');
    expect(reason(setChunkField(ima, 'fmt ', 12, 3, 2))).toBe(
      'block align 3 is too small for IMA ADPCM with 1 channel',
    );
    expect(reason(setChunkField(ms, 'fmt ', 12, 13, 2))).toBe(
      'block align 13 is too small for MS ADPCM with 2 channels',
    );
    // Frames per block (fmt extension) more than the block holds.
    expect(reason(setChunkField(ima, 'fmt ', 18, 1017, 2))).toBe(
      'IMA ADPCM fmt says 1017 frames per block, but block align 256 holds at most 505 (1 channel)',
    );
    expect(reason(setChunkField(ms, 'fmt ', 12, 256, 2))).toBe(
      'MS ADPCM fmt says 500 frames per block, but block align 256 holds at most 244 (2 channels)',
    );
    expect(reason(setChunkField(ms, 'fmt ', 20, 40, 2))).toBe(
      'MS ADPCM fmt says 40 predictor pairs, but its extension holds 7',
    );
    // The last block cut off by the end of the file (not by the data chunk's size).
    expect(reason(truncate(ima, ima.length - 100))).toBe(
      'data chunk says 1.0 KB but the file ends after 984 B',
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
