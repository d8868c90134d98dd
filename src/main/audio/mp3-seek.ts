/**
 * Where to start feeding mpg123 to play an MP3 from a sample, without decoding from the top.
 *
 * A VBR file's frame headers are walked (1 MiB reads, several in flight) into an index of frame
 * offsets, kept per file: in the background while it plays from its top, so seeks find their
 * frame at once. A cold start in the second half walks only from near the target (the Xing
 * table of contents) to the end, and numbers those frames back from Xing's total. A constant-
 * bitrate file ("Info" tag, or none) is not walked: the frame is computed from the bitrate and
 * checked on its header. The decoder starts a few frames early, because a frame's data may
 * begin up to 511 bytes back (the bit reservoir) and its output overlaps the previous frame's;
 * that output is dropped. Fed mid-stream, mpg123 never sees the LAME tag, so the delay it would
 * trim from the top (the tag's delay + 529 samples of decoder delay) is taken off here: output
 * sample k of frame f is sample f*spf + k - skip.
 *
 * The start frame is also a multiple of 16/gcd(16, spf/32) frames (4 for MPEG-1): mpg123's
 * synthesis ring buffer moves one of 16 places per 32 samples, and starting in the phase of a
 * decode from the top gives the same rounding, so the samples are bit-identical to it.
 */
import type { FileHandle } from 'node:fs/promises';
import type { AudioHeader } from '../formats/header-types';
import { frameHeader } from '../formats/mp3';
import { chainStart, walk, type FrameIndex } from './mp3-frame-walk';

/** mpg123's decoder delay, which it trims with the LAME tag's encoder delay. */
const DECODER_DELAY = 529;
/** Frames decoded and dropped before the one asked for, at least. */
const MIN_PREROLL_FRAMES = 4;
/** Bytes of frames before the target's predecessor: twice the largest reservoir (511 bytes). */
const RESERVOIR_BYTES = 1024;
/** Files whose index is kept (an hour at 128 kbit/s is 1.1 MB of offsets). */
const CACHED_FILES = 4;

export interface Mp3Start {
  /** Byte to feed the decoder from. */
  offset: number;
  /** The sample (counted as the gapless decode from the top counts) of the first one out. */
  sample: number;
}

/** What is known of a file: its frames walked so far (from the first audio frame) and more. */
interface FileLayout extends FrameIndex {
  /** Samples the gapless decode from the top drops at the start. */
  skip: number;
  /** "Info" or no tag: every frame has the first frame's bitrate. */
  constant: boolean;
  walking: Promise<void> | null;
  /** Xing's count of audio frames, and its table of contents (byte of each percent of time). */
  totalFrames?: number;
  toc?: { table: Buffer; from: number; bytes: number };
  /** The frames from some way in to the end, counted back from the total (a cold late start). */
  tail: { first: number; offsets: Float64Array; count: number } | null;
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
  // Late in a file not walked yet: the frames from near the target to the end are counted, and
  // numbered back from Xing's total (a start 50 minutes into an hour walks 10 minutes).
  const total = layout.totalFrames;
  if (!layout.complete && layout.count <= frame && total !== undefined && frame > total / 2) {
    const tail = await tailFrom(handle, header, layout, Math.max(0, start - 64));
    if (tail) {
      const at = pickStart(tail.offsets, tail.first, tail.count, frame, start, period);
      return { offset: tail.offsets[at - tail.first]!, sample: at * spf - layout.skip };
    }
  }
  await walkTo(handle, header, layout, frame);
  if (layout.count === 0) return { offset: header.dataOffset, sample: -layout.skip };
  const at = pickStart(layout.offsets, 0, layout.count, frame, start, period);
  return { offset: layout.offsets[at]!, sample: at * spf - layout.skip };
}

/**
 * The first frame to decode: `start` or earlier, a multiple of `period`, with enough bytes
 * before the target's predecessor for its reservoir. `offsets[k]` is frame `base + k`.
 */
function pickStart(
  offsets: Float64Array,
  base: number,
  count: number,
  frame: number,
  start: number,
  period: number,
): number {
  const last = base + count - 1;
  let at = Math.min(start, last - (last % period));
  const before = Math.max(base, Math.min(frame, last) - 1);
  while (at - period >= base && offsets[before - base]! - offsets[at - base]! < RESERVOIR_BYTES) {
    at -= period;
  }
  return at;
}

/**
 * The frames from a byte before frame `need` to the end: the walk starts where the table of
 * contents (or the file's proportion) puts a little before it, on a chain of three headers,
 * and starts earlier if it turns out to have begun after the frame. Null if it cannot tell.
 */
async function tailFrom(
  handle: FileHandle,
  header: AudioHeader,
  layout: FileLayout,
  need: number,
): Promise<FileLayout['tail']> {
  const total = layout.totalFrames!;
  if (layout.tail && layout.tail.first <= need) return layout.tail;
  const fraction = need / total;
  let from = header.dataOffset + fraction * header.dataBytes;
  if (layout.toc) {
    const { table, from: base, bytes } = layout.toc;
    const percent = Math.min(99, Math.floor(fraction * 100));
    from = base + (table[percent]! / 256) * bytes;
  }
  // The table's bytes are 1/256 of the file apart: back off two of them.
  from -= (2 * header.dataBytes) / 256;
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = Math.max(header.dataOffset, Math.floor(from));
    const chain = await chainStart(handle, layout.first.sampleRate, at);
    if (chain === null) return null;
    const part = { ...layout, offsets: new Float64Array(4096), count: 0, tail: null };
    await walk(handle, header, part, Infinity, chain);
    const first = total - part.count;
    if (first < 0) return null; // more frames than the tag says: its count cannot be trusted
    if (first <= need) {
      layout.tail = { first, offsets: part.offsets, count: part.count };
      return layout.tail;
    }
    from -= header.dataBytes / 10;
  }
  return null;
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
    totalFrames: info?.frames,
    toc: info?.toc,
    tail: null,
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
    const frames = flags & 1 ? head.readUInt32BE(pos) : undefined;
    if (flags & 1) pos += 4;
    // The table's bytes are fractions of the stream from the Xing frame on (its size, if given).
    const bytes = flags & 2 ? head.readUInt32BE(pos) : undefined;
    if (flags & 2) pos += 4;
    const toc =
      flags & 4 && bytes !== undefined
        ? { table: Buffer.from(head.subarray(pos, pos + 100)), from: at, bytes }
        : undefined;
    if (flags & 4) pos += 100;
    if (flags & 8) pos += 4;
    const encoder = head.toString('latin1', pos, pos + 4);
    const lame = pos + 24 <= dataOffset && /^(LAME|Lav|GOGO)/.test(encoder);
    const lameDelay = lame ? (head[pos + 21]! << 4) | (head[pos + 22]! >> 4) : undefined;
    return { tag, lameDelay, frames, toc };
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

/** A constant-bitrate frame's mean size in bytes (sizes differ by the padding byte). */
function meanBytes({ first }: FileLayout): number {
  return (first.samplesPerFrame / 8) * (first.bitrate / first.sampleRate);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
