/**
 * MP3 headers of files made by lame(1): the gapless length from the LAME tag against the
 * source's, the estimate without one, ID3v2 tags, VBRI, damage.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import { recordFromHeader } from '../../src/main/formats/file-record';
import { playbackReason } from '../../src/main/audio/compressed-pieces';
import { frameHeader } from '../../src/main/formats/mp3';
import { header, reason } from '../fixtures/header-parse';
import { Encoder, id3v23 } from '../fixtures/encoded-files';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

/** Rates of all three MPEG versions: 2.5 (8k, 11k), 2 (16k-24k) and 1 (32k-48k). */
const layouts = [
  { rate: 8000, channels: 1, version: '2.5' },
  { rate: 11025, channels: 2, version: '2.5' },
  { rate: 16000, channels: 1, version: '2' },
  { rate: 22050, channels: 2, version: '2' },
  { rate: 24000, channels: 1, version: '2' },
  { rate: 32000, channels: 2, version: '1' },
  { rate: 44100, channels: 1, version: '1' },
  { rate: 48000, channels: 2, version: '1' },
];

describe('MP3 with a LAME tag: the gapless length', () => {
  it.each(layouts)('CBR, $rate Hz, $channels ch (MPEG-$version)', ({ rate, channels, version }) => {
    const frames = Math.round(rate * 0.83) + 11;
    const { bytes } = encoder.mp3({ rate, channels, frames }, [
      '--cbr',
      '-b',
      '64',
      '--resample',
      `${rate / 1000}`,
    ]);
    const h = header(bytes);
    expect(h).toMatchObject({
      container: 'MP3',
      codec: 'mp3',
      codecLabel: 'MP3',
      sampleRate: rate,
      channels,
      bitsPerSample: 0,
      frames,
      lengthEstimated: false,
      bitrate: 64_000,
      playable: true,
    });
    expect(frameHeader(bytes, h.dataOffset)?.version).toBe(version);
  });

  it.each(layouts)('VBR, $rate Hz, $channels ch', ({ rate, channels }) => {
    const frames = Math.round(rate * 1.1) + 3;
    const { bytes } = encoder.mp3({ rate, channels, frames }, [
      '-V',
      '2',
      '--resample',
      `${rate / 1000}`,
    ]);
    expect(header(bytes)).toMatchObject({
      sampleRate: rate,
      channels,
      frames,
      lengthEstimated: false,
    });
  });
});

describe('MP3 without a Xing/Info frame', () => {
  it('estimates the length from the bitrate and the file size, and says so', () => {
    const frames = 44100 * 2 + 17;
    const { bytes } = encoder.mp3({ rate: 44100, channels: 2, frames }, [
      '-t',
      '--cbr',
      '-b',
      '128',
    ]);
    const h = header(bytes);
    expect(h).toMatchObject({
      sampleRate: 44100,
      lengthEstimated: true,
      dataOffset: 0,
      bitrate: 128_000,
    });
    // The estimate counts whole frames, encoder delay and padding included: within 3 frames.
    expect(Math.abs(h.frames - frames)).toBeLessThan(3 * 1152);
  });

  it('reads a VBRI frame for the length', () => {
    const { bytes } = encoder.mp3({ rate: 44100, channels: 2, frames: 44100 }, [
      '-t',
      '--cbr',
      '-b',
      '128',
    ]);
    const file = Buffer.from(bytes);
    const vbri = 4 + 32;
    file.write('VBRI', vbri, 'latin1');
    file.writeUInt16BE(1, vbri + 4);
    file.writeUInt32BE(file.length, vbri + 10);
    file.writeUInt32BE(37, vbri + 14);
    expect(header(file)).toMatchObject({ frames: 37 * 1152, lengthEstimated: false });
  });

  it('finds the first frame after junk by the .mp3 extension', () => {
    const { bytes } = encoder.mp3({ rate: 44100, channels: 2, frames: 44100 }, ['-t']);
    const junk = Buffer.from('some junk before the audio');
    const file = Buffer.concat([junk, bytes]);
    expect(header(file, 'junk.mp3')).toMatchObject({ dataOffset: junk.length, sampleRate: 44100 });
    expect(reason(file)).toBe('not an audio file: starts with "some"');
  });
});

describe('MP3 ID3v2 tags', () => {
  it('reads the tags lame writes (UTF-16 text, COMM, TBPM, TKEY)', () => {
    const { bytes } = encoder.mp3({ rate: 44100, channels: 2, frames: 4410 }, [
      '--tt',
      'Wobble bass',
      '--ta',
      'Ünïcode Person',
      '--tc',
      'made in a hurry',
      '--tv',
      'TBPM=128',
      '--tv',
      'TKEY=Am',
    ]);
    const h = header(bytes, 'Wobble 90 bpm.mp3');
    expect(h.meta).toEqual({
      title: 'Wobble bass',
      artist: 'Ünïcode Person',
      comment: 'made in a hurry',
      key: 'Am',
    });
    expect(h).toMatchObject({ tempo: 128, tempoSource: 'tag', frames: 4410 });
  });

  it('reads Latin-1 frames of a tag we write, and skips its padding', () => {
    const { bytes } = encoder.mp3({ rate: 48000, channels: 1, frames: 4800 });
    const tag = id3v23({ TIT2: 'Latin', TPE1: 'Ärtist', TBPM: '93', COMM: 'note' }, 500);
    const h = header(Buffer.concat([tag, bytes]));
    expect(h).toMatchObject({
      frames: 4800,
      tempo: 93,
      meta: { title: 'Latin', artist: 'Ärtist', comment: 'note' },
    });
  });

  it('asks for more than the 4 KB prefix when the tag is larger', () => {
    const { bytes } = encoder.mp3({ rate: 44100, channels: 2, frames: 4410 });
    const file = Buffer.concat([id3v23({ TIT2: 'big' }, 20_000), bytes]);
    const first = parseAudioHeader(file.subarray(0, 4096), file.length);
    expect(first.kind).toBe('need-more');
    if (first.kind !== 'need-more') return;
    expect(parseAudioHeader(file.subarray(0, first.bytes), file.length)).toMatchObject({
      kind: 'ok',
      header: { frames: 4410, meta: { title: 'big' } },
    });
  });
});

describe('damaged MP3 files name what is wrong', () => {
  const { bytes } = encoder.mp3({ rate: 44100, channels: 2, frames: 44100 }, [
    '-t',
    '--cbr',
    '-b',
    '128',
  ]);
  const tag = id3v23({ TIT2: 'x' });

  it('an ID3v2 size that is not sync-safe, or past the end', () => {
    const bad = Buffer.concat([tag, bytes]);
    bad[8] = 0x80;
    expect(reason(bad)).toBe('ID3v2 tag at byte 0: size is not sync-safe (byte 8 is 0x80)');
    const long = Buffer.concat([tag, bytes]);
    long.set([0x7f, 0x7f, 0x7f, 0x7f], 6);
    expect(reason(long)).toBe(
      `ID3v2 tag says 268435465 bytes, past the end of the file (it has ${long.length} bytes)`,
    );
  });

  it('nothing after the tag', () => {
    expect(reason(tag)).toBe(
      `no MPEG audio after the ID3v2 tag: the file ends at byte ${tag.length}`,
    );
  });

  it('no frame sync within the search window', () => {
    const file = Buffer.concat([tag, Buffer.alloc(70_000), bytes]);
    expect(reason(file)).toBe(
      `no MPEG frame sync within 65536 bytes after the ID3v2 tag (byte ${tag.length})`,
    );
  });

  it('a first frame cut short', () => {
    const size = frameHeader(bytes, 0)?.bytes;
    expect(reason(bytes.subarray(0, 200))).toBe(
      `truncated: the MPEG frame at byte 0 needs ${size} bytes, the file ends at byte 200`,
    );
  });

  it('Layer I and II are named, not read', () => {
    const layer2 = Buffer.from(bytes);
    for (let at = 0, frame = frameHeader(layer2, 0); frame; frame = frameHeader(layer2, at)) {
      layer2[at + 1] = 0xfd; // MPEG-1 Layer II, no CRC
      at += frame.bytes;
    }
    expect(reason(layer2)).toBe('MPEG-1 Layer II audio at byte 0: only Layer III (MP3) is read');
  });

  it('free-format bitrate is named, not read', () => {
    const free = Buffer.from(bytes);
    for (let at = 0, frame = frameHeader(free, 0); frame; frame = frameHeader(free, at)) {
      free[at + 2] = (free[at + 2] ?? 0) & 0x0f;
      at += frame.bytes;
    }
    expect(reason(free)).toBe('free-format MP3 at byte 0: frames without a bitrate are not read');
  });
});

describe('a scanned MP3 is listed and playable', () => {
  it('is an ok, playable record with its real duration', () => {
    const path = join(encoder.dir, 'Loop.mp3');
    writeFileSync(path, encoder.mp3({ rate: 44100, channels: 2, frames: 22050 }).bytes);
    const read = readAudioHeaderSync(path);
    const record = recordFromHeader(path, encoder.dir, read.sizeBytes, read.mtimeMs, read.result);
    expect(record).toMatchObject({
      status: 'ok',
      format: 'MP3',
      codec: 'MP3',
      bitsPerSample: null,
      frames: 22050,
      durationSec: 0.5,
      playable: true,
    });
    if (read.result.kind !== 'ok') throw new Error('expected ok');
    expect(playbackReason(read.result.header)).toBeNull();
  });

  it('marks an estimated duration in the record', () => {
    const path = join(encoder.dir, 'Untagged.mp3');
    writeFileSync(path, encoder.mp3({ rate: 44100, channels: 2, frames: 22050 }, ['-t']).bytes);
    const read = readAudioHeaderSync(path);
    const record = recordFromHeader(path, encoder.dir, read.sizeBytes, read.mtimeMs, read.result);
    expect(record.meta).toEqual({ durationEstimated: true });
  });
});
