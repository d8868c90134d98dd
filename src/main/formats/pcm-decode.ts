/**
 * Converts every sample format the player can play to the audio device's format: signed 16-bit
 * little-endian PCM at the file's own rate and channel count (ALSA's plug layer converts rate
 * and channels on real devices). Pure and allocation-free per sample: it runs for every chunk
 * played and over whole files for waveform peaks.
 *
 * Conversion rules:
 * - 16-bit little-endian PCM is passed through untouched (bit-exact).
 * - 16-bit big-endian PCM (RIFX, AIFF): bytes swapped (exact).
 * - 8-bit PCM: unsigned (WAV, RF64, RIFX) becomes (v - 128) << 8, signed (AIFF, AIFF-C) v << 8
 *   (exact: the 8 bits become the top byte).
 * - 24-bit and 32-bit PCM: rounded to the nearest 16-bit value (v / 256, resp. v / 65536, halves
 *   rounded up), clamped to 32767 at the top. AIFF 12- or 20-bit samples and WAV EXTENSIBLE
 *   samples narrower than their container are left-justified, so they decode by container size.
 * - 32- and 64-bit float: round(x * 32768), clamped to [-32768, 32767]; NaN becomes 0.
 * - A-law and µ-law: the ITU-T G.711 expansion to 16 bits as in Sun's reference g711.c
 *   (A-law peaks at ±32256, µ-law at ±32124), exact, by a 256-entry table.
 */

import type { AudioHeader } from './header-types';
import { createAdpcmDecoder } from './adpcm-decode';

/**
 * Decodes `frames` frames from `src` (at least frames × blockAlign bytes, any byteOffset) into
 * `out[0 .. frames × channels)`, interleaved like the file. ADPCM: `src` starts at a block's
 * start and holds the blocks of those frames (see blockSpan).
 */
export type Int16Decoder = (src: Uint8Array, frames: number, out: Int16Array) => void;

/** Why the player cannot decode this file, or null when it can. */
export function decodableReason(h: AudioHeader): string | null {
  switch (h.codec) {
    case 'ima-adpcm':
    case 'ms-adpcm':
      if (h.bitsPerSample !== 4) return `${h.bitsPerSample}-bit ${h.codecLabel} is not supported`;
      // No writer makes these; the block headers' byte order would be a guess.
      if (h.bigEndian) return `${h.codecLabel} in a big-endian (RIFX) file is not supported`;
      // The WAV reader checks the layout; without it the decoder would not know the blocks.
      if (!h.adpcm || h.adpcm.framesPerBlock < 1) return `${h.codecLabel} without a block layout`;
      return null;
    case 'flac':
    case 'mp3':
    case 'vorbis':
    case 'opus':
      // The scan reads these; the player decodes only PCM, float and G.711 (issue 12).
      return `${h.codecLabel} playback is not supported yet`;
    case 'other':
      return `${h.codecLabel} playback is not supported`;
    case 'pcm':
      if (![8, 16, 24, 32].includes(h.bitsPerSample)) {
        return `${h.bitsPerSample}-bit PCM playback is not supported`;
      }
      break;
    case 'float':
      if (h.bitsPerSample !== 32 && h.bitsPerSample !== 64) {
        return `${h.bitsPerSample}-bit float playback is not supported`;
      }
      break;
    case 'alaw':
    case 'mulaw':
      if (h.bitsPerSample !== 8) return `${h.bitsPerSample}-bit ${h.codecLabel} is not valid`;
      break;
  }
  // The header reader checks this; a mismatch here would make the decoders read out of step.
  if (h.blockAlign !== (h.channels * h.bitsPerSample) / 8) {
    return `block align ${h.blockAlign} does not match ${h.channels} × ${h.bitsPerSample} bits`;
  }
  return null;
}

/** 16-bit signed little-endian PCM: the data bytes are already what the device takes. */
export function isPassthrough(h: AudioHeader): boolean {
  return h.codec === 'pcm' && h.bitsPerSample === 16 && !h.bigEndian;
}

/** A decoder for `h`'s sample format; throws when decodableReason(h) gives a reason. */
export function createInt16Decoder(h: AudioHeader): Int16Decoder {
  const reason = decodableReason(h);
  if (reason !== null) throw new Error(reason);
  if (h.codec === 'ima-adpcm' || h.codec === 'ms-adpcm') return createAdpcmDecoder(h);
  const decode = sampleDecoder(h);
  const channels = h.channels;
  return (src, frames, out) => decode(src, frames * channels, out);
}

/** Frames per block of the data: many for ADPCM, one for the rest (a block is a frame). */
export function framesPerBlock(h: AudioHeader): number {
  return h.adpcm?.framesPerBlock ?? 1;
}

/**
 * Where the data holding frames [from, from + count) lies: `bytes` at file offset `position`,
 * the whole blocks that hold them (ADPCM's last one cut where the data ends), of which the first
 * `skip` frames come before `from`. For PCM, skip is 0 and bytes is count × blockAlign.
 */
export function blockSpan(
  h: AudioHeader,
  from: number,
  count: number,
): { position: number; bytes: number; skip: number } {
  const per = framesPerBlock(h);
  const first = Math.floor(from / per);
  const skip = from - first * per;
  const offset = first * h.blockAlign;
  const whole = Math.ceil((skip + count) / per) * h.blockAlign;
  // Only ADPCM's last block may be cut short; a PCM read past the data stays an error.
  const bytes = per > 1 ? Math.min(whole, h.dataBytes - offset) : whole;
  return { position: h.dataOffset + offset, bytes, skip };
}

/**
 * Scales `samples[0 .. count)` in place by `gain`, rounding to nearest (halves up) and
 * clamping to [-32768, 32767]. A gain of 1 leaves the samples untouched.
 */
export function applyGain(samples: Int16Array, count: number, gain: number): void {
  if (!Number.isFinite(gain)) throw new RangeError(`gain must be a finite number, got ${gain}`);
  if (gain === 1) return;
  for (let i = 0; i < count; i++) {
    const v = Math.round(samples[i]! * gain);
    samples[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
}

/**
 * Interleaves planar decoder output (`channelData[c][from .. from + frames)`) into `out` as
 * 16-bit samples. The WASM decoders (FLAC) give each integer sample v of a `bits`-bit stream as
 * v / (2^(bits-1) - 1) in a Float32, which holds it exactly for up to 24 bits: v is recovered
 * first, then narrowed by the same rules as PCM (so a 24-bit FLAC plays as its 24-bit WAV would).
 */
export function planarIntToInt16(
  channelData: readonly Float32Array[],
  bits: number,
  from: number,
  frames: number,
  out: Int16Array,
): void {
  const channels = channelData.length;
  const scale = 2 ** (bits - 1) - 1;
  const shift = bits - 16;
  for (let c = 0; c < channels; c++) {
    const src = channelData[c]!;
    for (let i = 0, o = c; i < frames; i++, o += channels) {
      const v = Math.round(src[from + i]! * scale);
      if (shift <= 0) out[o] = v << -shift;
      else {
        // v / 2^shift rounded half up, as int24le does; only the top value needs the clamp.
        const r = Math.floor(v / 2 ** shift) + (Math.floor(v / 2 ** (shift - 1)) & 1);
        out[o] = r > 32767 ? 32767 : r;
      }
    }
  }
}

/** Interleaves planar float output (MP3) into `out`, as 32-bit float WAV samples are converted. */
export function planarFloatToInt16(
  channelData: readonly Float32Array[],
  from: number,
  frames: number,
  out: Int16Array,
): void {
  const channels = channelData.length;
  for (let c = 0; c < channels; c++) {
    const src = channelData[c]!;
    for (let i = 0, o = c; i < frames; i++, o += channels) out[o] = floatToInt16(src[from + i]!);
  }
}

// ---------------------------------------------------------------- per-format sample loops

/** Decodes `count` samples (frames × channels: every channel has the same format). */
type SampleDecoder = (src: Uint8Array, count: number, out: Int16Array) => void;

function sampleDecoder(h: AudioHeader): SampleDecoder {
  const le = !h.bigEndian;
  switch (h.codec) {
    case 'alaw':
      return byTable(ALAW);
    case 'mulaw':
      return byTable(MULAW);
    case 'float':
      return h.bitsPerSample === 32 ? float32(le) : float64(le);
    default:
      switch (h.bitsPerSample) {
        case 8:
          // WAV's 8-bit PCM is unsigned; AIFF's is signed (its byte order is big-endian).
          return byTable(h.container === 'AIFF' || h.container === 'AIFF-C' ? S8 : U8);
        case 16:
          return le ? (HOST_LITTLE_ENDIAN ? copy16 : int16(true)) : int16(false);
        case 24:
          return le ? int24le : int24be;
        default:
          return le ? int32le : int32be;
      }
  }
}

/** Typed arrays use the host's byte order; every platform Electron ships on is little-endian. */
const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** 16-bit LE on an LE host: a plain byte copy (a memcpy), whatever src's alignment. */
const copy16: SampleDecoder = (src, count, out) => {
  new Uint8Array(out.buffer, out.byteOffset, count * 2).set(src.subarray(0, count * 2));
};

function int16(le: boolean): SampleDecoder {
  const lo = le ? 0 : 1;
  const hi = 1 - lo;
  return (src, count, out) => {
    // Storing into an Int16Array keeps the low 16 bits: the sign comes out right.
    for (let i = 0, j = 0; i < count; i++, j += 2) out[i] = src[j + lo]! | (src[j + hi]! << 8);
  };
}

// For 24 and 32 bits: v / 2^k rounded half up is (v + 2^(k-1)) >> k. Written as
// (v >> k) + bit (k-1) so 32-bit values near 2^31 cannot overflow; only the top one
// (v / 2^k ≥ 32767.5) rounds to 32768 and needs the clamp.

const int24le: SampleDecoder = (src, count, out) => {
  for (let i = 0, j = 0; i < count; i++, j += 3) {
    const v = src[j]! | (src[j + 1]! << 8) | (src[j + 2]! << 16); // unsigned 24 bits
    const r = ((v << 8) >> 16) + ((v >> 7) & 1);
    out[i] = r > 32767 ? 32767 : r;
  }
};

const int24be: SampleDecoder = (src, count, out) => {
  for (let i = 0, j = 0; i < count; i++, j += 3) {
    const v = (src[j]! << 16) | (src[j + 1]! << 8) | src[j + 2]!;
    const r = ((v << 8) >> 16) + ((v >> 7) & 1);
    out[i] = r > 32767 ? 32767 : r;
  }
};

const int32le: SampleDecoder = (src, count, out) => {
  for (let i = 0, j = 0; i < count; i++, j += 4) {
    const v = src[j]! | (src[j + 1]! << 8) | (src[j + 2]! << 16) | (src[j + 3]! << 24);
    const r = (v >> 16) + ((v >> 15) & 1);
    out[i] = r > 32767 ? 32767 : r;
  }
};

const int32be: SampleDecoder = (src, count, out) => {
  for (let i = 0, j = 0; i < count; i++, j += 4) {
    const v = (src[j]! << 24) | (src[j + 1]! << 16) | (src[j + 2]! << 8) | src[j + 3]!;
    const r = (v >> 16) + ((v >> 15) & 1);
    out[i] = r > 32767 ? 32767 : r;
  }
};

/** A DataView reads floats at any byte offset and in either byte order. */
function float32(le: boolean): SampleDecoder {
  return (src, count, out) => {
    const view = new DataView(src.buffer, src.byteOffset, count * 4);
    for (let i = 0; i < count; i++) out[i] = floatToInt16(view.getFloat32(i * 4, le));
  };
}

function float64(le: boolean): SampleDecoder {
  return (src, count, out) => {
    const view = new DataView(src.buffer, src.byteOffset, count * 8);
    for (let i = 0; i < count; i++) out[i] = floatToInt16(view.getFloat64(i * 8, le));
  };
}

function floatToInt16(x: number): number {
  const v = Math.round(x * 32768);
  // Comparisons with NaN are false: it falls through to `|| 0`.
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v || 0;
}

function byTable(table: Int16Array): SampleDecoder {
  return (src, count, out) => {
    for (let i = 0; i < count; i++) out[i] = table[src[i]!]!;
  };
}

// ---------------------------------------------------------------- 8-bit tables

function table(expand: (code: number) => number): Int16Array {
  const out = new Int16Array(256);
  for (let code = 0; code < 256; code++) out[code] = expand(code);
  return out;
}

const U8 = table((v) => (v - 128) << 8);
const S8 = table((v) => ((v << 24) >> 24) << 8);

/** G.711 A-law (Sun's alaw2linear): even bits inverted, 3-bit segment, 4-bit mantissa. */
const ALAW = table((code) => {
  const a = code ^ 0x55;
  const segment = (a >> 4) & 7;
  let t = (a & 0x0f) << 4;
  t = segment === 0 ? t + 8 : (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
});

/** G.711 µ-law (Sun's ulaw2linear): all bits inverted, biased by 0x84. */
const MULAW = table((code) => {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 7);
  return u & 0x80 ? 0x84 - t : t - 0x84;
});
