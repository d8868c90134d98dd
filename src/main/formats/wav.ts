/** WAV (RIFF), RIFX and RF64/BW64: the fmt, data, ds64 and fact chunks and the metadata chunks. */

import {
  MAX_CHANNELS,
  MAX_SAMPLE_RATE,
  fail,
  isPlayable,
  ok,
  validBits,
  type Container,
  type HeaderParse,
  type Input,
  type Meta,
  type WavCodec,
} from './header-types';
import { chunkPastEnd, dataPastEnd, describeChunk, needMore, nextChunk } from './chunks';
import { fourCC, plural, readText } from './byte-text';

const MAX_LOOPS = 64;

interface Fmt {
  formatTag: number;
  codec: WavCodec;
  codecLabel: string;
  extensible: boolean;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
  /** ADPCM: frames per block. */
  samplesPerBlock: number;
  /** MS ADPCM: the fmt chunk's predictor pairs, flat; empty for the standard 7. */
  coefficients: number[];
}

interface Ds64 {
  dataSize: number;
  sampleCount: number;
}

export function parseWav(input: Input, container: Container): HeaderParse {
  const { fileSize, len } = input;
  const meta: Meta = {};
  let fmt: Fmt | undefined;
  let data: { offset: number; bytes: number } | undefined;
  let ds64: Ds64 | undefined;
  let fact: number | undefined;
  let acidTempo: number | null = null;

  for (let pos = 12; ;) {
    const chunk = nextChunk(input, pos, data !== undefined);
    if (chunk.kind === 'end') break;
    if (chunk.kind === 'missing') return fail(fmt ? 'no data chunk' : 'no fmt chunk');
    if (chunk.kind === 'stop') return chunk.result;
    const { id, body } = chunk;
    pos = chunk.next;

    if (id === 'data' && data === undefined) {
      let size = chunk.size;
      if (container === 'RF64' && size === 0xffffffff) {
        if (!ds64) return fail('RF64 data size is 0xFFFFFFFF but no ds64 chunk comes before data');
        size = ds64.dataSize;
        if (!Number.isFinite(size)) return fail('ds64 gives an impossibly large data size');
      }
      if (body + size > fileSize) return fail(dataPastEnd('data', body, size, fileSize));
      if (!fmt) return fail('no fmt chunk before data');
      data = { offset: body, bytes: size };
      // Chunk sizes past 2^32 live in ds64: step over the real data size.
      pos = body + size + (size % 2);
      continue;
    }

    const found = data !== undefined;
    const fits = body + chunk.size <= fileSize;
    if (!fits) {
      if (found) break; // metadata after the audio is optional: a broken tail is not our problem
      if (id === 'fmt ' && chunk.size < 65_536) {
        return fail(`truncated header: file ends at byte ${fileSize} inside the fmt chunk`);
      }
      return fail(chunkPastEnd(chunk, fileSize));
    }
    if (body + chunk.size > len) {
      if (found) {
        // Read what the prefix holds of a trailing metadata chunk, never ask for the rest.
        if (body < len) readWavMeta(input, id, body, len, meta, (t) => (acidTempo ??= t));
        break;
      }
      const need = needMore(input, body + chunk.size, describeChunk(chunk));
      if (need) return need;
    }
    const end = body + chunk.size;

    if (id === 'fmt ') {
      if (fmt) continue;
      const parsed = parseFmt(input, body, chunk.size);
      if (typeof parsed === 'string') return fail(parsed);
      fmt = parsed;
    } else if (id === 'ds64' && container === 'RF64') {
      if (chunk.size >= 24) {
        ds64 = { dataSize: u64(input, body + 8), sampleCount: u64(input, body + 16) };
      }
    } else if (id === 'fact') {
      if (chunk.size >= 4) fact = input.view.getUint32(body, input.le);
    } else {
      readWavMeta(input, id, body, end, meta, (t) => (acidTempo ??= t));
    }
  }

  if (!fmt) return fail('no fmt chunk');
  if (!data) return fail('no data chunk');
  if (container === 'RF64' && fact === 0xffffffff && ds64) fact = ds64.sampleCount;
  const frames = wavFrames(fmt, data.bytes, fact);
  return ok({
    container,
    codec: fmt.codec,
    codecLabel: fmt.codecLabel,
    formatTag: fmt.formatTag,
    extensible: fmt.extensible,
    bigEndian: container === 'RIFX',
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    bitsPerSample: fmt.bits,
    blockAlign: fmt.blockAlign,
    frames,
    dataOffset: data.offset,
    dataBytes: data.bytes,
    ...(fmt.samplesPerBlock > 0 && {
      adpcm: { framesPerBlock: fmt.samplesPerBlock, coefficients: fmt.coefficients },
    }),
    // ADPCM decodes from little-endian block headers only (no RIFX writer makes ADPCM).
    playable: isPlayable(fmt.codec, fmt.bits) && !(container === 'RIFX' && fmt.samplesPerBlock > 0),
    tempo: acidTempo,
    tempoSource: acidTempo === null ? null : 'acid',
    meta,
  });
}

/** The tail of the KSDATAFORMAT_SUBTYPE_* GUIDs; Data1 holds the format tag. */
const GUID_TAIL = [0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function parseFmt(input: Input, body: number, size: number): Fmt | string {
  if (size < 14) return `fmt chunk is ${size} bytes (at least 14 needed)`;
  const { view, le } = input;
  let formatTag = view.getUint16(body, le);
  const channels = view.getUint16(body + 2, le);
  const sampleRate = view.getUint32(body + 4, le);
  const byteRate = view.getUint32(body + 8, le);
  const blockAlign = view.getUint16(body + 12, le);
  // A 14-byte WAVEFORMAT has no bits field: what follows belongs to the next chunk.
  const bits =
    size >= 16
      ? view.getUint16(body + 14, le)
      : channels
        ? Math.floor((8 * blockAlign) / channels)
        : 0;
  const cbSize = size >= 18 ? view.getUint16(body + 16, le) : 0;

  let extensible = false;
  let knownGuid = true;
  if (formatTag === 0xfffe) {
    if (size < 40) return `EXTENSIBLE fmt chunk is ${size} bytes (at least 40 needed)`;
    extensible = true;
    const data1 = view.getUint32(body + 24, le);
    knownGuid =
      data1 <= 0xffff &&
      view.getUint16(body + 28, le) === 0 &&
      view.getUint16(body + 30, le) === 0x0010 &&
      GUID_TAIL.every((b, i) => input.bytes[body + 32 + i] === b);
    if (knownGuid) formatTag = data1;
  }

  if (channels === 0) return 'fmt says 0 channels';
  if (channels > MAX_CHANNELS) return `fmt says ${channels} channels (at most ${MAX_CHANNELS})`;
  if (sampleRate === 0) return 'fmt says sample rate 0';
  if (sampleRate > MAX_SAMPLE_RATE) {
    return `fmt says sample rate ${sampleRate} (at most ${MAX_SAMPLE_RATE})`;
  }
  if (blockAlign === 0) return 'fmt says block align 0';

  const [codec, codecLabel]: [WavCodec, string] = knownGuid
    ? wavCodec(formatTag)
    : ['other', 'EXTENSIBLE sub-format'];
  const fmt: Fmt = {
    formatTag,
    codec,
    codecLabel,
    extensible,
    channels,
    sampleRate,
    byteRate,
    blockAlign,
    bits,
    samplesPerBlock: 0,
    coefficients: [],
  };

  switch (codec) {
    case 'pcm':
    case 'float':
    case 'alaw':
    case 'mulaw': {
      if (!validBits(codec, bits)) return `bits per sample ${bits} is not valid for ${codecLabel}`;
      if (blockAlign !== (channels * bits) / 8) {
        return blockAlignMismatch(blockAlign, channels, bits);
      }
      return fmt;
    }
    case 'ima-adpcm':
    case 'ms-adpcm': {
      // Writers put 4 (or 0) here; the block layout depends on it.
      if (bits === 0) fmt.bits = 4;
      const computed = adpcmFramesIn(blockAlign, fmt);
      if (computed <= 0) {
        return `block align ${blockAlign} is too small for ${codecLabel} with ${plural(channels, 'channel')}`;
      }
      const extension = Math.min(cbSize, size - 18);
      const declared = extension >= 2 ? view.getUint16(body + 18, le) : 0;
      if (declared > computed) {
        return (
          `${codecLabel} fmt says ${declared} frames per block, but block align ${blockAlign} ` +
          `holds at most ${computed} (${plural(channels, 'channel')})`
        );
      }
      fmt.samplesPerBlock = declared > 0 ? declared : computed;
      if (codec === 'ms-adpcm' && extension >= 4) {
        const table = msCoefficients(input, body + 20, extension - 4);
        if (typeof table === 'string') return table;
        fmt.coefficients = table;
      }
      return fmt;
    }
    case 'other':
      return fmt;
  }
}

function wavCodec(tag: number): [WavCodec, string] {
  switch (tag) {
    case 1:
      return ['pcm', 'PCM'];
    case 3:
      return ['float', 'IEEE float'];
    case 6:
      return ['alaw', 'A-law'];
    case 7:
      return ['mulaw', 'µ-law'];
    case 0x11:
      return ['ima-adpcm', 'IMA ADPCM'];
    case 2:
      return ['ms-adpcm', 'MS ADPCM'];
    default:
      return ['other', `format 0x${tag.toString(16).toUpperCase().padStart(4, '0')}`];
  }
}

function blockAlignMismatch(blockAlign: number, channels: number, bits: number): string {
  return `block align ${blockAlign} does not match ${plural(channels, 'channel')} × ${bits} bits`;
}

function wavFrames(fmt: Fmt, dataBytes: number, fact: number | undefined): number {
  switch (fmt.codec) {
    case 'pcm':
    case 'float':
    case 'alaw':
    case 'mulaw':
      return Math.floor(dataBytes / fmt.blockAlign);
    case 'ima-adpcm':
    case 'ms-adpcm': {
      const whole = Math.floor(dataBytes / fmt.blockAlign);
      const partial = adpcmFramesIn(dataBytes - whole * fmt.blockAlign, fmt);
      const computed = whole * fmt.samplesPerBlock + Math.min(fmt.samplesPerBlock, partial);
      // fact is exact (the last block is padded) but is often stale or zero in the wild.
      return fact !== undefined && fact > 0 && fact <= computed ? fact : computed;
    }
    case 'other':
      if (fact !== undefined && fact > 0) return fact;
      return fmt.byteRate > 0 ? Math.round((dataBytes / fmt.byteRate) * fmt.sampleRate) : 0;
  }
}

/**
 * Frames in an ADPCM block of `bytes`: 1 (IMA) or 2 (MS) in its header, then the codes. IMA
 * codes come in 4-byte groups per channel, so only whole groups count (as sox counts them).
 */
function adpcmFramesIn(bytes: number, fmt: Fmt): number {
  const { channels, bits } = fmt;
  if (fmt.codec === 'ima-adpcm') {
    if (bytes < 4 * channels) return 0;
    return Math.floor((bytes - 4 * channels) / (4 * channels)) * Math.floor(32 / bits) + 1;
  }
  if (bytes < 7 * channels) return 0;
  return Math.floor(((bytes - 7 * channels) * 8) / (bits * channels)) + 2;
}

/**
 * MS ADPCM's predictor pairs: a count, then that many int16 pairs. A count of 0 means the
 * standard table; a block's predictor index past the table's end uses pair 0 (as sox does).
 */
function msCoefficients(input: Input, at: number, room: number): number[] | string {
  const count = input.view.getUint16(at, input.le);
  if (count * 4 > room) {
    return `MS ADPCM fmt says ${count} predictor pairs, but its extension holds ${Math.floor(room / 4)}`;
  }
  const table: number[] = [];
  for (let i = 0; i < Math.min(count, 256) * 2; i++) {
    table.push(input.view.getInt16(at + 2 + 2 * i, input.le));
  }
  return table;
}

function readWavMeta(
  input: Input,
  id: string,
  body: number,
  end: number,
  meta: Meta,
  setTempo: (tempo: number) => void,
): void {
  const { view, le, bytes } = input;
  const stop = Math.min(end, input.len);
  switch (id) {
    case 'LIST': {
      if (body + 4 > stop || fourCC(bytes, body, stop) !== 'INFO') return;
      for (let p = body + 4; p + 8 <= stop;) {
        const sub = fourCC(bytes, p, stop);
        const size = view.getUint32(p + 4, le);
        const textEnd = Math.min(stop, p + 8 + size);
        if (sub === 'INAM') meta.title ??= readText(bytes, p + 8, textEnd);
        else if (sub === 'IART') meta.artist ??= readText(bytes, p + 8, textEnd);
        else if (sub === 'ICMT') meta.comment ??= readText(bytes, p + 8, textEnd);
        p += 8 + size + (size % 2);
      }
      return;
    }
    case 'bext':
      meta.description ??= readText(bytes, body, Math.min(stop, body + 256));
      meta.originator ??= readText(bytes, body + 256, Math.min(stop, body + 288));
      meta.originationDate ??= readText(bytes, body + 320, Math.min(stop, body + 330));
      return;
    case 'smpl': {
      if (body + 36 > stop) return;
      const unityNote = view.getUint32(body + 12, le);
      if (unityNote <= 127) meta.rootNote ??= unityNote;
      const count = Math.min(view.getUint32(body + 28, le), MAX_LOOPS);
      const loops: { start: number; end: number }[] = [];
      for (let i = 0, p = body + 36; i < count && p + 24 <= stop; i++, p += 24) {
        loops.push({ start: view.getUint32(p + 8, le), end: view.getUint32(p + 12, le) });
      }
      if (loops.length > 0) meta.loops ??= loops;
      return;
    }
    case 'acid': {
      if (body + 24 > stop) return;
      const beats = view.getUint32(body + 12, le);
      if (beats > 0) meta.beats ??= beats;
      const tempo = view.getFloat32(body + 20, le);
      if (tempo > 0 && tempo < 1000) setTempo(Math.round(tempo * 1000) / 1000);
      return;
    }
  }
}

/** A 64-bit size from ds64; beyond 2^53 it cannot be a real file and reads as Infinity. */
function u64(input: Input, at: number): number {
  const a = input.view.getUint32(at, true);
  const b = input.view.getUint32(at + 4, true);
  return b >= 0x200000 ? Infinity : b * 0x1_0000_0000 + a;
}
