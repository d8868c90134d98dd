/** What a header read gives back, and the limits and codec rules both readers share. */

import type { FileMeta } from '../../shared/contract';

export type HeaderParse =
  | { kind: 'ok'; header: AudioHeader }
  /** The prefix was too short: read at least this many bytes from the start and call again. */
  | { kind: 'need-more'; bytes: number }
  /** Ogg: read the last `bytes` bytes of the file (where the last page is) and call again with them. */
  | { kind: 'need-tail'; bytes: number }
  | { kind: 'error'; reason: string };

export interface AudioHeader {
  container: 'WAV' | 'RF64' | 'RIFX' | 'AIFF' | 'AIFF-C' | 'FLAC' | 'MP3' | 'Ogg';
  codec: WavCodec | 'flac' | 'mp3' | 'vorbis' | 'opus';
  /**
   * 'PCM', 'IEEE float', 'A-law', 'µ-law', 'IMA ADPCM', 'MS ADPCM', 'format 0x0055'; AIFF-C adds
   * its 4-char code; 'FLAC', 'MP3', 'Vorbis', 'Opus' for the compressed formats.
   */
  codecLabel: string;
  /** WAV format tag (the EXTENSIBLE sub-format's tag when EXTENSIBLE); 0 for AIFF. */
  formatTag: number;
  extensible: boolean;
  /** Sample byte order: RIFX and AIFF big, AIFF-C 'sowt' little. AIFF 8-bit PCM is signed, WAV's unsigned. */
  bigEndian: boolean;
  sampleRate: number;
  channels: number;
  /**
   * Container bits of one sample (EXTENSIBLE's wBitsPerSample; AIFF rounds up to whole bytes);
   * FLAC's bits per sample; 0 for the lossy formats, which have none.
   */
  bitsPerSample: number;
  /** 0 for the compressed formats (FLAC, MP3, Ogg), whose frames vary in size. */
  blockAlign: number;
  /** Frames as decoded: MP3 without its encoder delay and padding, Opus at 48 kHz after pre-skip. */
  frames: number;
  durationSec: number;
  /**
   * True when `frames` is estimated rather than read: an MP3 with no Xing/Info or VBRI frame
   * (from the first frame's bitrate and the file size), a FLAC whose STREAMINFO gives no length.
   */
  lengthEstimated: boolean;
  /** Opus: the rate of the encoder's input (the stream itself always decodes at 48 kHz). */
  inputSampleRate?: number;
  /** MP3: the first frame's bitrate (the average for VBR when known); Vorbis: the nominal bitrate. */
  bitrate?: number;
  /** Byte offset of the first sample byte (compressed: of the first audio frame or page) in the file. */
  dataOffset: number;
  /** Bytes of sample data, without a pad byte (compressed: from dataOffset to the end of the audio). */
  dataBytes: number;
  /** IMA and MS ADPCM: the block layout (blockAlign is a block of many frames, not one frame). */
  adpcm?: AdpcmLayout;
  /**
   * What the player can decode: pcm 8/16/24/32, float 32/64, alaw, mulaw, 4-bit IMA and MS
   * ADPCM; FLAC up to 24 bits; MP3.
   */
  playable: boolean;
  tempo: number | null;
  tempoSource: 'acid' | 'tag' | 'filename' | null;
  meta: FileMeta;
}

/** What an ADPCM WAV's fmt chunk tells about its blocks, beyond blockAlign. */
export interface AdpcmLayout {
  /** Frames in every whole block. */
  framesPerBlock: number;
  /** MS ADPCM: the fmt chunk's predictor pairs, flat [a0, b0, a1, b1, ...]; empty: the standard 7. */
  coefficients: number[];
}

/** What the scanner reads first; nearly every header fits. */
export const HEADER_PREFIX_BYTES = 4096;
/** need-more never asks beyond this: audio data starting later is reported as an error. */
export const MAX_HEADER_BYTES = 16_000_000;
/** need-tail never asks beyond this (an Ogg page is at most 65,307 bytes). */
export const MAX_TAIL_BYTES = 140_000;
/** Most channels and the highest sample rate a header may claim before we call it corrupt. */
export const MAX_CHANNELS = 64;
export const MAX_SAMPLE_RATE = 1_000_000;

export type Container = AudioHeader['container'];
export type Codec = AudioHeader['codec'];
/** The codecs a WAV or AIFF file may hold. */
export type WavCodec = 'pcm' | 'float' | 'alaw' | 'mulaw' | 'ima-adpcm' | 'ms-adpcm' | 'other';
export type Meta = AudioHeader['meta'];

/** A prefix of one file as the readers see it. */
export interface Input {
  bytes: Uint8Array;
  view: DataView;
  /** Bytes of the file present in `bytes`. */
  len: number;
  fileSize: number;
  le: boolean;
  /** The last bytes of the file, when the reader asked for them (need-tail). */
  tail?: Uint8Array;
}

export function validBits(codec: Codec, bits: number): boolean {
  if (codec === 'pcm') return bits === 8 || bits === 16 || bits === 24 || bits === 32;
  if (codec === 'float') return bits === 32 || bits === 64;
  return bits === 8;
}

export function isPlayable(codec: Codec, bits: number): boolean {
  if (codec === 'ima-adpcm' || codec === 'ms-adpcm') return bits === 4;
  return (
    (codec === 'pcm' || codec === 'float' || codec === 'alaw' || codec === 'mulaw') &&
    validBits(codec, bits)
  );
}

export function ok(
  header: Omit<AudioHeader, 'durationSec' | 'lengthEstimated'> & { lengthEstimated?: boolean },
): HeaderParse {
  return {
    kind: 'ok',
    header: {
      ...header,
      lengthEstimated: header.lengthEstimated ?? false,
      durationSec: header.frames / header.sampleRate,
    },
  };
}

export function fail(reason: string): HeaderParse {
  return { kind: 'error', reason };
}
