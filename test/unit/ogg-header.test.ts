/**
 * Ogg Vorbis and Opus headers of files made by oggenc(1) and opusenc(1): the exact length from
 * the last page, read from the file's end (need-tail), Opus pre-skip and 48 kHz, tags, damage.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import { recordFromHeader } from '../../src/main/formats/file-record';
import { OGG_FIRST_TAIL_BYTES } from '../../src/main/formats/ogg';
import { header, reason } from '../fixtures/header-parse';
import { Encoder, oggPages, resignOggPage, run } from '../fixtures/encoded-files';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

const layouts = [
  { rate: 8000, channels: 1 },
  { rate: 16000, channels: 2 },
  { rate: 22050, channels: 1 },
  { rate: 44100, channels: 2 },
  { rate: 48000, channels: 1 },
  { rate: 96000, channels: 2 },
];

describe('Ogg Vorbis', () => {
  it.each(layouts)(
    '$rate Hz, $channels ch: exact frames from the last page',
    ({ rate, channels }) => {
      const frames = Math.round(rate * 0.71) + 5;
      const { path, bytes } = encoder.vorbis({ rate, channels, frames });
      const h = header(bytes);
      expect(h).toMatchObject({
        container: 'Ogg',
        codec: 'vorbis',
        codecLabel: 'Vorbis',
        sampleRate: rate,
        channels,
        bitsPerSample: 0,
        frames,
        lengthEstimated: false,
        playable: true,
      });
      expect(h.frames).toBe(Number(run('soxi', ['-s', path]).trim()));
    },
  );

  it('reads the comment header: title, artist, BPM, key, comment', () => {
    const { bytes } = encoder.vorbis({ rate: 44100, channels: 2, frames: 4410 }, [
      '-c',
      'TITLE=Rain on tin',
      '-c',
      'ARTIST=Field Recorder',
      '-c',
      'BPM=99',
      '-c',
      'INITIALKEY=Cm',
      '-c',
      'DESCRIPTION=roof, close mic',
    ]);
    const h = header(bytes);
    expect(h.meta).toEqual({
      title: 'Rain on tin',
      artist: 'Field Recorder',
      key: 'Cm',
      comment: 'roof, close mic',
    });
    expect(h).toMatchObject({ tempo: 99, tempoSource: 'tag' });
  });
});

describe('Ogg Opus', () => {
  it('at 48 kHz: the last granule less the pre-skip is the source length', () => {
    const frames = 48000 + 123;
    const { bytes } = encoder.opus({ rate: 48000, channels: 2, frames });
    expect(header(bytes)).toMatchObject({
      codec: 'opus',
      codecLabel: 'Opus',
      sampleRate: 48000,
      inputSampleRate: 48000,
      channels: 2,
      frames,
    });
  });

  it.each([8000, 16000, 22050, 44100])('from %i Hz: 48 kHz output, the input rate kept', (rate) => {
    const frames = Math.round(rate * 0.9) + 1;
    const { bytes } = encoder.opus({ rate, channels: 1, frames });
    const h = header(bytes);
    expect(h).toMatchObject({ sampleRate: 48000, inputSampleRate: rate, channels: 1 });
    expect(Math.abs(h.frames - (frames * 48000) / rate)).toBeLessThanOrEqual(1);
  });

  it('reads the OpusTags comments', () => {
    const { bytes } = encoder.opus({ rate: 48000, channels: 1, frames: 4800 }, [
      '--title',
      'Opus loop',
      '--artist',
      'Someone',
      '--comment',
      'BPM=97',
      '--comment',
      'TKEY=E',
      '--comment',
      'COMMENT=quiet',
    ]);
    const h = header(bytes);
    expect(h.meta).toEqual({ title: 'Opus loop', artist: 'Someone', key: 'E', comment: 'quiet' });
    expect(h.tempo).toBe(97);
  });
});

describe('an Ogg comment packet over several pages', () => {
  it('is joined: a tag after a 70 KB comment is read', () => {
    const { bytes } = encoder.opus({ rate: 48000, channels: 1, frames: 4800 }, [
      '--comment',
      `DESCRIPTION=${'x'.repeat(70_000)}`,
      '--comment',
      'BPM=101',
    ]);
    expect(oggPages(bytes).length).toBeGreaterThan(3);
    const h = header(bytes);
    expect(h.tempo).toBe(101);
    expect(h.meta.comment).toHaveLength(1000);
  });
});

describe('reading the end of an Ogg file, not all of it', () => {
  const long = encoder.vorbis({ rate: 44100, channels: 2, frames: 44100 * 20 + 9 });

  it('asks for the last 16 KB after the 4 KB prefix, and is exact with them', () => {
    const { bytes } = long;
    expect(bytes.length).toBeGreaterThan(4096 + OGG_FIRST_TAIL_BYTES);
    const prefix = bytes.subarray(0, 4096);
    expect(parseAudioHeader(prefix, bytes.length)).toEqual({
      kind: 'need-tail',
      bytes: OGG_FIRST_TAIL_BYTES,
    });
    const tail = bytes.subarray(bytes.length - OGG_FIRST_TAIL_BYTES);
    expect(parseAudioHeader(prefix, bytes.length, undefined, tail)).toMatchObject({
      kind: 'ok',
      header: { frames: 44100 * 20 + 9 },
    });
  });

  it('readAudioHeaderSync follows need-tail', () => {
    expect(readAudioHeaderSync(long.path).result).toMatchObject({
      kind: 'ok',
      header: { frames: 44100 * 20 + 9, sampleRate: 44100 },
    });
  });

  it('asks once for a larger tail, then names what it could not find', () => {
    const first = long.bytes.subarray(0, oggPages(long.bytes)[0]!.length);
    const file = Buffer.concat([first, Buffer.alloc(200_000)]);
    const asked = parseAudioHeader(
      file.subarray(0, 4096),
      file.length,
      undefined,
      file.subarray(file.length - OGG_FIRST_TAIL_BYTES),
    );
    expect(asked).toEqual({ kind: 'need-tail', bytes: 140_000 });
    expect(reason(file)).toBe(
      'no Ogg page of the stream with a granule position in the last 140.0 KB',
    );
  });
});

describe('damaged Ogg files name what is wrong', () => {
  const { bytes } = encoder.opus({ rate: 48000, channels: 2, frames: 48000 });
  const pages = oggPages(bytes);
  const last = pages[pages.length - 1]!;

  it('a file cut inside the first page header', () => {
    expect(reason(bytes.subarray(0, 20))).toBe(
      'truncated: the file ends at byte 20 inside the Ogg page header at byte 0',
    );
  });

  it('a file cut inside a page', () => {
    const cut = last.at + 100;
    expect(reason(bytes.subarray(0, cut))).toBe(
      `truncated: the Ogg page at byte ${last.at} needs ${last.length} bytes, the file ends at byte ${cut}`,
    );
  });

  it('a page that fails its CRC check, first or last', () => {
    const first = Buffer.from(bytes);
    first[40] = (first[40] ?? 0) ^ 0x01;
    expect(reason(first)).toMatch(
      /^Ogg page at byte 0 fails its CRC check \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/,
    );
    const end = Buffer.from(bytes);
    end[end.length - 10] = (end[end.length - 10] ?? 0) ^ 0x80;
    expect(reason(end)).toMatch(new RegExp(`^Ogg page at byte ${last.at} fails its CRC check`));
  });

  it('a first page that does not begin a stream, a bad version, an unknown codec', () => {
    const first = pages[0]!;
    const noBos = Buffer.from(bytes);
    noBos[5] = 0;
    resignOggPage(noBos, first.at, first.length);
    expect(reason(noBos)).toBe('the first Ogg page does not begin a stream (no BOS flag)');
    const version = Buffer.from(bytes);
    version[4] = 1;
    expect(reason(version)).toBe('Ogg page at byte 0 has version 1 (only 0 exists)');
    const unknown = Buffer.from(bytes);
    const head = first.at + 27 + (bytes[26] ?? 0);
    unknown.write('Xyzw', head, 'latin1');
    resignOggPage(unknown, first.at, first.length);
    expect(reason(unknown)).toBe(
      'Ogg stream of an unknown codec (its first packet starts with "XyzwHead")',
    );
  });

  it('impossible Opus identification fields', () => {
    const first = pages[0]!;
    const head = first.at + 27 + (bytes[26] ?? 0);
    const edit = (offset: number, value: number) => {
      const copy = Buffer.from(bytes);
      copy[head + offset] = value;
      resignOggPage(copy, first.at, first.length);
      return copy;
    };
    expect(reason(edit(8, 0x10))).toBe('Opus version 1.0 is not read (only 0.x)');
    expect(reason(edit(9, 0))).toBe('Opus identification header says 0 channels');
    // A pre-skip past the end: 0xFFFF samples, more than the stream's last granule here.
    const short = encoder.opus({ rate: 48000, channels: 1, frames: 480 }).bytes;
    const skip = Buffer.from(short);
    const shortHead = 27 + (skip[26] ?? 0);
    skip.writeUInt16LE(0xffff, shortHead + 10);
    resignOggPage(skip, 0, oggPages(skip)[0]!.length);
    expect(reason(skip)).toMatch(
      /^the last Ogg page's granule position \d+ is before the Opus pre-skip \(65535\)$/,
    );
  });
});

describe('a scanned Ogg file is listed and playable', () => {
  it('is an ok, playable record with its real duration (played in audio/ogg-stream.ts)', () => {
    const path = join(encoder.dir, 'Texture.ogg');
    writeFileSync(path, encoder.vorbis({ rate: 48000, channels: 2, frames: 24000 }).bytes);
    const read = readAudioHeaderSync(path);
    const record = recordFromHeader(path, encoder.dir, read.sizeBytes, read.mtimeMs, read.result);
    expect(record).toMatchObject({
      status: 'ok',
      format: 'Ogg',
      codec: 'Vorbis',
      bitsPerSample: null,
      frames: 24000,
      durationSec: 0.5,
      playable: true,
    });
  });
});
