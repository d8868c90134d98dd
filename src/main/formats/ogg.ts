/**
 * Ogg Vorbis and Ogg Opus: the identification header on the first page, the comment header on
 * the pages after it, and the length from the granule position of the stream's last page, read
 * from the end of the file (need-tail) rather than by reading the file through.
 */

import {
  MAX_CHANNELS,
  MAX_SAMPLE_RATE,
  MAX_TAIL_BYTES,
  fail,
  ok,
  type HeaderParse,
  type Input,
} from './header-types';
import { needMore } from './chunks';
import { humanBytes, printable } from './byte-text';
import { emptyTags, readVorbisComments, tagFields } from './tags';

/** What the first tail read asks for: the last page of nearly every file. */
export const OGG_FIRST_TAIL_BYTES = 16_384;
const PAGE_HEADER_BYTES = 27;
/** Opus always decodes at 48 kHz, whatever the input's rate was. */
const OPUS_RATE = 48_000;

export interface Page {
  at: number;
  headerType: number;
  /** -1 when no packet ends on the page. */
  granule: number;
  serial: number;
  segments: number;
  bodyAt: number;
  length: number;
}

interface Stream {
  codec: 'vorbis' | 'opus';
  serial: number;
  channels: number;
  sampleRate: number;
  inputSampleRate?: number;
  preSkip: number;
  bitrate?: number;
  /** Header packets before the audio: Vorbis 3, Opus 2. */
  headerPackets: number;
}

export function parseOgg(input: Input): HeaderParse {
  const { bytes, len, fileSize } = input;
  const first = pageAt(bytes, 0, len);
  if (typeof first === 'string') return fail(first);
  if (first.length > fileSize) {
    return fail(
      `truncated: the first Ogg page needs ${first.length} bytes, the file ends at byte ${fileSize}`,
    );
  }
  const need = needMore(input, first.length, 'the first Ogg page');
  if (need) return need;
  const crc = crcProblem(bytes, first);
  if (crc) return fail(crc);
  if ((first.headerType & 0x02) === 0)
    return fail('the first Ogg page does not begin a stream (no BOS flag)');
  const stream = identify(bytes, first);
  if (typeof stream === 'string') return fail(stream);

  // The comment packet starts on the second page and may span several; read what the prefix
  // holds. Its byte ranges, merged where they touch: one range (the usual case) is not copied.
  const tags = emptyTags();
  const ranges: [number, number][] = [];
  let commentsComplete = false;
  let dataOffset = first.length;
  let done = 1;
  for (let at = first.length; done < stream.headerPackets && at < len;) {
    const page = pageAt(bytes, at, len);
    if (typeof page === 'string' || page.at + page.length > len) break;
    at += page.length;
    if (page.serial !== stream.serial) continue;
    let segmentStart = page.bodyAt;
    for (let s = 0; s < page.segments; s++) {
      const lace = bytes[page.at + PAGE_HEADER_BYTES + s] ?? 0;
      if (!commentsComplete) {
        const range = ranges[ranges.length - 1];
        if (range && range[1] === segmentStart) range[1] += lace;
        else ranges.push([segmentStart, segmentStart + lace]);
      }
      segmentStart += lace;
      if (lace < 255) {
        commentsComplete = true;
        done += 1;
      }
    }
    dataOffset = at;
  }
  const comments =
    ranges.length === 1
      ? bytes.subarray(ranges[0]![0], ranges[0]![1])
      : join(ranges.map(([from, to]) => bytes.subarray(from, to)));
  const magic = stream.codec === 'opus' ? 'OpusTags' : '\x03vorbis';
  if (hasText(comments, magic)) readVorbisComments(comments, magic.length, comments.length, tags);

  const last = lastPage(input, stream.serial);
  if (typeof last === 'string') return fail(last);
  if (last.kind === 'need-tail') return last;
  const frames = last.granule - stream.preSkip;
  if (frames < 0) {
    return fail(
      `the last Ogg page's granule position ${last.granule} is before the Opus pre-skip (${stream.preSkip})`,
    );
  }
  return ok({
    container: 'Ogg',
    codec: stream.codec,
    codecLabel: stream.codec === 'opus' ? 'Opus' : 'Vorbis',
    formatTag: 0,
    extensible: false,
    bigEndian: false,
    sampleRate: stream.sampleRate,
    channels: stream.channels,
    bitsPerSample: 0,
    blockAlign: 0,
    frames,
    ...(stream.inputSampleRate !== undefined ? { inputSampleRate: stream.inputSampleRate } : {}),
    ...(stream.bitrate !== undefined ? { bitrate: stream.bitrate } : {}),
    dataOffset: Math.min(dataOffset, fileSize),
    dataBytes: fileSize - Math.min(dataOffset, fileSize),
    // Streamed in the audio process (audio/ogg-stream.ts), like FLAC and MP3.
    playable: true,
    ...tagFields(tags),
  });
}

/** The page header at `at` (the whole header within `limit`), or why there is none. */
export function pageAt(bytes: Uint8Array, at: number, limit: number): Page | string {
  if (at + PAGE_HEADER_BYTES > limit) {
    return `truncated: the file ends at byte ${limit} inside the Ogg page header at byte ${at}`;
  }
  if (
    bytes[at] !== 0x4f ||
    bytes[at + 1] !== 0x67 ||
    bytes[at + 2] !== 0x67 ||
    bytes[at + 3] !== 0x53
  ) {
    return `no Ogg capture pattern "OggS" at byte ${at} (found "${printable(bytes, at, 4)}")`;
  }
  if (bytes[at + 4] !== 0)
    return `Ogg page at byte ${at} has version ${bytes[at + 4] ?? 0} (only 0 exists)`;
  const segments = bytes[at + 26] ?? 0;
  if (at + PAGE_HEADER_BYTES + segments > limit) {
    return `truncated: the file ends at byte ${limit} inside the Ogg page header at byte ${at}`;
  }
  let body = 0;
  for (let s = 0; s < segments; s++) body += bytes[at + PAGE_HEADER_BYTES + s] ?? 0;
  const lo = u32(bytes, at + 6);
  const hi = u32(bytes, at + 10);
  return {
    at,
    headerType: bytes[at + 5] ?? 0,
    granule: hi === 0xffffffff && lo === 0xffffffff ? -1 : hi * 2 ** 32 + lo,
    serial: u32(bytes, at + 14),
    segments,
    bodyAt: at + PAGE_HEADER_BYTES + segments,
    length: PAGE_HEADER_BYTES + segments + body,
  };
}

/** The codec and its parameters from the first packet of the first page. */
function identify(bytes: Uint8Array, page: Page): Stream | string {
  const firstLace = bytes[page.at + PAGE_HEADER_BYTES] ?? 0;
  const p = page.bodyAt;
  const head = printable(bytes, p, 8);
  if (page.segments === 0) return 'the first Ogg page holds no packet';
  if (head === 'OpusHead') {
    if (firstLace < 19) return `Opus identification header is ${firstLace} bytes (at least 19)`;
    const version = bytes[p + 8] ?? 0;
    if (version >> 4 !== 0)
      return `Opus version ${version >> 4}.${version & 15} is not read (only 0.x)`;
    const channels = bytes[p + 9] ?? 0;
    if (channels === 0) return 'Opus identification header says 0 channels';
    if (channels > MAX_CHANNELS) return `Opus identification header says ${channels} channels`;
    const inputRate = u32(bytes, p + 12);
    return {
      codec: 'opus',
      serial: page.serial,
      channels,
      sampleRate: OPUS_RATE,
      ...(inputRate > 0 ? { inputSampleRate: inputRate } : {}),
      preSkip: (bytes[p + 10] ?? 0) | ((bytes[p + 11] ?? 0) << 8),
      headerPackets: 2,
    };
  }
  if (bytes[p] === 0x01 && printable(bytes, p + 1, 6) === 'vorbis') {
    if (firstLace < 30) return `Vorbis identification header is ${firstLace} bytes (30 expected)`;
    const version = u32(bytes, p + 7);
    if (version !== 0) return `Vorbis version ${version} is not read (only 0)`;
    const channels = bytes[p + 11] ?? 0;
    const sampleRate = u32(bytes, p + 12);
    if (channels === 0) return 'Vorbis identification header says 0 channels';
    if (channels > MAX_CHANNELS) return `Vorbis identification header says ${channels} channels`;
    if (sampleRate === 0 || sampleRate > MAX_SAMPLE_RATE) {
      return `Vorbis identification header says sample rate ${sampleRate} Hz`;
    }
    const nominal = u32(bytes, p + 20) | 0;
    return {
      codec: 'vorbis',
      serial: page.serial,
      channels,
      sampleRate,
      preSkip: 0,
      ...(nominal > 0 ? { bitrate: nominal } : {}),
      headerPackets: 3,
    };
  }
  if (bytes[p] === 0x7f && printable(bytes, p + 1, 4) === 'FLAC') return 'Ogg FLAC is not read';
  if (head === 'Speex   ') return 'Ogg Speex is not read';
  return `Ogg stream of an unknown codec (its first packet starts with "${head}")`;
}

/** The granule of the stream's last page, from the tail of the file (or the whole file). */
function lastPage(
  input: Input,
  serial: number,
): { kind: 'granule'; granule: number } | { kind: 'need-tail'; bytes: number } | string {
  const { fileSize } = input;
  // Given the whole file, look no further back than a tail read would: the same answer either way.
  const tail =
    input.len >= fileSize
      ? input.bytes.subarray(Math.max(0, fileSize - MAX_TAIL_BYTES), fileSize)
      : input.tail;
  const wanted = Math.min(fileSize, OGG_FIRST_TAIL_BYTES);
  if (!tail || tail.length < wanted) return { kind: 'need-tail', bytes: wanted };
  const larger = Math.min(fileSize, MAX_TAIL_BYTES);
  const offset = fileSize - tail.length;
  for (let at = tail.length - 4; at >= 0; at--) {
    if (
      tail[at] !== 0x4f ||
      tail[at + 1] !== 0x67 ||
      tail[at + 2] !== 0x67 ||
      tail[at + 3] !== 0x53
    )
      continue;
    const page = pageAt(tail, at, tail.length);
    if (typeof page === 'string') continue;
    if (page.at + page.length > tail.length) {
      // Past the end of the file: the last page was cut (a capture pattern inside audio data
      // would be a coincidence of 1 in 4 billion, and its page would fail the check below).
      return (
        `truncated: the Ogg page at byte ${offset + at} needs ${page.length} bytes, ` +
        `the file ends at byte ${fileSize}`
      );
    }
    if (page.serial !== serial || page.granule < 0) continue;
    const crc = crcProblem(tail, page, offset);
    if (crc) return crc;
    if (page.granule > Number.MAX_SAFE_INTEGER) {
      return `the Ogg page at byte ${offset + at} has an impossible granule position`;
    }
    return { kind: 'granule', granule: page.granule };
  }
  if (tail.length < larger) return { kind: 'need-tail', bytes: larger };
  return `no Ogg page of the stream with a granule position in the last ${humanBytes(tail.length)}`;
}

/** Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, CRC field taken as zero). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let b = 0; b < 8; b++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

export function crcProblem(bytes: Uint8Array, page: Page, offset = 0): string | undefined {
  let crc = 0;
  const end = page.at + page.length;
  for (let i = page.at; i < end; i++) {
    const b = i >= page.at + 22 && i < page.at + 26 ? 0 : (bytes[i] ?? 0);
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ b) & 0xff] ?? 0)) >>> 0;
  }
  const stored = u32(bytes, page.at + 22);
  if (crc === stored) return undefined;
  return (
    `Ogg page at byte ${offset + page.at} fails its CRC check ` +
    `(stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${crc.toString(16).padStart(8, '0')})`
  );
}

function hasText(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] ?? new Uint8Array(0);
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16)) +
    (bytes[at + 3] ?? 0) * 0x1000000
  );
}
