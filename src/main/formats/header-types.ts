/** What a header read gives back, and the limits and codec rules both readers share. */

import type { FileMeta } from '../../shared/contract';

export type HeaderParse =
  | { kind: 'ok'; header: AudioHeader }
  /** The prefix was too short: read at least this many bytes from the start and call again. */
  | { kind: 'need-more'; bytes: number }
  | { kind: 'error'; reason: string };

export interface AudioHeader {
  container: 'WAV' | 'RF64' | 'RIFX' | 'AIFF' | 'AIFF-C';
  codec: 'pcm' | 'float' | 'alaw' | 'mulaw' | 'ima-adpcm' | 'ms-adpcm' | 'other';
  /** 'PCM', 'IEEE float', 'A-law', 'µ-law', 'IMA ADPCM', 'MS ADPCM', 'format 0x0055'; AIFF-C adds its 4-char code. */
  codecLabel: string;
  /** WAV format tag (the EXTENSIBLE sub-format's tag when EXTENSIBLE); 0 for AIFF. */
  formatTag: number;
  extensible: boolean;
  /** Sample byte order: RIFX and AIFF big, AIFF-C 'sowt' little. AIFF 8-bit PCM is signed, WAV's unsigned. */
  bigEndian: boolean;
  sampleRate: number;
  channels: number;
  /** Container bits of one sample (EXTENSIBLE's wBitsPerSample; AIFF rounds up to whole bytes). */
  bitsPerSample: number;
  blockAlign: number;
  frames: number;
  durationSec: number;
  /** Byte offset of the first sample byte in the file. */
  dataOffset: number;
  /** Bytes of sample data, without a pad byte. */
  dataBytes: number;
  /** pcm 8/16/24/32, float 32/64, alaw, mulaw: what the player can decode. */
  playable: boolean;
  tempo: number | null;
  tempoSource: 'acid' | 'filename' | null;
  meta: FileMeta;
}

/** What the scanner reads first; nearly every header fits. */
export const HEADER_PREFIX_BYTES = 4096;
/** need-more never asks beyond this: audio data starting later is reported as an error. */
export const MAX_HEADER_BYTES = 16_000_000;
/** Most channels and the highest sample rate a header may claim before we call it corrupt. */
export const MAX_CHANNELS = 64;
export const MAX_SAMPLE_RATE = 1_000_000;

export type Container = AudioHeader['container'];
export type Codec = AudioHeader['codec'];
export type Meta = AudioHeader['meta'];

/** A prefix of one file as the readers see it. */
export interface Input {
  bytes: Uint8Array;
  view: DataView;
  /** Bytes of the file present in `bytes`. */
  len: number;
  fileSize: number;
  le: boolean;
}

export function validBits(codec: Codec, bits: number): boolean {
  if (codec === 'pcm') return bits === 8 || bits === 16 || bits === 24 || bits === 32;
  if (codec === 'float') return bits === 32 || bits === 64;
  return bits === 8;
}

export function isPlayable(codec: Codec, bits: number): boolean {
  return (
    (codec === 'pcm' || codec === 'float' || codec === 'alaw' || codec === 'mulaw') &&
    validBits(codec, bits)
  );
}

export function ok(header: Omit<AudioHeader, 'durationSec'>): HeaderParse {
  return { kind: 'ok', header: { ...header, durationSec: header.frames / header.sampleRate } };
}

export function fail(reason: string): HeaderParse {
  return { kind: 'error', reason };
}
