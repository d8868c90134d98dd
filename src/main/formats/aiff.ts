/** AIFF and AIFF-C: the COMM and SSND chunks, text chunks, markers and the instrument chunk. */

import {
  MAX_CHANNELS,
  MAX_SAMPLE_RATE,
  fail,
  isPlayable,
  ok,
  type Codec,
  type Container,
  type HeaderParse,
  type Input,
  type Meta,
} from './header-types';
import { chunkPastEnd, dataPastEnd, describeChunk, needMore, nextChunk } from './chunks';
import { fourCC, printable, readText } from './byte-text';

const MAX_MARKERS = 256;

interface Comm {
  channels: number;
  frames: number;
  bits: number;
  sampleRate: number;
  codec: Codec;
  codecLabel: string;
  bigEndian: boolean;
  blockAlign: number;
}

export function parseAiff(input: Input, container: Container): HeaderParse {
  const { fileSize, len, view, bytes } = input;
  const meta: Meta = {};
  const markers = new Map<number, number>();
  let inst: { baseNote: number; loops: [number, number, number][] } | undefined;
  let comm: Comm | undefined;
  let ssnd: { offset: number; bytes: number } | undefined;

  for (let pos = 12; ;) {
    const chunk = nextChunk(input, pos, ssnd !== undefined);
    if (chunk.kind === 'end') break;
    if (chunk.kind === 'missing') return fail(comm ? 'no SSND chunk' : 'no COMM chunk');
    if (chunk.kind === 'stop') return chunk.result;
    const { id, body, size } = chunk;
    pos = chunk.next;

    if (id === 'SSND' && ssnd === undefined) {
      if (body + size > fileSize) return fail(dataPastEnd('SSND', body, size, fileSize));
      if (!comm) return fail('no COMM chunk before SSND');
      if (size < 8) return fail(`SSND chunk is ${size} bytes (at least 8 needed)`);
      if (body + 8 > len) {
        const need = needMore(input, body + 8, describeChunk(chunk));
        if (need) return need;
      }
      const offset = view.getUint32(body, false);
      if (offset > size - 8) return fail(`SSND offset ${offset} is past the end of its chunk`);
      ssnd = { offset: body + 8 + offset, bytes: size - 8 - offset };
      continue;
    }

    const found = ssnd !== undefined;
    if (body + size > fileSize) {
      if (found) break;
      if (id === 'COMM' && size < 65_536) {
        return fail(`truncated header: file ends at byte ${fileSize} inside the COMM chunk`);
      }
      return fail(chunkPastEnd(chunk, fileSize));
    }
    if (body + size > len) {
      if (found) break;
      const need = needMore(input, body + size, describeChunk(chunk));
      if (need) return need;
    }
    const end = body + size;

    switch (id) {
      case 'COMM': {
        if (comm) break;
        const parsed = parseComm(input, body, size, container);
        if (typeof parsed === 'string') return fail(parsed);
        comm = parsed;
        break;
      }
      case 'NAME':
        meta.title ??= readText(bytes, body, end);
        break;
      case 'AUTH':
        meta.artist ??= readText(bytes, body, end);
        break;
      case 'ANNO':
        meta.comment ??= readText(bytes, body, end);
        break;
      case 'MARK':
        readMarkers(input, body, end, markers);
        break;
      case 'INST':
        if (size >= 20) {
          const loop = (at: number): [number, number, number] => [
            view.getUint16(at, false),
            view.getUint16(at + 2, false),
            view.getUint16(at + 4, false),
          ];
          inst = { baseNote: view.getInt8(body), loops: [loop(body + 8), loop(body + 14)] };
        }
        break;
    }
  }

  if (!comm) return fail('no COMM chunk');
  if (!ssnd) return fail('no SSND chunk');
  if (inst) {
    if (inst.baseNote >= 0) meta.rootNote = inst.baseNote;
    const loops: { start: number; end: number }[] = [];
    for (const [playMode, beginId, endId] of inst.loops) {
      const start = markers.get(beginId);
      const end = markers.get(endId);
      if (playMode !== 0 && start !== undefined && end !== undefined) loops.push({ start, end });
    }
    if (loops.length > 0) meta.loops = loops;
  }

  const uncompressed = comm.blockAlign > 0;
  const frames = uncompressed
    ? Math.min(comm.frames, Math.floor(ssnd.bytes / comm.blockAlign))
    : comm.frames;
  return ok({
    container,
    codec: comm.codec,
    codecLabel: comm.codecLabel,
    formatTag: 0,
    extensible: false,
    bigEndian: comm.bigEndian,
    sampleRate: comm.sampleRate,
    channels: comm.channels,
    bitsPerSample: comm.bits,
    blockAlign: comm.blockAlign,
    frames,
    dataOffset: ssnd.offset,
    // Past COMM's frame count, SSND holds padding, not audio.
    dataBytes: uncompressed ? frames * comm.blockAlign : ssnd.bytes,
    playable: isPlayable(comm.codec, comm.bits),
    tempo: null,
    tempoSource: null,
    meta,
  });
}

function parseComm(input: Input, body: number, size: number, container: Container): Comm | string {
  const needed = container === 'AIFF-C' ? 22 : 18;
  if (size < needed) return `COMM chunk is ${size} bytes (at least ${needed} needed)`;
  const { view, bytes } = input;
  const channels = view.getInt16(body, false);
  const frames = view.getUint32(body + 2, false);
  const sampleSize = view.getInt16(body + 6, false);
  const rawRate = readExtended(view, body + 8);
  const sampleRate = Math.round(rawRate);

  if (channels <= 0) return `COMM says ${channels} channels`;
  if (channels > MAX_CHANNELS) return `COMM says ${channels} channels (at most ${MAX_CHANNELS})`;
  if (Number.isNaN(rawRate)) return 'COMM says sample rate is not a number';
  if (sampleRate <= 0) return `COMM says sample rate ${showRate(sampleRate)}`;
  if (sampleRate > MAX_SAMPLE_RATE) {
    return `COMM says sample rate ${showRate(sampleRate)} (at most ${MAX_SAMPLE_RATE})`;
  }

  const compression = container === 'AIFF-C' ? fourCC(bytes, body + 18, body + size) : 'NONE';
  const [codec, label, bigEndian] = aiffCodec(compression);
  const codecLabel =
    container === 'AIFF-C' ? `${label} (${printable(bytes, body + 18, 4)})` : label;
  let bits = Math.max(0, sampleSize);
  if (codec === 'pcm') {
    if (sampleSize < 1 || sampleSize > 32) {
      return `bits per sample ${sampleSize} is not valid for PCM`;
    }
    // AIFF stores 1..32-bit samples left-justified in whole bytes: decode by the container size.
    bits = Math.ceil(sampleSize / 8) * 8;
  } else if (codec === 'float') {
    bits = compression === 'fl64' || compression === 'FL64' ? 64 : 32;
  } else if (codec === 'alaw' || codec === 'mulaw') {
    bits = 8; // COMM gives the decoded size (16); the stream is one byte a sample
  }
  const blockAlign = codec === 'other' ? 0 : (channels * bits) / 8;
  return { channels, frames, bits, sampleRate, codec, codecLabel, bigEndian, blockAlign };
}

/** An 80-bit rate can be astronomically wrong: keep the reason short. */
function showRate(rate: number): string {
  if (!Number.isFinite(rate)) return rate > 0 ? 'infinite' : 'minus infinite';
  return Math.abs(rate) < 1e10 ? String(rate) : rate.toExponential(1);
}

function aiffCodec(compression: string): [Codec, string, boolean] {
  switch (compression) {
    case 'NONE':
    case 'twos':
      return ['pcm', 'PCM', true];
    case 'sowt':
      return ['pcm', 'PCM', false];
    case 'fl32':
    case 'FL32':
    case 'fl64':
    case 'FL64':
      return ['float', 'IEEE float', true];
    case 'alaw':
    case 'ALAW':
      return ['alaw', 'A-law', true];
    case 'ulaw':
    case 'ULAW':
      return ['mulaw', 'µ-law', true];
    default:
      return ['other', 'compression', true];
  }
}

/** An 80-bit IEEE 754 extended float (COMM's sample rate), exactly for integer rates. */
function readExtended(view: DataView, at: number): number {
  const signExp = view.getUint16(at, false);
  const exp = signExp & 0x7fff;
  const hi = view.getUint32(at + 2, false);
  const lo = view.getUint32(at + 6, false);
  if (exp === 0x7fff) return hi === 0x80000000 && lo === 0 ? signed(Infinity) : NaN;
  if (hi === 0 && lo === 0) return 0;
  // The mantissa as a fraction in [0, 2): exact for the 53 bits a double holds.
  const mantissa = hi * 2 ** -31 + lo * 2 ** -63;
  return signed(mantissa * 2 ** (exp - 16383));

  function signed(v: number): number {
    return signExp & 0x8000 ? -v : v;
  }
}

function readMarkers(input: Input, body: number, end: number, markers: Map<number, number>): void {
  const { view, bytes } = input;
  if (body + 2 > end) return;
  const count = Math.min(view.getUint16(body, false), MAX_MARKERS);
  let p = body + 2;
  for (let i = 0; i < count && p + 7 <= end; i++) {
    markers.set(view.getUint16(p, false), view.getUint32(p + 2, false));
    const nameLength = bytes[p + 6] ?? 0;
    // A pstring: count byte + text, padded so that both together are even.
    p += 7 + nameLength + ((nameLength + 1) % 2);
  }
}
