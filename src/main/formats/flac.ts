/**
 * FLAC: the metadata blocks after "fLaC" (which an ID3v2 tag may precede). STREAMINFO gives the
 * rate, channels, bits and the exact length; VORBIS_COMMENT the tags. The audio starts after the
 * last block, with a frame sync.
 */

import { MAX_SAMPLE_RATE, fail, ok, type HeaderParse, type Input } from './header-types';
import { needMore } from './chunks';
import { humanBytes } from './byte-text';
import { emptyTags, readVorbisComments, tagFields, type Tags } from './tags';

const STREAMINFO_BYTES = 34;
const BLOCK_HEADER_BYTES = 4;
/** More blocks than this before the audio is corrupt (real files have a handful). */
const MAX_BLOCKS = 1000;
/** A FLAC stream whose STREAMINFO leaves the length out is estimated at this size ratio. */
const TYPICAL_COMPRESSION = 0.6;
/**
 * The deepest FLAC the player decodes: its conversion to 16 bits is exact up to 24 (flac 1.4
 * writes up to 32). Channels need no limit: FLAC has at most 8, and libFLAC decodes them all.
 */
export const FLAC_MAX_PLAYABLE_BITS = 24;

const BLOCK_NAMES = [
  'STREAMINFO',
  'PADDING',
  'APPLICATION',
  'SEEKTABLE',
  'VORBIS_COMMENT',
  'CUESHEET',
  'PICTURE',
];

interface StreamInfo {
  sampleRate: number;
  channels: number;
  bits: number;
  totalSamples: number;
}

/** `start` is the offset of "fLaC" (0, or the end of an ID3v2 tag). */
export function parseFlac(input: Input, start: number, tags: Tags = emptyTags()): HeaderParse {
  const { bytes, len, fileSize } = input;
  const infoAt = start + 4 + BLOCK_HEADER_BYTES;
  if (infoAt + STREAMINFO_BYTES > fileSize) {
    return fail(
      `truncated STREAMINFO: the file ends at byte ${fileSize}, ` +
        `the FLAC stream info needs bytes ${start + 4} to ${infoAt + STREAMINFO_BYTES}`,
    );
  }
  const need = needMore(input, infoAt + STREAMINFO_BYTES, 'the FLAC STREAMINFO block');
  if (need) return need;
  const firstType = (bytes[start + 4] ?? 0) & 0x7f;
  if (firstType !== 0) {
    return fail(
      `the first FLAC metadata block (byte ${start + 4}) is ${blockName(firstType)}, not STREAMINFO`,
    );
  }
  const infoLength = u24(bytes, start + 5);
  if (infoLength !== STREAMINFO_BYTES) {
    return fail(`FLAC STREAMINFO block is ${infoLength} bytes (${STREAMINFO_BYTES} expected)`);
  }
  const info = readStreamInfo(bytes, infoAt);
  if (typeof info === 'string') return fail(info);

  let pos = start + 4;
  let dataOffset: number | undefined;
  for (let blocks = 0; dataOffset === undefined; blocks++) {
    if (blocks >= MAX_BLOCKS) return fail(`more than ${MAX_BLOCKS} FLAC metadata blocks`);
    if (pos + BLOCK_HEADER_BYTES > fileSize) {
      return fail(
        `truncated FLAC metadata: the file ends at byte ${fileSize}, inside the block header at byte ${pos}`,
      );
    }
    const more = needMore(
      input,
      pos + BLOCK_HEADER_BYTES,
      `the FLAC metadata block at byte ${pos}`,
    );
    if (more) return more;
    const type = (bytes[pos] ?? 0) & 0x7f;
    const last = ((bytes[pos] ?? 0) & 0x80) !== 0;
    const length = u24(bytes, pos + 1);
    const body = pos + BLOCK_HEADER_BYTES;
    if (type === 127) return fail(`FLAC metadata block at byte ${pos} has the invalid type 127`);
    if (body + length > fileSize) {
      return fail(
        `FLAC ${blockName(type)} block at byte ${pos} says ${humanBytes(length)}, past the end of ` +
          `the file (it would end at byte ${body + length}, the file has ${fileSize} bytes)`,
      );
    }
    if (type === 4) {
      const comments = needMore(
        input,
        body + length,
        `the FLAC VORBIS_COMMENT block at byte ${pos}`,
      );
      if (comments) return comments;
      readVorbisComments(bytes, body, body + length, tags);
    }
    pos = body + length;
    if (last) dataOffset = pos;
  }

  if (dataOffset === fileSize && info.totalSamples > 0) {
    return fail(`no FLAC audio frames: the file ends after its metadata (byte ${fileSize})`);
  }
  if (dataOffset + 2 <= len) {
    const b0 = bytes[dataOffset] ?? 0;
    const b1 = bytes[dataOffset + 1] ?? 0;
    if (b0 !== 0xff || (b1 & 0xfe) !== 0xf8) {
      return fail(
        `no FLAC frame sync after the metadata (byte ${dataOffset} holds ${hex(b0)} ${hex(b1)})`,
      );
    }
  }
  const dataBytes = fileSize - dataOffset;
  const estimated = info.totalSamples === 0 && dataBytes > 0;
  const frames = estimated
    ? Math.round((dataBytes / TYPICAL_COMPRESSION / (info.channels * info.bits)) * 8)
    : info.totalSamples;
  return ok({
    container: 'FLAC',
    codec: 'flac',
    codecLabel: 'FLAC',
    formatTag: 0,
    extensible: false,
    bigEndian: false,
    sampleRate: info.sampleRate,
    channels: info.channels,
    bitsPerSample: info.bits,
    blockAlign: 0,
    frames,
    lengthEstimated: estimated,
    dataOffset,
    dataBytes,
    playable: info.bits <= FLAC_MAX_PLAYABLE_BITS,
    ...tagFields(tags),
  });
}

function readStreamInfo(bytes: Uint8Array, at: number): StreamInfo | string {
  const minBlock = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  const maxBlock = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
  // Bytes 10..17: rate (20 bits), channels - 1 (3), bits - 1 (5), total samples (36).
  const b10 = bytes[at + 10] ?? 0;
  const b11 = bytes[at + 11] ?? 0;
  const b12 = bytes[at + 12] ?? 0;
  const b13 = bytes[at + 13] ?? 0;
  const sampleRate = (b10 << 12) | (b11 << 4) | (b12 >> 4);
  const channels = ((b12 >> 1) & 0x07) + 1;
  const bits = (((b12 & 0x01) << 4) | (b13 >> 4)) + 1;
  const totalSamples = (b13 & 0x0f) * 2 ** 32 + u24(bytes, at + 14) * 256 + (bytes[at + 17] ?? 0);
  if (sampleRate === 0) return 'FLAC STREAMINFO says sample rate 0';
  if (sampleRate > MAX_SAMPLE_RATE) {
    return `FLAC STREAMINFO says sample rate ${sampleRate} Hz (at most ${MAX_SAMPLE_RATE})`;
  }
  if (bits < 4) return `FLAC STREAMINFO says ${bits} bits per sample (at least 4)`;
  if (maxBlock < 16 || minBlock > maxBlock) {
    return `FLAC STREAMINFO gives block sizes ${minBlock} to ${maxBlock} samples (16 to 65535 allowed)`;
  }
  return { sampleRate, channels, bits, totalSamples };
}

function blockName(type: number): string {
  return BLOCK_NAMES[type] ?? `a block of type ${type}`;
}

function u24(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 16) | ((bytes[at + 1] ?? 0) << 8) | (bytes[at + 2] ?? 0);
}

function hex(b: number): string {
  return `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
}
