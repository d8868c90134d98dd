/**
 * Where to start feeding mpg123 to play an MP3 from a sample, without decoding from the top.
 *
 * The file's frame headers are walked once (1 MiB reads, several in flight: about 35 ms for a
 * 1-hour 128 kbit/s file) into an index of frame offsets, kept per file for the next seek;
 * a constant-bitrate file (LAME's "Info" tag, or none) is not walked at all: the frame is
 * computed from the bitrate and checked on its header. The decoder starts a few frames early,
 * because a frame's data may begin up to 511 bytes back (the bit reservoir) and its output
 * overlaps the previous frame's; that output is dropped. Fed mid-stream, mpg123 never sees the
 * LAME tag, so the encoder delay it would trim from the top (the tag's delay + 529 samples of
 * decoder delay) is taken off here: output sample k of frame f is sample f*spf + k - skip.
 *
 * The start frame is also a multiple of 16/gcd(16, spf/32) frames (4 for MPEG-1): mpg123's
 * synthesis ring buffer advances 16 steps per 32 samples, and starting in the same phase as a
 * decode from the top gives the same rounding, so the samples are bit-identical to it.
 */
import type { FileHandle } from 'node:fs/promises';
import type { AudioHeader } from '../formats/header-types';
import { frameHeader, type FrameHeader } from '../formats/mp3';

/** mpg123's decoder delay, which it trims with the LAME tag's encoder delay. */
const DECODER_DELAY = 529;
/** Frames decoded and dropped before the one asked for, at least. */
const MIN_PREROLL_FRAMES = 4;
/** Bytes of frames before the target's predecessor: twice the largest reservoir (511 bytes). */
const RESERVOIR_BYTES = 1024;
const WALK_BLOCK = 1 << 20;
const WALK_IN_FLIGHT = 4;
/** Files whose index is kept (an hour at 128 kbit/s is 1.1 MB of offsets). */
const CACHED_FILES = 4;

export interface Mp3Start {
  /** Byte to feed the decoder from. */
  offset: number;
  /** The sample (counted as the gapless decode from the top counts) of the first one out. */
  sample: number;
}

interface FileLayout {
  first: FrameHeader;
  /** Samples the gapless decode from the top drops at the start. */
  skip: number;
  /** "Info" or no tag: every frame has the first frame's bitrate. */
  constant: boolean;
  /** Offsets of the frames walked so far (from the first audio frame). */
  offsets: Float64Array;
  count: number;
  /** The walk reached the end of the audio. */
  complete: boolean;
  walking: Promise<void> | null;
}

const layouts = new Map<string, FileLayout>();

/** Where to start to play `header`'s file from `target` (a sample of the gapless decode). */
export async function mp3StartPoint(
  handle: FileHandle,
  header: AudioHeader,
  target: number,
): Promise<Mp3Start> {
  const layout = await layoutOf(handle, header);
  const spf = layout.first.samplesPerFrame;
  const frame = Math.floor((target + layout.skip) / spf);
  const period = 16 / gcd(16, spf / 32);
  let start = Math.max(0, frame - MIN_PREROLL_FRAMES);
  start -= start % period;
  if (layout.constant) {
    // The frames before the target's predecessor must hold its reservoir.
    const preroll = Math.max(
      MIN_PREROLL_FRAMES,
      2 + Math.ceil(RESERVOIR_BYTES / meanBytes(layout)),
    );
    let begin = Math.max(0, frame - preroll);
    begin -= begin % period;
    const at = await constantFrameOffset(handle, header, layout, begin);
    if (at !== null) return { offset: at.offset, sample: at.frame * spf - layout.skip };
  }
  await walkTo(handle, header, layout, frame);
  const last = layout.count - 1;
  if (last < 0) return { offset: header.dataOffset, sample: -layout.skip };
  start = Math.min(start, last - (last % period));
  // Back further while the frames before the target's predecessor cannot hold its reservoir.
  const before = Math.max(0, Math.min(frame, last) - 1);
  while (start >= period && layout.offsets[before]! - layout.offsets[start]! < RESERVOIR_BYTES) {
    start -= period;
  }
  return { offset: layout.offsets[start]!, sample: start * spf - layout.skip };
}

/** Starts indexing the whole file in the background (seeks later in the playback are instant). */
export function indexMp3InBackground(handle: FileHandle, header: AudioHeader): void {
  void layoutOf(handle, header)
    .then((layout) => (layout.constant ? undefined : walkTo(handle, header, layout, Infinity)))
    .catch(() => undefined);
}

/** The file's layout, known by its inode, size and time (a rewritten file is walked again). */
async function layoutOf(handle: FileHandle, header: AudioHeader) {
  const stat = await handle.stat();
  const key = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  const known = layouts.get(key);
  if (known) {
    layouts.delete(key);
    layouts.set(key, known);
    return known;
  }
  const headBytes = Math.min(header.dataOffset + 4, stat.size);
  const head = Buffer.allocUnsafe(headBytes);
  await handle.read(head, 0, headBytes, 0);
  const first = frameHeader(head, header.dataOffset);
  if (!first) throw new Error(`no MPEG frame header at byte ${header.dataOffset}`);
  const info = infoFrame(head, header.dataOffset);
  const layout: FileLayout = {
    first,
    skip: info?.lameDelay !== undefined ? info.lameDelay + DECODER_DELAY : 0,
    constant: info?.tag !== 'Xing' && info?.tag !== 'VBRI',
    offsets: new Float64Array(1024),
    count: 0,
    complete: false,
    walking: null,
  };
  layouts.set(key, layout);
  if (layouts.size > CACHED_FILES) layouts.delete(layouts.keys().next().value!);
  return layout;
}

/** The Xing/Info/VBRI frame that ends at `dataOffset`, and LAME's encoder delay in it. */
function infoFrame(head: Buffer, dataOffset: number) {
  for (let at = Math.max(0, dataOffset - 2881); at + 4 <= dataOffset; at++) {
    const frame = head[at] === 0xff ? frameHeader(head, at) : undefined;
    if (!frame || at + frame.bytes !== dataOffset) continue;
    const xing = at + 4 + frame.sideInfoBytes;
    const tag = head.toString('latin1', xing, xing + 4);
    if (head.toString('latin1', at + 36, at + 40) === 'VBRI') return { tag: 'VBRI' };
    if (tag !== 'Xing' && tag !== 'Info') continue;
    const flags = head.readUInt32BE(xing + 4);
    let pos = xing + 8;
    for (const [bit, bytes] of [
      [1, 4],
      [2, 4],
      [4, 100],
      [8, 4],
    ] as const) {
      if (flags & bit) pos += bytes;
    }
    const encoder = head.toString('latin1', pos, pos + 4);
    const lame = pos + 24 <= dataOffset && /^(LAME|Lav|GOGO)/.test(encoder);
    const lameDelay = lame ? (head[pos + 21]! << 4) | (head[pos + 22]! >> 4) : undefined;
    return { tag, lameDelay };
  }
  return undefined;
}

/**
 * A constant-bitrate frame's offset: frame sizes differ only by the padding byte, so the frame
 * is within a byte or two of f times the mean size; the header found there is checked against
 * the first. Null when it is not one (the file is not constant after all): the walk decides.
 */
async function constantFrameOffset(
  handle: FileHandle,
  header: AudioHeader,
  layout: FileLayout,
  frame: number,
): Promise<{ offset: number; frame: number } | null> {
  const { first } = layout;
  const mean = meanBytes(layout);
  const guess = header.dataOffset + Math.round(frame * mean);
  const from = Math.max(header.dataOffset, guess - 8);
  const probe = Buffer.allocUnsafe(first.bytes * 3 + 16);
  const { bytesRead } = await handle.read(probe, 0, probe.length, from);
  for (let i = 0; i + 4 <= bytesRead && from + i <= guess + 8; i++) {
    const at = probe[i] === 0xff ? frameHeader(probe, i) : undefined;
    if (!at || at.bitrate !== first.bitrate || at.sampleRate !== first.sampleRate) continue;
    const next = frameHeader(probe, i + at.bytes);
    if (i + at.bytes + 4 <= bytesRead && next?.bitrate !== first.bitrate) continue;
    const offset = from + i;
    return { offset, frame: Math.round((offset - header.dataOffset) / mean) };
  }
  return null;
}

/** Walks the frame headers until frame `frame` is indexed, or the audio ends. */
async function walkTo(
  handle: FileHandle,
  header: AudioHeader,
  layout: FileLayout,
  frame: number,
): Promise<void> {
  while (!layout.complete && layout.count <= frame) {
    // One walk at a time; a second caller waits for it and walks on if it stopped short.
    if (layout.walking) {
      await layout.walking;
      continue;
    }
    layout.walking = walk(handle, header, layout, frame).finally(() => {
      layout.walking = null;
    });
    await layout.walking;
  }
}

async function walk(handle: FileHandle, header: AudioHeader, layout: FileLayout, frame: number) {
  const end = header.dataOffset + header.dataBytes;
  let pos = header.dataOffset;
  if (layout.count > 0) {
    const last = layout.offsets[layout.count - 1]!;
    pos = last + (frameHeader(await readAt(handle, last, 4), 0)?.bytes ?? 1);
  }
  const sizes = frameSizes(layout.first.sampleRate);
  // Blocks are read a few ahead, into buffers reused round (fresh ones cost page faults).
  const free: Buffer[] = [];
  for (let k = 0; k < WALK_IN_FLIGHT; k++) free.push(Buffer.allocUnsafeSlow(WALK_BLOCK));
  const ahead: { buffer: Buffer; read: Promise<number> }[] = [];
  const readAhead = (at: number) => {
    if (at >= end || free.length === 0) return;
    const buffer = free.pop()!;
    const read = handle
      .read(buffer, 0, Math.min(WALK_BLOCK, end - at), at)
      .then((r) => r.bytesRead);
    read.catch(() => undefined);
    ahead.push({ buffer, read });
  };
  let blockAt = pos;
  for (let i = 0; i < WALK_IN_FLIGHT; i++) readAhead(blockAt + i * WALK_BLOCK);
  while (pos + 4 <= end && layout.count <= frame && ahead.length > 0) {
    const next = ahead.shift()!;
    const bytes = next.buffer.subarray(0, await next.read);
    free.push(next.buffer);
    if (bytes.length === 0) break;
    let i = pos - blockAt;
    while (i + 4 <= bytes.length && layout.count <= frame) {
      const size = bytes[i] === 0xff ? sizes[(bytes[i + 1]! << 8) | bytes[i + 2]!]! : 0;
      if (size === 0) {
        i += 1; // junk or a damaged frame: on to the next header
        continue;
      }
      push(layout, blockAt + i);
      i += size;
    }
    pos = blockAt + i;
    blockAt += WALK_BLOCK;
    if (pos < blockAt && layout.count <= frame) {
      // A header split across two blocks: read on from it (the reads ahead are dropped).
      for (const dropped of ahead.splice(0)) {
        await dropped.read.catch(() => undefined);
        free.push(dropped.buffer);
      }
      blockAt = pos;
      for (let k = 0; k < WALK_IN_FLIGHT; k++) readAhead(blockAt + k * WALK_BLOCK);
    } else readAhead(blockAt + (WALK_IN_FLIGHT - 1) * WALK_BLOCK);
  }
  // Stopped short of the frame: the audio ended.
  if (layout.count <= frame) layout.complete = true;
}

const sizeTables = new Map<number, Uint16Array>();

/**
 * Frame sizes by a header's second and third bytes (0: not a Layer III header at `rate`): the
 * walk looks each header up instead of parsing it, 140,000 times for an hour.
 */
function frameSizes(rate: number): Uint16Array {
  let table = sizeTables.get(rate);
  if (!table) {
    table = new Uint16Array(65536);
    const header = Buffer.from([0xff, 0, 0, 0]);
    for (let key = 0; key < 65536; key++) {
      header[1] = key >> 8;
      header[2] = key & 0xff;
      const frame = frameHeader(header, 0);
      if (frame?.sampleRate === rate) table[key] = frame.bytes;
    }
    sizeTables.set(rate, table);
  }
  return table;
}

/** A constant-bitrate frame's mean size in bytes (sizes differ by the padding byte). */
function meanBytes({ first }: FileLayout): number {
  return (first.samplesPerFrame / 8) * (first.bitrate / first.sampleRate);
}

function push(layout: FileLayout, offset: number): void {
  if (layout.count === layout.offsets.length) {
    const grown = new Float64Array(layout.offsets.length * 2);
    grown.set(layout.offsets);
    layout.offsets = grown;
  }
  layout.offsets[layout.count++] = offset;
}

async function readAt(handle: FileHandle, at: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(Math.max(0, length));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
  return buffer.subarray(0, bytesRead);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
