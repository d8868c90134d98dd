/**
 * Waveform peaks of a whole audio file, streamed: the data chunk is read front to back in
 * ~1 MB pieces (whole blocks for ADPCM), decoded to 16-bit (pcm-decode) and folded into min/max buckets. Synchronous on
 * purpose: it runs in a worker thread, where plain sync reads are the fastest path.
 *
 * The min/max runs in WebAssembly SIMD (eight samples an instruction) over a scratch memory
 * that 16-bit files are read straight into: plain JavaScript manages about 1 GB/s, less than
 * the disk cache delivers. Where SIMD is unavailable, a JavaScript loop does the same.
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { readAudioHeaderSync } from '../formats/read-header-file';
import { fsPath } from '../platform/fs-path';
import {
  blockSpan,
  createInt16Decoder,
  decodableReason,
  framesPerBlock,
  isPassthrough,
} from '../formats/pcm-decode';
import { webAssembly, type WasmMemory } from '../platform/wasm-module';
import { minMaxModule } from './minmax-kernel';

export interface PeaksResult {
  sizeBytes: number;
  mtimeMs: number;
  durationSec: number;
  buckets: number;
  /**
   * 2 × buckets integers in -127..127: [min0, max0, min1, max1, ...], over all channels of the
   * bucket's frames, as sample / 256 with the min rounded down and the max rounded up (so the
   * drawn bar always covers the samples). A bucket without frames is [0, 0].
   */
  peaks: number[];
}

export interface PeaksOptions {
  /** false: the JavaScript min/max even where SIMD works (tests compare the two). */
  simd?: boolean;
}

/** The read size when no buffer is given. */
export const PEAKS_CHUNK_BYTES = 1 << 20;
export const MAX_PEAK_BUCKETS = 1_000_000;

/**
 * Peaks of the file at `path` in `buckets` buckets. Frame f falls in bucket
 * floor(f × buckets / frames): buckets differ in size by at most one frame, and when there are
 * more buckets than frames some stay empty.
 *
 * `chunk`, when given, is the read buffer (at least one frame; its length sets the read size).
 * Without it, reads go to this thread's own 1 MB buffer, which the SIMD fold reads in place;
 * that is the fastest path.
 *
 * Throws fs errors as they come (ENOENT, EACCES, ...: describeFsError names them), and an
 * Error whose message is the reason for a file that is not audio, cannot be decoded, or ends
 * before its audio data does.
 */
export function computePeaksSync(
  path: string,
  buckets: number,
  chunk?: Buffer,
  options: PeaksOptions = {},
): PeaksResult {
  checkBuckets(buckets);
  const { sizeBytes, mtimeMs, result } = readAudioHeaderSync(path);
  if (result.kind === 'error') throw new Error(result.reason);
  const header = result.header;
  const reason = decodableReason(header);
  if (reason !== null) throw new Error(reason);

  const { blockAlign, channels, frames } = header;
  // Whole blocks: a frame each for PCM, many frames each for ADPCM.
  const perBlock = framesPerBlock(header);
  const framesPerRead = Math.floor((chunk?.length ?? PEAKS_CHUNK_BYTES) / blockAlign) * perBlock;
  if (framesPerRead === 0) {
    const unit = perBlock > 1 ? 'block' : 'frame';
    throw new RangeError(`the read buffer is smaller than one ${unit} (${blockAlign} bytes)`);
  }
  const folder = new BucketFolder(frames, buckets, channels, foldMemory(options.simd ?? true));
  // 16-bit LE into our own buffer: read straight into the samples (nothing to decode), unless
  // the data starts at an odd offset, where the samples could not be an Int16Array.
  const inPlace = chunk === undefined && isPassthrough(header) && header.dataOffset % 2 === 0;
  const space = folder.memory.layout(
    framesPerRead * channels,
    chunk || inPlace ? 0 : (framesPerRead / perBlock) * blockAlign,
    header.dataOffset,
  );
  const readInto = chunk ?? (inPlace ? bytesOf(space.samples) : space.raw);
  const decode = inPlace ? null : createInt16Decoder(header);

  const fd = openSync(fsPath(path), 'r');
  try {
    const last = blockSpan(header, frames - 1, 1);
    const dataEnd = frames === 0 ? header.dataOffset : last.position + last.bytes;
    for (let done = 0; done < frames;) {
      const count = Math.min(framesPerRead, frames - done);
      const { position, bytes } = blockSpan(header, done, count);
      const got = readFully(fd, readInto, bytes, position);
      if (got < bytes) {
        throw new Error(
          `the file ends at byte ${position + got}, inside its audio data ` +
            `(which should end at byte ${dataEnd}): it changed while being read`,
        );
      }
      decode?.(readInto, count, space.samples);
      folder.add(space.samples, count);
      done += count;
    }
  } finally {
    closeSync(fd);
  }
  return { sizeBytes, mtimeMs, durationSec: header.durationSec, buckets, peaks: folder.finish() };
}

export function checkBuckets(buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_PEAK_BUCKETS) {
    throw new RangeError(`buckets must be an integer from 1 to ${MAX_PEAK_BUCKETS}: ${buckets}`);
  }
}

/** Reads `length` bytes at `position` into the start of `into`; fewer only at end of file. */
function readFully(fd: number, into: Uint8Array, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, into, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

function bytesOf(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

// ---------------------------------------------------------------- buckets

/** One bucket's range so far; lo > hi while it has no frames. */
export interface MinMax {
  lo: number;
  hi: number;
}

/** Adds the 16-bit min and max of a piece's frames [start, end) to `range`. */
export type FrameFold = (start: number, end: number, range: MinMax) => void;

const EMPTY_LO = 32768;
const EMPTY_HI = -32769;

/**
 * Takes the file's frames in order, a decoded piece at a time, and fills the peaks. Frames
 * past `frames` (a length that was an estimate, as an MP3's without a Xing frame) go into the
 * last bucket, so nothing that decodes is left out; when fewer come (a file cut short), the
 * buckets after the last frame stay empty.
 */
export class BucketFolder {
  private readonly peaks: number[];
  private bucket = 0;
  /** The first frame after the current bucket. */
  private bucketEnd: number;
  /** Frames taken so far. */
  private position = 0;
  private readonly range: MinMax = { lo: EMPTY_LO, hi: EMPTY_HI };
  /** The frames past `frames`, and the last bucket's own (to merge them with). */
  private readonly beyond: MinMax = { lo: EMPTY_LO, hi: EMPTY_HI };
  private readonly last: MinMax = { lo: EMPTY_LO, hi: EMPTY_HI };

  constructor(
    private readonly frames: number,
    private readonly buckets: number,
    private readonly channels: number,
    readonly memory: FoldMemory,
  ) {
    this.peaks = new Array<number>(2 * buckets).fill(0);
    this.bucketEnd = this.startOf(1);
  }

  /** Folds the next `count` frames, found at the start of `samples`. */
  add(samples: Int16Array, count: number): void {
    const channels = this.channels;
    this.addWith(count, (start, end, range) =>
      this.memory.minMax(samples, start * channels, end * channels, range),
    );
  }

  /**
   * Folds the next `count` frames of a piece held elsewhere: `fold` adds the 16-bit min and max
   * of the piece's frames [start, end) to a range.
   */
  addWith(count: number, fold: FrameFold): void {
    const within = Math.max(0, Math.min(count, this.frames - this.position));
    for (let i = 0; i < within;) {
      // Up to the end of the bucket or of this piece, whichever comes first.
      const stop = Math.min(within, i + this.bucketEnd - this.position);
      fold(i, stop, this.range);
      this.position += stop - i;
      i = stop;
      if (this.position === this.bucketEnd) this.nextBucket();
    }
    if (within < count) {
      fold(within, count, this.beyond);
      this.position += count - within;
    }
  }

  /** The peaks, once every frame has been added. */
  finish(): number[] {
    // A bucket the frames stopped in (the file ended early) shows what it got.
    if (this.range.lo <= this.range.hi) this.store(this.bucket, this.range);
    const { beyond, last } = this;
    if (beyond.lo <= beyond.hi) {
      this.store(this.buckets - 1, {
        lo: Math.min(beyond.lo, last.lo),
        hi: Math.max(beyond.hi, last.hi),
      });
    }
    return this.peaks;
  }

  private nextBucket(): void {
    if (this.range.lo <= this.range.hi) this.store(this.bucket, this.range);
    this.range.lo = EMPTY_LO;
    this.range.hi = EMPTY_HI;
    // Buckets that end where this one does hold no frames: they stay [0, 0].
    do {
      this.bucket++;
      this.bucketEnd = this.startOf(this.bucket + 1);
    } while (this.bucketEnd <= this.position && this.bucket < this.buckets);
  }

  private store(bucket: number, { lo, hi }: MinMax): void {
    // lo >> 8 is floor(lo / 256), (hi + 255) >> 8 is ceil(hi / 256); -32768 gives -128.
    this.peaks[2 * bucket] = clampPeak(lo >> 8);
    this.peaks[2 * bucket + 1] = clampPeak((hi + 255) >> 8);
    if (bucket === this.buckets - 1) {
      this.last.lo = lo;
      this.last.hi = hi;
    }
  }

  /** The first frame of bucket b: ceil(b × frames / buckets), the least f in it. */
  private startOf(b: number): number {
    const n = b * this.frames; // exact: far below 2^53 even for a million buckets of 1 TB
    const q = Math.ceil(n / this.buckets);
    // For a large n the division can round across an integer: settle on the exact ceiling.
    if (q * this.buckets < n) return q + 1;
    return (q - 1) * this.buckets >= n ? q - 1 : q;
  }
}

/** Symmetric, so a waveform drawn around its centre line is. */
function clampPeak(v: number): number {
  return v < -127 ? -127 : v > 127 ? 127 : v;
}

// ---------------------------------------------------------------- min/max and its memory

/** Adds samples[start .. end) to `range`. */
type MinMaxFold = (samples: Int16Array, start: number, end: number, range: MinMax) => void;

/** Where pieces are read and decoded, and the min/max that reads them. */
export interface FoldMemory {
  /**
   * Views of room for `samples` decoded samples and `rawBytes` bytes to read from file offset
   * `readFrom`, each placed where it sits in its page as that offset does in its page: the
   * kernel then copies from the page cache without shifting bytes, which on some x86 CPUs is
   * several times faster than an unlucky shift. Views from an earlier call die.
   */
  layout(samples: number, rawBytes: number, readFrom: number): { samples: Int16Array; raw: Buffer };
  minMax: MinMaxFold;
}

const jsMinMax: MinMaxFold = (samples, start, end, range) => {
  let { lo, hi } = range;
  for (let i = start; i < end; i++) {
    const v = samples[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  range.lo = lo;
  range.hi = hi;
};

const PAGE = 65536; // WebAssembly's page, a multiple of the OS page
const OS_PAGE = 4096;
/** Bytes 0..31 hold the kernel's lane results; pieces start at the next page. */
const PIECES_AT = PAGE;

class WasmFoldMemory implements FoldMemory {
  readonly minMax: MinMaxFold;
  private lanes: Int16Array;

  constructor(
    private readonly memory: WasmMemory,
    /** null: the JavaScript loop (no SIMD, or not wanted). */
    kernel: ((at: number, end: number) => void) | null,
  ) {
    this.lanes = new Int16Array(memory.buffer, 0, 16);
    this.minMax = kernel ? this.simdMinMax(kernel) : jsMinMax;
  }

  layout(
    samples: number,
    rawBytes: number,
    readFrom: number,
  ): { samples: Int16Array; raw: Buffer } {
    const inPage = readFrom % OS_PAGE;
    const samplesAt = PIECES_AT + (inPage & ~1); // an Int16Array starts at an even offset
    const rawAt = Math.ceil((samplesAt + samples * 2) / OS_PAGE) * OS_PAGE + inPage;
    const end = rawAt + rawBytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    const buffer = this.memory.buffer; // a new ArrayBuffer after grow()
    this.lanes = new Int16Array(buffer, 0, 16);
    return {
      samples: new Int16Array(buffer, samplesAt, samples),
      raw: Buffer.from(buffer, rawAt, rawBytes),
    };
  }

  private simdMinMax(kernel: (at: number, end: number) => void): MinMaxFold {
    return (samples, start, end, range) => {
      // Whole vectors of eight in the kernel, the rest (fewer than eight) in JavaScript.
      const vectorEnd = start + ((end - start) & ~7);
      if (vectorEnd > start) {
        kernel(samples.byteOffset + start * 2, samples.byteOffset + vectorEnd * 2);
        const lanes = this.lanes;
        let { lo, hi } = range;
        for (let i = 0; i < 8; i++) {
          if (lanes[i]! < lo) lo = lanes[i]!;
          if (lanes[8 + i]! > hi) hi = lanes[8 + i]!;
        }
        range.lo = lo;
        range.hi = hi;
      }
      jsMinMax(samples, vectorEnd, end, range);
    };
  }
}

/** Whether this thread folds with WebAssembly SIMD (false: the JavaScript loop). */
export function peaksUseSimd(): boolean {
  return foldMemory(true).minMax !== jsMinMax;
}

/** Per thread, created on first use and reused (it only grows): SIMD and plain. */
const memories: { simd?: FoldMemory; plain?: FoldMemory } = {};

export function foldMemory(simd: boolean): FoldMemory {
  const wasm = webAssembly();
  if (!wasm) throw new Error('WebAssembly is not available');
  const initial = Math.ceil((PIECES_AT + 3 * PEAKS_CHUNK_BYTES) / PAGE);
  if (!simd) return (memories.plain ??= new WasmFoldMemory(new wasm.Memory({ initial }), null));
  if (memories.simd) return memories.simd;
  const bytes = minMaxModule();
  const memory = new wasm.Memory({ initial });
  let kernel: ((at: number, end: number) => void) | null = null;
  // SIMD needs SSE4.1 on x86 (or NEON): validate() is false on CPUs without it.
  if (wasm.validate(bytes)) {
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
    kernel = instance.exports.minmax as (at: number, end: number) => void;
  }
  return (memories.simd = new WasmFoldMemory(memory, kernel));
}
