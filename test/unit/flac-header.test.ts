/** FLAC headers of files made by flac(1): exact lengths against metaflac, tags, damage. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import { recordFromHeader } from '../../src/main/formats/file-record';
import { playbackReason } from '../../src/main/audio/compressed-pieces';
import { header, reason } from '../fixtures/header-parse';
import { Encoder, id3v23, run } from '../fixtures/encoded-files';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

const layouts = [
  { rate: 8000, channels: 1, bits: 16 },
  { rate: 11025, channels: 2, bits: 16 },
  { rate: 22050, channels: 1, bits: 24 },
  { rate: 32000, channels: 2, bits: 24 },
  { rate: 44100, channels: 2, bits: 16 },
  { rate: 48000, channels: 1, bits: 24 },
  { rate: 88200, channels: 2, bits: 16 },
  { rate: 96000, channels: 2, bits: 24 },
];

describe('FLAC STREAMINFO', () => {
  it.each(layouts)(
    '$rate Hz, $channels ch, $bits bit: exact frames',
    ({ rate, channels, bits }) => {
      const frames = Math.round(rate * 0.37) + 7;
      const { path, bytes } = encoder.flac({ rate, channels, bits, frames });
      const h = header(bytes);
      expect(h).toMatchObject({
        container: 'FLAC',
        codec: 'flac',
        codecLabel: 'FLAC',
        sampleRate: rate,
        channels,
        bitsPerSample: bits,
        frames,
        lengthEstimated: false,
        playable: true,
      });
      expect(h.frames).toBe(Number(run('metaflac', ['--show-total-samples', path]).trim()));
      expect(h.durationSec).toBeCloseTo(frames / rate, 12);
      // flac writes 8 KB of padding as the last block: the audio starts after it, with a sync.
      expect(bytes[h.dataOffset]).toBe(0xff);
      expect(h.dataOffset + h.dataBytes).toBe(bytes.length);
    },
  );

  it('reads the header from the 4 KB prefix the scan reads, padding and all', () => {
    const { bytes } = encoder.flac({ rate: 44100, channels: 2, frames: 44100 }, [
      '--padding=100000',
    ]);
    const result = parseAudioHeader(bytes.subarray(0, 4096), bytes.length);
    expect(result).toMatchObject({
      kind: 'ok',
      header: { frames: 44100, dataOffset: expect.any(Number) },
    });
    if (result.kind === 'ok') expect(result.header.dataOffset).toBeGreaterThan(100_000);
  });
});

describe('FLAC Vorbis comments', () => {
  it('reads title, artist, BPM, key and comment', () => {
    const { bytes } = encoder.flac({ rate: 44100, channels: 2, frames: 4410 }, [
      '--tag=TITLE=Dusty break',
      '--tag=ARTIST=Ünïcode Person',
      '--tag=BPM=120.5',
      '--tag=INITIALKEY=F#m',
      '--tag=COMMENT=from the vault',
    ]);
    const h = header(bytes, 'Break 90 bpm.flac');
    expect(h.meta).toEqual({
      title: 'Dusty break',
      artist: 'Ünïcode Person',
      key: 'F#m',
      comment: 'from the vault',
    });
    // The tag wins over the name.
    expect(h.tempo).toBe(120.5);
    expect(h.tempoSource).toBe('tag');
  });

  it('takes TEMPO as the tempo, and falls back to the name without one', () => {
    const tagged = encoder.flac({ rate: 44100, channels: 1, frames: 441 }, ['--tag=TEMPO=98']);
    expect(header(tagged.bytes)).toMatchObject({ tempo: 98, tempoSource: 'tag' });
    const plain = encoder.flac({ rate: 44100, channels: 1, frames: 441 }, ['--tag=BPM=fast']);
    expect(header(plain.bytes, 'Loop_124_bpm.flac')).toMatchObject({
      tempo: 124,
      tempoSource: 'filename',
    });
  });

  it('skips an ID3v2 tag before fLaC and reads its frames', () => {
    const { bytes } = encoder.flac({ rate: 48000, channels: 2, frames: 4800 });
    const tag = id3v23({ TIT2: 'From ID3', TBPM: '140' }, 300);
    const h = header(Buffer.concat([tag, bytes]));
    expect(h).toMatchObject({
      frames: 4800,
      sampleRate: 48000,
      tempo: 140,
      meta: { title: 'From ID3' },
    });
    expect(h.dataOffset).toBe(tag.length + header(bytes).dataOffset);
  });
});

describe('damaged FLAC files name what is wrong', () => {
  const { bytes } = encoder.flac({ rate: 44100, channels: 2, frames: 22050 }, ['--tag=TITLE=x']);
  const dataOffset = header(bytes).dataOffset;
  const changed = (at: number, ...values: number[]) => {
    const copy = Buffer.from(bytes);
    values.forEach((v, i) => (copy[at + i] = v));
    return copy;
  };

  it('a truncated STREAMINFO', () => {
    expect(reason(bytes.subarray(0, 12))).toBe(
      'truncated STREAMINFO: the file ends at byte 12, the FLAC stream info needs bytes 4 to 42',
    );
  });

  it('a first block that is not STREAMINFO, or of the wrong size', () => {
    expect(reason(changed(4, 0x01))).toBe(
      'the first FLAC metadata block (byte 4) is PADDING, not STREAMINFO',
    );
    expect(reason(changed(5, 0, 0, 0x20))).toBe('FLAC STREAMINFO block is 32 bytes (34 expected)');
  });

  it('impossible stream parameters', () => {
    expect(reason(changed(18, 0, 0, bytes[20]! & 0x0f))).toBe('FLAC STREAMINFO says sample rate 0');
    expect(reason(changed(8, 0, 0, 0, 8))).toBe(
      'FLAC STREAMINFO gives block sizes 0 to 8 samples (16 to 65535 allowed)',
    );
  });

  it('a block past the end of the file', () => {
    const cut = bytes.subarray(0, 60);
    expect(reason(cut)).toMatch(
      /^FLAC (SEEKTABLE|VORBIS_COMMENT) block at byte 42 says .* past the end of the file \(it would end at byte \d+, the file has 60 bytes\)$/,
    );
  });

  it('a file cut inside a block header, a block of the invalid type 127', () => {
    // STREAMINFO ends at byte 42, where the next block header starts.
    expect(reason(bytes.subarray(0, 44))).toBe(
      'truncated FLAC metadata: the file ends at byte 44, inside the block header at byte 42',
    );
    expect(reason(changed(42, 0x7f))).toBe(
      'FLAC metadata block at byte 42 has the invalid type 127',
    );
  });

  it('no audio after the metadata, or no frame sync there', () => {
    expect(reason(bytes.subarray(0, dataOffset))).toBe(
      `no FLAC audio frames: the file ends after its metadata (byte ${dataOffset})`,
    );
    expect(reason(changed(dataOffset, 0, 0))).toBe(
      `no FLAC frame sync after the metadata (byte ${dataOffset} holds 0x00 0x00)`,
    );
  });
});

describe('a scanned FLAC is listed and playable', () => {
  it('is an ok, playable record with its real duration', () => {
    const path = join(encoder.dir, 'Pad.flac');
    writeFileSync(path, encoder.flac({ rate: 96000, channels: 2, bits: 24, frames: 9600 }).bytes);
    const read = readAudioHeaderSync(path);
    const record = recordFromHeader(path, encoder.dir, read.sizeBytes, read.mtimeMs, read.result);
    expect(record).toMatchObject({
      status: 'ok',
      format: 'FLAC',
      codec: 'FLAC',
      sampleRate: 96000,
      bitsPerSample: 24,
      frames: 9600,
      durationSec: 0.1,
      playable: true,
    });
    if (read.result.kind !== 'ok') throw new Error('expected ok');
    expect(playbackReason(read.result.header)).toBeNull();
  });

  it('lists a 32-bit FLAC as not playable, and says why', () => {
    const path = join(encoder.dir, 'Deep.flac');
    writeFileSync(path, encoder.flac({ rate: 48000, channels: 1, bits: 32, frames: 4800 }).bytes);
    const read = readAudioHeaderSync(path);
    const record = recordFromHeader(path, encoder.dir, read.sizeBytes, read.mtimeMs, read.result);
    expect(record).toMatchObject({ status: 'ok', bitsPerSample: 32, playable: false });
    if (read.result.kind !== 'ok') throw new Error('expected ok');
    expect(playbackReason(read.result.header)).toBe('32-bit FLAC is not supported');
  });
});
