/**
 * IMA ADPCM (WAVE_FORMAT_DVI_ADPCM, 0x11) and MS ADPCM (0x0002) WAV data to 16-bit PCM,
 * sample for sample as sox (ima_rw.c, adpcm.c) decodes it, down to its handling of damaged
 * blocks: an IMA step index past 88 starts at 0, an MS predictor index past the table uses
 * predictor 0. (wavefile's IMA decoder repeats each block's first sample and drops the last
 * block, and it has no MS ADPCM: see test/unit/audio-header-file.test.ts.)
 *
 * A WAV's ADPCM data is a run of blocks of `blockAlign` bytes, each `framesPerBlock` frames
 * long and decodable on its own (a header per channel, then 4-bit codes); the last block may
 * be cut short, and the `fact` chunk may end the audio inside it.
 */

import type { AudioHeader } from './header-types';

/** MS ADPCM's seven standard predictor pairs, used when the fmt chunk carries none. */
export const MS_ADPCM_STANDARD_COEFFICIENTS: readonly number[] = [
  256, 0, 512, -256, 0, 0, 192, 64, 240, 0, 460, -208, 392, -232,
];

/**
 * Decodes the first `frames` frames of the blocks in `src` (which starts at a block's start)
 * into `out[0 .. frames × channels)`, interleaved. It reads only the bytes those frames lie in,
 * so `src` may stop inside the last block, after the codes of its last wanted frame.
 */
export function createAdpcmDecoder(
  h: AudioHeader,
): (src: Uint8Array, frames: number, out: Int16Array) => void {
  const layout = h.adpcm;
  if (!layout) throw new Error(`${h.codecLabel}: the header carries no block layout`);
  const { blockAlign, channels } = h;
  const { framesPerBlock } = layout;
  const block = h.codec === 'ima-adpcm' ? imaBlock : msBlock(channels, layout.coefficients);
  return (src, frames, out) => {
    for (let done = 0, at = 0; done < frames; done += framesPerBlock, at += blockAlign) {
      block(src, at, channels, Math.min(framesPerBlock, frames - done), out, done * channels);
    }
  };
}

/** Decodes `n` frames of the block at src[base] into out[outAt ..]. */
type BlockDecoder = (
  src: Uint8Array,
  base: number,
  channels: number,
  n: number,
  out: Int16Array,
  outAt: number,
) => void;

// ---------------------------------------------------------------- IMA

const IMA_STEPS = Int32Array.from([
  7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73,
  80, 88, 97, 107, 118, 130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494,
  544, 598, 658, 724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272, 2499,
  2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493, 10442, 11487,
  12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
]);
const IMA_INDEX_SHIFT = [-1, -1, -1, -1, 2, 4, 6, 8];
const IMA_MAX_INDEX = 88;

/**
 * Per channel a 4-byte header (the first sample, int16; the step index; a reserved byte),
 * then the codes in groups of 4 bytes per channel, channels taking turns group by group:
 * 8 samples a group, low nibble first.
 */
const imaBlock: BlockDecoder = (src, base, channels, n, out, outAt) => {
  const groupStride = 4 * channels;
  for (let c = 0; c < channels; c++) {
    const head = base + 4 * c;
    let value = ((src[head]! | (src[head + 1]! << 8)) << 16) >> 16;
    let index = src[head + 2]!;
    if (index > IMA_MAX_INDEX) index = 0;
    let o = outAt + c;
    out[o] = value;
    const codes = base + groupStride + 4 * c;
    for (let i = 1; i < n; i++) {
      const k = i - 1;
      const byte = src[codes + (k >> 3) * groupStride + ((k & 7) >> 1)]!;
      const code = k & 1 ? byte >> 4 : byte & 0x0f;
      const step = IMA_STEPS[index]!;
      let diff = step >> 3;
      if (code & 4) diff += step;
      if (code & 2) diff += step >> 1;
      if (code & 1) diff += step >> 2;
      if (code & 8) {
        value -= diff;
        if (value < -32768) value = -32768;
      } else {
        value += diff;
        if (value > 32767) value = 32767;
      }
      index += IMA_INDEX_SHIFT[code & 7]!;
      index = index < 0 ? 0 : index > IMA_MAX_INDEX ? IMA_MAX_INDEX : index;
      o += channels;
      out[o] = value;
    }
  }
};

// ---------------------------------------------------------------- MS

const MS_ADAPT = Int32Array.from([
  230, 230, 230, 230, 307, 409, 512, 614, 768, 614, 512, 409, 307, 230, 230, 230,
]);

/**
 * The block header holds, each for every channel in turn: the predictor index (a byte), the
 * initial step (int16), the second sample and the first sample (int16 each). Then one 4-bit
 * code per sample, high nibble first, channels interleaved like the frames.
 */
function msBlock(channels: number, coefficients: number[]): BlockDecoder {
  const table = coefficients.length > 0 ? coefficients : MS_ADPCM_STANDARD_COEFFICIENTS;
  const pairs = table.length >> 1;
  const a = new Int32Array(channels);
  const b = new Int32Array(channels);
  const steps = new Int32Array(channels);
  return (src, base, _channels, n, out, outAt) => {
    const int16 = (at: number) => ((src[at]! | (src[at + 1]! << 8)) << 16) >> 16;
    for (let c = 0; c < channels; c++) {
      let predictor = src[base + c]!;
      if (predictor >= pairs) predictor = 0;
      a[c] = table[2 * predictor]!;
      b[c] = table[2 * predictor + 1]!;
      steps[c] = int16(base + channels + 2 * c);
      out[outAt + c] = int16(base + 5 * channels + 2 * c);
      if (n > 1) out[outAt + channels + c] = int16(base + 3 * channels + 2 * c);
    }
    const end = outAt + n * channels;
    const codes = base + 7 * channels;
    for (let o = outAt + 2 * channels, q = 0, c = 0; o < end; o++, q++) {
      const byte = src[codes + (q >> 1)]!;
      const code = q & 1 ? byte & 0x0f : byte >> 4;
      const step = steps[c]!;
      const next = (MS_ADAPT[code]! * step) >> 8;
      steps[c] = next < 16 ? 16 : next;
      const predicted = (out[o - channels]! * a[c]! + out[o - 2 * channels]! * b[c]!) >> 8;
      // The code is a signed 4-bit number; sox's int arithmetic wraps, as Math.imul and | 0 do.
      const sample = (Math.imul(code & 8 ? code - 16 : code, step) + predicted) | 0;
      out[o] = sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample;
      if (++c === channels) c = 0;
    }
  };
}
