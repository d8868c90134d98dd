/**
 * Decodes a whole file to a Signal (one Float32 plane per channel) for the analysis, in a
 * worker thread. Every format the player reads: PCM, float, G.711 and ADPCM from WAV/AIFF
 * (pcm-decode.ts's rules, but 24- and 32-bit PCM and float kept exact instead of narrowed to
 * 16 bits), FLAC, MP3, Vorbis and Opus by the WASM decoders the peaks use.
 *
 * Scale: an integer sample v of b bits is v / 2^(b-1) (16-bit -32768 is -1.0); floats are
 * passed as they are (they may exceed ±1). FLAC's decoder gives v / (2^(b-1) - 1): v is
 * recovered and rescaled, so a FLAC decodes to exactly its WAV's signal.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AudioHeader } from '../formats/header-types';
import { createInt16Decoder, decodableReason, isPassthrough } from '../formats/pcm-decode';
import { readAudioHeaderSync } from '../formats/read-header-file';
import { fsPath } from '../platform/fs-path';
import { CompressedPieces, playbackReason } from '../audio/compressed-pieces';
import { isStreamCodec, type StreamCodec } from '../audio/stream-decoders';
import type { Signal } from './analysis-record';
import { freshPlanes, type AllocatePlanes } from './scratch-planes';

/**
 * Longest audio analysed: 10 minutes (a 10-minute stereo 48 kHz file is 230 MB of floats per
 * thread). Longer files are stems or mixes, not samples; they get a clear error.
 */
export const MAX_ANALYSED_SEC = 600;

/** Compressed bytes per read, as the peaks read them. */
const READ_BYTES = 64 * 1024;

/** PCM bytes decoded per step: bounds the Int16 scratch buffer. */
const PCM_STEP_FRAMES = 65_536;

export interface DecodedFile {
  signal: Signal;
  header: AudioHeader;
  sizeBytes: number;
  mtimeMs: number;
}

/**
 * The file's header and whole signal, in planes from `allocate` (scratch-planes.ts); throws an
 * Error naming the file and the reason.
 */
export async function decodeFile(
  path: string,
  allocate: AllocatePlanes = freshPlanes,
): Promise<DecodedFile> {
  const name = basename(path);
  const { sizeBytes, mtimeMs, result } = readAudioHeaderSync(path);
  if (result.kind === 'error') throw new Error(`${name}: ${result.reason}`);
  const { header } = result;
  const reason = playbackReason(header);
  if (reason !== null) throw new Error(`${name}: ${reason}`);
  if (header.durationSec > MAX_ANALYSED_SEC) {
    throw new Error(
      `${name}: ${Math.round(header.durationSec)} s long; only files up to ${MAX_ANALYSED_SEC} s are analysed`,
    );
  }
  const signal = isStreamCodec(header.codec)
    ? await decodeCompressed(path, { ...header, codec: header.codec }, name, allocate)
    : decodeUncompressed(path, header, name, allocate);
  return { signal, header, sizeBytes, mtimeMs };
}

// ---------------------------------------------------------------- WAV, AIFF

function decodeUncompressed(
  path: string,
  h: AudioHeader,
  name: string,
  allocate: AllocatePlanes,
): Signal {
  const reason = decodableReason(h);
  if (reason !== null) throw new Error(`${name}: ${reason}`);
  const planes = allocate(h.channels, h.frames);
  const exact = exactDecoder(h);
  if (!exact && isPassthrough(h)) {
    int16PlanesFromFile(path, h, name, planes);
    return { planes, sampleRate: h.sampleRate };
  }
  const bytes = readData(path, h, name);
  if (exact) exact(bytes, h.frames, planes);
  else viaInt16(h, bytes, planes);
  return { planes, sampleRate: h.sampleRate };
}

/** Frames per read of 16-bit PCM: a 1 MB scratch buffer reused, never the whole data chunk. */
const INT16_READ_FRAMES = 131_072;

/**
 * 16-bit little-endian PCM (the commonest), read in pieces straight into the planes: a 5-minute
 * stereo file is 53 MB, and fresh memory is slow to touch (about 3 ms per MB on a VM here).
 */
function int16PlanesFromFile(path: string, h: AudioHeader, name: string, planes: Float32Array[]) {
  const fd = openSync(fsPath(path), 'r');
  try {
    const frameBytes = h.blockAlign;
    const scratch = Buffer.allocUnsafe(INT16_READ_FRAMES * frameBytes);
    for (let frame = 0; frame < h.frames;) {
      const want = Math.min(INT16_READ_FRAMES, h.frames - frame) * frameBytes;
      let got = 0;
      while (got < want) {
        const n = readSync(fd, scratch, got, want - got, h.dataOffset + frame * frameBytes + got);
        if (n === 0) {
          const end = h.dataOffset + frame * frameBytes + got;
          throw new Error(`${name}: the audio data ends at byte ${end}, before its end`);
        }
        got += n;
      }
      int16Planes(scratch, want / frameBytes, planes, frame);
      frame += want / frameBytes;
    }
  } finally {
    closeSync(fd);
  }
}

/** The data chunk's bytes (what the header says, cut to what the file holds). */
function readData(path: string, h: AudioHeader, name: string): Uint8Array {
  const fd = openSync(fsPath(path), 'r');
  try {
    const data = Buffer.allocUnsafe(h.dataBytes);
    let got = 0;
    while (got < data.length) {
      const n = readSync(fd, data, got, data.length - got, h.dataOffset + got);
      if (n === 0) break;
      got += n;
    }
    const per = h.adpcm ? 1 : h.blockAlign;
    if (!h.adpcm && got < h.frames * per) {
      throw new Error(`${name}: the audio data ends at byte ${h.dataOffset + got}, before its end`);
    }
    return data.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** 16-bit little-endian PCM frames into the planes from frame `at`, no 16-bit copy first. */
function int16Planes(bytes: Uint8Array, frames: number, planes: Float32Array[], at: number): void {
  const samples = new Int16Array(bytes.buffer, bytes.byteOffset, frames * planes.length);
  const channels = planes.length;
  const scale = 1 / 32768;
  if (channels === 2) {
    // Stereo in one sequential pass: twice as fast as a strided pass per channel on 50 MB.
    const [left, right] = planes as [Float32Array, Float32Array];
    for (let i = 0, o = 0; i < frames; i++, o += 2) {
      left[at + i] = samples[o]! * scale;
      right[at + i] = samples[o + 1]! * scale;
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const plane = planes[c]!;
    for (let i = 0, o = c; i < frames; i++, o += channels) plane[at + i] = samples[o]! * scale;
  }
}

/** 8/16-bit PCM, G.711, ADPCM: their 16-bit decode is exact, then scaled by 1/32768. */
function viaInt16(h: AudioHeader, bytes: Uint8Array, planes: Float32Array[]): void {
  const decode = createInt16Decoder(h);
  const channels = h.channels;
  const perBlock = h.adpcm?.framesPerBlock ?? 1;
  // Whole blocks per step, so ADPCM steps start at a block's start.
  const stepFrames = Math.max(perBlock, Math.floor(PCM_STEP_FRAMES / perBlock) * perBlock);
  const out = new Int16Array(stepFrames * channels);
  const scale = 1 / 32768;
  for (let from = 0; from < h.frames; from += stepFrames) {
    const frames = Math.min(stepFrames, h.frames - from);
    const at = (from / perBlock) * h.blockAlign;
    if (at >= bytes.length) break; // an ADPCM file cut short: the rest stays silent
    decode(bytes.subarray(at), frames, out);
    for (let c = 0; c < channels; c++) {
      const plane = planes[c]!;
      for (let i = 0, o = c; i < frames; i++, o += channels) plane[from + i] = out[o]! * scale;
    }
  }
}

type ExactDecoder = (src: Uint8Array, frames: number, planes: Float32Array[]) => void;

/** 24- and 32-bit PCM and float, which 16 bits would narrow; null for the rest. */
function exactDecoder(h: AudioHeader): ExactDecoder | null {
  const le = !h.bigEndian;
  const bytesPer = h.bitsPerSample / 8;
  let read: ((view: DataView, at: number) => number) | null = null;
  if (h.codec === 'float') {
    read =
      h.bitsPerSample === 32 ? (v, at) => v.getFloat32(at, le) : (v, at) => v.getFloat64(at, le);
  } else if (h.codec === 'pcm' && h.bitsPerSample === 24) {
    const scale = 2 ** -23;
    read = le
      ? (v, at) => (((v.getUint8(at + 2) << 24) >> 8) | v.getUint16(at, true)) * scale
      : (v, at) => (((v.getUint8(at) << 24) >> 8) | v.getUint16(at + 1, false)) * scale;
  } else if (h.codec === 'pcm' && h.bitsPerSample === 32) {
    read = (v, at) => v.getInt32(at, le) * 2 ** -31;
  }
  if (!read) return null;
  const get = read;
  return (src, frames, planes) => {
    const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const channels = planes.length;
    for (let f = 0, at = 0; f < frames; f++) {
      for (let c = 0; c < channels; c++, at += bytesPer) planes[c]![f] = get(view, at);
    }
  };
}

// ---------------------------------------------------------------- FLAC, MP3, Vorbis, Opus

async function decodeCompressed(
  path: string,
  header: AudioHeader & { codec: StreamCodec },
  name: string,
  allocate: AllocatePlanes,
): Promise<Signal> {
  const channels = header.channels;
  const planes = new Growing(channels, header.frames, allocate);
  // FLAC's v / (2^(b-1) - 1) back to v / 2^(b-1) (Math.round recovers v exactly up to 24 bits).
  const bits = header.codec === 'flac' ? header.bitsPerSample : 0;
  const up = bits ? 2 ** (bits - 1) - 1 : 1;
  const down = bits ? 2 ** -(bits - 1) : 1;
  const maxFrames = Math.ceil(MAX_ANALYSED_SEC * header.sampleRate) + header.sampleRate;
  const handle = await open(fsPath(path), 'r');
  const pieces = new CompressedPieces(header.codec, handle, header, name, {
    readBytes: READ_BYTES,
  });
  try {
    for (let piece = await pieces.nextPlanar(); piece; piece = await pieces.nextPlanar()) {
      const frames = piece.end - piece.from;
      const at = planes.reserve(frames);
      if (at + frames > maxFrames) {
        throw new Error(`${name}: longer than ${MAX_ANALYSED_SEC} s; not analysed`);
      }
      for (let c = 0; c < channels; c++) {
        const src = piece.planes[c]!;
        const dst = planes.planes[c]!;
        if (bits) {
          for (let i = 0; i < frames; i++)
            dst[at + i] = Math.round(src[piece.from + i]! * up) * down;
        } else dst.set(src.subarray(piece.from, piece.end), at);
      }
    }
  } finally {
    pieces.release();
    await handle.close();
  }
  // Opus headers give 48 kHz, the rate its decoder always gives.
  return { planes: planes.finish(), sampleRate: header.sampleRate };
}

/**
 * Planes that grow as pieces come (an MP3's length may be an estimate): the first from
 * `allocate`, with 2 % to spare; a larger one, rarely, fresh.
 */
class Growing {
  planes: Float32Array[];
  private length = 0;

  constructor(
    private readonly channels: number,
    expected: number,
    allocate: AllocatePlanes,
  ) {
    this.planes = allocate(channels, Math.max(1024, Math.ceil(expected * 1.02)));
  }

  /** Room for `frames` more; where they go. */
  reserve(frames: number): number {
    const at = this.length;
    const need = at + frames;
    const capacity = this.planes[0]?.length ?? 0;
    if (need > capacity) {
      const grown = Math.max(need, Math.ceil(capacity * 1.5));
      this.planes = this.planes.map((p) => {
        const bigger = new Float32Array(grown);
        bigger.set(p.subarray(0, at));
        return bigger;
      });
    }
    this.length = need;
    return at;
  }

  finish(): Float32Array[] {
    if (this.channels === 0) return [];
    return this.planes.map((p) => p.subarray(0, this.length));
  }
}
