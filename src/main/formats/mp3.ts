/**
 * MP3 (MPEG-1, 2 and 2.5 Layer III): the first frame header after any ID3v2 tag, and the frame
 * that encoders put first to describe the stream: Xing/Info (with LAME's encoder delay and
 * padding, which give the gapless length) or Fraunhofer's VBRI. Without one, the length is
 * estimated from the first frame's bitrate and the file size, and marked as an estimate.
 */

import { fail, ok, type HeaderParse, type Input } from './header-types';
import { needMore } from './chunks';
import { plural } from './byte-text';
import { emptyTags, tagFields, type Tags } from './tags';

/** How far past the start (or the ID3v2 tag) the first frame may be, junk and padding included. */
export const MP3_SYNC_SEARCH_BYTES = 65_536;
const ID3V1_BYTES = 128;

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES_V1 = [44100, 48000, 32000];
const VERSIONS = ['2.5', '', '2', '1'];
const LAYERS = ['', 'III', 'II', 'I'];

export interface FrameHeader {
  /** '1', '2' or '2.5'. */
  version: string;
  sampleRate: number;
  channels: number;
  /** bits/s */
  bitrate: number;
  bytes: number;
  samplesPerFrame: number;
  sideInfoBytes: number;
}

/** The Layer III frame header at `at`, or undefined when the bytes there are not one. */
export function frameHeader(bytes: Uint8Array, at: number): FrameHeader | undefined {
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  if (versionBits === 1 || ((b1 >> 1) & 3) !== 1) return undefined;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const v1 = versionBits === 3;
  const bitrate = ((v1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex] ?? 0) * 1000;
  const sampleRate = (RATES_V1[rateIndex] ?? 0) / (v1 ? 1 : versionBits === 2 ? 2 : 4);
  const channels = (bytes[at + 3] ?? 0) >> 6 === 3 ? 1 : 2;
  const padding = (b2 >> 1) & 1;
  return {
    version: VERSIONS[versionBits] ?? '',
    sampleRate,
    channels,
    bitrate,
    bytes: Math.floor(((v1 ? 144 : 72) * bitrate) / sampleRate) + padding,
    samplesPerFrame: v1 ? 1152 : 576,
    sideInfoBytes: v1 ? (channels === 1 ? 17 : 32) : channels === 1 ? 9 : 17,
  };
}

/** `start` is where the audio may begin: 0, or the end of the ID3v2 tag. */
export function parseMp3(input: Input, start: number, tags: Tags = emptyTags()): HeaderParse {
  const { bytes, len, fileSize } = input;
  if (start >= fileSize) {
    return fail(`no MPEG audio after the ID3v2 tag: the file ends at byte ${fileSize}`);
  }
  const searchEnd = Math.min(fileSize, start + MP3_SYNC_SEARCH_BYTES);
  let cutShort: string | undefined;
  let otherLayer: string | undefined;
  for (let at = start; at + 4 <= searchEnd; at++) {
    if (at + 4 > len) {
      const need = needMore(input, at + 4, 'the first MPEG frame');
      return need ?? fail(`no MPEG frame sync in the first ${len} bytes`);
    }
    if (bytes[at] !== 0xff) continue;
    const frame = frameHeader(bytes, at);
    if (!frame) {
      // Only where the audio should start: a stray 0xFF in junk names no format.
      if (at === start) otherLayer = otherLayerName(bytes, at);
      continue;
    }
    const next = at + frame.bytes;
    if (next > fileSize) {
      cutShort ??=
        `truncated: the MPEG frame at byte ${at} needs ${frame.bytes} bytes, ` +
        `the file ends at byte ${fileSize}`;
      continue;
    }
    if (next !== fileSize && next + ID3V1_BYTES !== fileSize) {
      // Unless the frame ends the file (or meets an ID3v1 tag), the next one must be whole.
      if (next + 4 > fileSize) continue;
      // A lone 0xFFE in junk is common: the next frame must follow where this one says.
      if (next + 4 > len) {
        const need = needMore(input, next + 4, 'the second MPEG frame');
        if (need) return need;
      }
      const second = frameHeader(bytes, next);
      if (!second || second.version !== frame.version || second.sampleRate !== frame.sampleRate) {
        continue;
      }
    }
    return fromFirstFrame(input, at, frame, tags);
  }
  if (otherLayer) return fail(otherLayer);
  if (cutShort) return fail(cutShort);
  return fail(
    `no MPEG frame sync within ${plural(searchEnd - start, 'byte')} ` +
      (start > 0 ? `after the ID3v2 tag (byte ${start})` : 'from the start of the file'),
  );
}

function fromFirstFrame(input: Input, at: number, frame: FrameHeader, tags: Tags): HeaderParse {
  const { fileSize } = input;
  const info = readInfoFrame(input, at, frame);
  const end = fileSize - (hasId3v1(input) ? ID3V1_BYTES : 0);
  const dataOffset = info ? at + frame.bytes : at;
  const dataBytes = Math.max(0, end - dataOffset);
  let frames: number;
  let bitrate = frame.bitrate;
  if (info?.frames !== undefined) {
    const total = info.frames * frame.samplesPerFrame;
    const trimmed = total - info.delay - info.padding;
    frames = trimmed > 0 ? trimmed : total;
    if (total > 0 && info.vbr) bitrate = Math.round((dataBytes * 8 * frame.sampleRate) / total);
  } else {
    frames = Math.round((dataBytes * 8 * frame.sampleRate) / frame.bitrate);
  }
  return ok({
    container: 'MP3',
    codec: 'mp3',
    codecLabel: 'MP3',
    formatTag: 0,
    extensible: false,
    bigEndian: false,
    sampleRate: frame.sampleRate,
    channels: frame.channels,
    bitsPerSample: 0,
    blockAlign: 0,
    frames,
    lengthEstimated: info?.frames === undefined,
    bitrate,
    dataOffset,
    dataBytes,
    playable: true,
    ...tagFields(tags),
  });
}

interface InfoFrame {
  frames?: number;
  /** LAME's encoder delay and padding, in samples (0 without a LAME tag). */
  delay: number;
  padding: number;
  vbr: boolean;
}

/** The Xing/Info or VBRI frame at `at`, when the first frame is one. */
function readInfoFrame(input: Input, at: number, frame: FrameHeader): InfoFrame | undefined {
  const { bytes, view, len } = input;
  const frameEnd = Math.min(at + frame.bytes, len);
  const xing = at + 4 + frame.sideInfoBytes;
  const tag = xing + 8 <= frameEnd ? ascii4(bytes, xing) : '';
  if (tag === 'Xing' || tag === 'Info') {
    const flags = view.getUint32(xing + 4, false);
    let pos = xing + 8;
    let frames: number | undefined;
    if (flags & 1) {
      if (pos + 4 > frameEnd) return { delay: 0, padding: 0, vbr: tag === 'Xing' };
      frames = view.getUint32(pos, false);
      pos += 4;
    }
    if (flags & 2) pos += 4;
    if (flags & 4) pos += 100;
    if (flags & 8) pos += 4;
    let delay = 0;
    let padding = 0;
    // LAME's extension: a 9-character encoder version, then at +21 delay and padding (12 bits each).
    const encoder = pos + 24 <= frameEnd ? ascii4(bytes, pos) : '';
    if (encoder === 'LAME' || encoder.startsWith('Lav') || encoder === 'GOGO') {
      const d0 = bytes[pos + 21] ?? 0;
      const d1 = bytes[pos + 22] ?? 0;
      const d2 = bytes[pos + 23] ?? 0;
      delay = (d0 << 4) | (d1 >> 4);
      padding = ((d1 & 0x0f) << 8) | d2;
    }
    return { frames, delay, padding, vbr: tag === 'Xing' };
  }
  const vbri = at + 4 + 32;
  if (vbri + 18 <= frameEnd && ascii4(bytes, vbri) === 'VBRI') {
    return { frames: view.getUint32(vbri + 14, false), delay: 0, padding: 0, vbr: true };
  }
  return undefined;
}

/** Why a Layer I/II or free-format header at `at` is not read; undefined for anything else. */
function otherLayerName(bytes: Uint8Array, at: number): string | undefined {
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  if ((b1 & 0xe0) !== 0xe0 || versionBits === 1 || layerBits === 0) return undefined;
  if (b2 >> 4 === 15 || ((b2 >> 2) & 3) === 3) return undefined;
  if (layerBits === 1) {
    // Layer III, and a valid header but for its bitrate: "free format" gives none.
    return b2 >> 4 === 0
      ? `free-format MP3 at byte ${at}: frames without a bitrate are not read`
      : undefined;
  }
  return `MPEG-${VERSIONS[versionBits]} Layer ${LAYERS[layerBits]} audio at byte ${at}: only Layer III (MP3) is read`;
}

/** A 128-byte ID3v1 tag ("TAG") at the end, when the end is in the prefix. */
function hasId3v1(input: Input): boolean {
  const at = input.fileSize - ID3V1_BYTES;
  return input.len === input.fileSize && at >= 0 && ascii4(input.bytes, at).startsWith('TAG');
}

function ascii4(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(
    bytes[at] ?? 0,
    bytes[at + 1] ?? 0,
    bytes[at + 2] ?? 0,
    bytes[at + 3] ?? 0,
  );
}
