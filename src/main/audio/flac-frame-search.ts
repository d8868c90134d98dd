/**
 * A FLAC frame at or before a sample, found without a SEEKTABLE (flac --no-seektable, ffmpeg):
 * the audio is bisected on frame sync codes. A candidate header counts only when its CRC-8
 * holds and its fields agree with the stream (the blocking strategy of the first frame, no
 * reserved codes); its frame or sample number gives the sample it starts at. Bisection stops
 * once the range is a few frames wide: the caller decodes from the frame found and drops the
 * samples before the target (exact to the sample).
 */
import type { FileHandle } from 'node:fs/promises';
import type { AudioHeader } from '../formats/header-types';
import { seekPointIn, type SeekPoint } from './flac-seek-table';

/** Metadata larger than this (cover art) is not read whole: STREAMINFO alone is, no SEEKTABLE. */
const MAX_METADATA_BYTES = 1 << 20;

/** Bytes read at each probe: more than the largest frame of 16-bit stereo at 4096 samples. */
const PROBE_BYTES = 32 * 1024;
/** Bisection stops when the range is this narrow (a fraction of a second of audio). */
const CLOSE_ENOUGH = 64 * 1024;

/**
 * Where to start decoding to play from `target`: the SEEKTABLE's last point before it when that
 * is within a second of it, else a frame found by bisection (from that point, or the top).
 */
export async function flacStartPoint(
  handle: FileHandle,
  header: AudioHeader,
  target: number,
): Promise<SeekPoint> {
  const top = { sample: 0, offset: 0 };
  const head = await metadataOf(handle, header);
  const point = seekPointIn(head, target) ?? top;
  if (target - point.sample <= header.sampleRate) return point;
  const blockSize = streamBlockSize(head);
  if (blockSize === null) return point;
  const end = header.dataOffset + header.dataBytes;
  return flacFrameBefore(
    handle,
    { ...point, dataOffset: header.dataOffset },
    end,
    blockSize,
    target,
  );
}

/**
 * The bytes before the first frame; when they are more than 1 MiB (cover art, padding), only
 * "fLaC" and STREAMINFO, after the ID3v2 tag if there is one.
 */
async function metadataOf(handle: FileHandle, header: AudioHeader): Promise<Buffer> {
  const read = async (at: number, length: number) => {
    const bytes = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(bytes, 0, length, at);
    return bytes.subarray(0, bytesRead);
  };
  if (header.dataOffset <= MAX_METADATA_BYTES) return read(0, header.dataOffset);
  const id3 = await read(0, 10);
  const tag =
    id3.toString('latin1', 0, 3) === 'ID3'
      ? 10 +
        (id3[9]! | (id3[8]! << 7) | (id3[7]! << 14) | (id3[6]! << 21)) +
        (id3[5]! & 0x10 ? 10 : 0)
      : 0;
  return read(tag, 4 + 4 + 34);
}

/** STREAMINFO's maximum block size (it follows "fLaC" and the block header), or null. */
function streamBlockSize(head: Buffer): number | null {
  const info = head.indexOf('fLaC') + 8;
  return info < 8 || info + 4 > head.length ? null : head.readUInt16BE(info + 2);
}

/**
 * The first whole frame at or after byte `from` that starts at sample `minSample` or later
 * (the decoder lost its way in a damaged stretch: it starts again there), within `within` bytes.
 */
export async function flacFrameAfter(
  handle: FileHandle,
  header: AudioHeader,
  from: number,
  minSample: number,
  within = 4 << 20,
): Promise<SeekPoint | null> {
  const blockSize = streamBlockSize(await metadataOf(handle, header));
  if (blockSize === null) return null;
  const probe = Buffer.allocUnsafe(PROBE_BYTES);
  const first = await frameAt(handle, probe, header.dataOffset, blockSize);
  const end = Math.min(header.dataOffset + header.dataBytes, from + within);
  for (let at = Math.max(from, header.dataOffset); at < end; at += PROBE_BYTES - 32) {
    const { bytesRead } = await handle.read(probe, 0, probe.length, at);
    const bytes = probe.subarray(0, bytesRead);
    for (
      let i = bytes.indexOf(0xff);
      i >= 0 && i + 32 <= bytes.length;
      i = bytes.indexOf(0xff, i + 1)
    ) {
      const frame = parseFrameHeader(bytes, i, blockSize);
      if (!frame || frame.sample < minSample) continue;
      if (first && frame.variable !== first.variable) continue;
      return { sample: frame.sample, offset: at + i - header.dataOffset };
    }
    if (bytesRead < probe.length) break;
  }
  return null;
}

interface FrameStart {
  offset: number;
  sample: number;
}

/**
 * The start of a frame at or before `target`, from `from` (a frame start: the first frame or a
 * SEEKTABLE point) to `end`. `blockSize` is the stream's fixed block size (STREAMINFO's maximum),
 * which turns a frame number into a sample.
 */
async function flacFrameBefore(
  handle: FileHandle,
  from: SeekPoint & { dataOffset: number },
  end: number,
  blockSize: number,
  target: number,
): Promise<SeekPoint> {
  const probe = Buffer.allocUnsafe(PROBE_BYTES);
  const first = await frameAt(handle, probe, from.dataOffset + from.offset, blockSize);
  let best: FrameStart = { offset: from.dataOffset + from.offset, sample: from.sample };
  if (!first) return { sample: best.sample, offset: best.offset - from.dataOffset };
  const variable = first.variable;
  let lo = best.offset;
  let hi = end;
  while (hi - lo > CLOSE_ENOUGH) {
    const mid = Math.floor((lo + hi) / 2);
    const found = await firstFrameFrom(handle, probe, mid, blockSize, variable);
    if (!found || found.offset >= hi || found.sample > target) {
      // No frame starts between mid and the one found: the target's frame starts before mid.
      hi = mid;
    } else {
      best = found;
      lo = found.offset;
    }
  }
  return { sample: best.sample, offset: best.offset - from.dataOffset };
}

async function frameAt(handle: FileHandle, probe: Buffer, at: number, blockSize: number) {
  const { bytesRead } = await handle.read(probe, 0, 32, at);
  return parseFrameHeader(probe.subarray(0, bytesRead), 0, blockSize);
}

async function firstFrameFrom(
  handle: FileHandle,
  probe: Buffer,
  at: number,
  blockSize: number,
  variable: boolean,
): Promise<FrameStart | null> {
  const { bytesRead } = await handle.read(probe, 0, probe.length, at);
  const bytes = probe.subarray(0, bytesRead);
  for (
    let i = bytes.indexOf(0xff);
    i >= 0 && i + 2 <= bytes.length;
    i = bytes.indexOf(0xff, i + 1)
  ) {
    if ((bytes[i + 1]! & 0xfe) !== 0xf8) continue;
    const frame = parseFrameHeader(bytes, i, blockSize);
    if (frame && frame.variable === variable) return { offset: at + i, sample: frame.sample };
  }
  return null;
}

/** The frame header at `i` (sync, valid codes, CRC-8), or null. */
export function parseFrameHeader(
  bytes: Uint8Array,
  i: number,
  blockSize: number,
): { sample: number; variable: boolean } | null {
  if (i + 6 > bytes.length || bytes[i] !== 0xff || (bytes[i + 1]! & 0xfe) !== 0xf8) return null;
  const variable = (bytes[i + 1]! & 1) === 1;
  const sizeCode = bytes[i + 2]! >> 4;
  const rateCode = bytes[i + 2]! & 0x0f;
  const channelCode = bytes[i + 3]! >> 4;
  const bitsCode = (bytes[i + 3]! >> 1) & 7;
  if (sizeCode === 0 || rateCode === 15 || channelCode > 10 || bitsCode === 3) return null;
  if ((bytes[i + 3]! & 1) !== 0) return null;
  // The frame (fixed) or sample (variable) number, UTF-8 style in 1 to 7 bytes.
  let p = i + 4;
  const lead = bytes[p++]!;
  let extra = 0;
  let number: number;
  if (lead < 0x80) number = lead;
  else if (lead >= 0xc0 && lead < 0xfe) {
    while (lead & (0x40 >> extra)) extra++;
    number = lead & (0x3f >> extra);
  } else return null;
  for (let k = 0; k < extra; k++) {
    const next = bytes[p++];
    if (next === undefined || (next & 0xc0) !== 0x80) return null;
    number = number * 64 + (next & 0x3f);
  }
  if (sizeCode === 6) p += 1;
  else if (sizeCode === 7) p += 2;
  if (rateCode === 12) p += 1;
  else if (rateCode === 13 || rateCode === 14) p += 2;
  if (p >= bytes.length || crc8(bytes, i, p) !== bytes[p]) return null;
  return { sample: variable ? number : number * blockSize, variable };
}

function crc8(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) {
    crc ^= bytes[i]!;
    for (let b = 0; b < 8; b++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}
