/**
 * Reads the header of a WAV (RIFF, RIFX, RF64/BW64), AIFF/AIFF-C, FLAC, MP3 or Ogg Vorbis/Opus
 * file from a prefix of its bytes (Ogg also from its last bytes: need-tail). Pure and total: no
 * I/O, never throws, every loop advances, allocations are bounded by the prefix. The library
 * scan calls it on a 4 KB prefix of ~40,000 files a second. This module picks the reader by the
 * magic bytes (an MP3 without a tag also by its extension); wav.ts, aiff.ts, flac.ts, mp3.ts and
 * ogg.ts read the rest.
 */

import {
  HEADER_PREFIX_BYTES,
  fail,
  type Container,
  type HeaderParse,
  type Input,
} from './header-types';
import { fourCC, printable } from './byte-text';
import { parseWav } from './wav';
import { parseAiff } from './aiff';
import { parseFlac } from './flac';
import { parseMp3 } from './mp3';
import { parseOgg } from './ogg';
import { ID3_HEADER_BYTES, id3Extent, readId3Frames, startsWithId3 } from './id3v2';
import { needMore } from './chunks';
import { emptyTags } from './tags';
import { applyTempoGuess } from './tempo-from-name';

/**
 * `tail`, when given, is the last `tail.length` bytes of the file, as a need-tail asked for.
 * `fileName` guesses a tempo from the name and lets an untagged MP3 be found by its extension.
 */
export function parseAudioHeader(
  bytes: Uint8Array,
  fileSize: number,
  fileName?: string,
  tail?: Uint8Array,
): HeaderParse {
  try {
    const result = parse(bytes, fileSize, fileName, tail);
    if (result.kind === 'ok') applyTempoGuess(result.header, fileName);
    return result;
  } catch (error) {
    // Unreachable by design (the fuzz test checks for this reason); a scan must never die on a file.
    return fail(`internal error reading the header: ${String(error)}`);
  }
}

function parse(
  bytes: Uint8Array,
  rawFileSize: number,
  fileName: string | undefined,
  tail: Uint8Array | undefined,
): HeaderParse {
  if (!Number.isFinite(rawFileSize) || rawFileSize < 0) return fail(`invalid file size`);
  const fileSize = Math.floor(rawFileSize);
  if (fileSize === 0) return fail('empty file (0 bytes)');
  const len = Math.min(bytes.length, fileSize);
  if (len < Math.min(12, fileSize)) {
    return { kind: 'need-more', bytes: Math.min(fileSize, HEADER_PREFIX_BYTES) };
  }
  const magic = fourCC(bytes, 0, len);
  const kind = containerOf(magic);
  if (kind === undefined) return parseCompressed(bytes, len, fileSize, fileName, tail);
  const headerName = magic === 'FORM' ? 'FORM' : 'RIFF';
  if (fileSize < 12) {
    return fail(`truncated header: file ends at byte ${fileSize} inside the ${headerName} header`);
  }
  const formType = fourCC(bytes, 8, len);
  const input: Input = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, len),
    len,
    fileSize,
    le: kind === 'WAV' || kind === 'RF64',
  };
  if (kind === 'AIFF') {
    if (formType === 'AIFF') return parseAiff(input, 'AIFF');
    if (formType === 'AIFC') return parseAiff(input, 'AIFF-C');
    return fail(`FORM file of type "${printable(bytes, 8, 4)}" is not AIFF`);
  }
  if (formType !== 'WAVE') {
    return fail(`${magic} file of type "${printable(bytes, 8, 4)}" is not WAVE`);
  }
  return parseWav(input, kind);
}

/** FLAC, MP3 and Ogg, by their magic bytes (an MP3 without an ID3v2 tag by its frame sync). */
function parseCompressed(
  bytes: Uint8Array,
  len: number,
  fileSize: number,
  fileName: string | undefined,
  tail: Uint8Array | undefined,
): HeaderParse {
  const input: Input = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, len),
    len,
    fileSize,
    le: false,
    ...(tail && tail.length <= fileSize ? { tail } : {}),
  };
  const magic = fourCC(bytes, 0, len);
  if (magic === 'fLaC') return parseFlac(input, 0);
  if (magic === 'OggS') return parseOgg(input);
  if (startsWithId3(bytes, 0, len)) {
    if (fileSize < ID3_HEADER_BYTES) {
      return fail(`truncated header: file ends at byte ${fileSize} inside the ID3v2 header`);
    }
    const tag = id3Extent(bytes, 0);
    if (typeof tag === 'string') return fail(tag);
    if (tag.end > fileSize) {
      return fail(
        `ID3v2 tag says ${tag.end} bytes, past the end of the file (it has ${fileSize} bytes)`,
      );
    }
    const need = needMore(input, Math.min(tag.end + 4, fileSize), 'the ID3v2 tag');
    if (need) return need;
    const tags = emptyTags();
    readId3Frames(bytes, 0, tag, len, tags);
    return fourCC(bytes, tag.end, len) === 'fLaC'
      ? parseFlac(input, tag.end, tags)
      : parseMp3(input, tag.end, tags);
  }
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  if (b0 === 0xff && (b1 & 0xf6) === 0xf0) {
    return fail(
      'unsupported audio format: AAC (ADTS) (only WAV, AIFF, FLAC, MP3 and Ogg are read)',
    );
  }
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0) return parseMp3(input, 0);
  // MP3s may start with junk or silence before the first frame: looked for by extension only.
  if (fileName !== undefined && /\.mp3$/i.test(fileName)) {
    const mp3 = parseMp3(input, 0);
    if (mp3.kind !== 'error') return mp3;
  }
  return fail(notAudioReason(bytes, len, fileSize));
}

const MAGICS = ['RIFF', 'RIFX', 'RF64', 'BW64', 'FORM'];

function containerOf(magic: string): Container | undefined {
  switch (magic) {
    case 'RIFF':
      return 'WAV';
    case 'RIFX':
      return 'RIFX';
    case 'RF64':
    case 'BW64':
      return 'RF64';
    case 'FORM':
      return 'AIFF';
    default:
      return undefined;
  }
}

function notAudioReason(bytes: Uint8Array, len: number, fileSize: number): string {
  const b0 = bytes[0] ?? 0;
  const head = fourCC(bytes, 0, len);
  const known =
    head === 'caff'
      ? 'CAF'
      : head === '.snd'
        ? 'Sun/NeXT AU'
        : fourCC(bytes, 4, len) === 'ftyp'
          ? 'MP4/M4A'
          : undefined;
  if (known) {
    return `unsupported audio format: ${known} (only WAV, AIFF, FLAC, MP3 and Ogg are read)`;
  }
  const shown = printable(bytes, 0, Math.min(4, len));
  if (fileSize < 4 && isMagicPrefix(bytes, len)) {
    return `truncated header: file ends at byte ${fileSize} inside the ${b0 === 0x46 ? 'FORM' : 'RIFF'} header`;
  }
  return `not an audio file: starts with "${shown}"`;
}

function isMagicPrefix(bytes: Uint8Array, len: number): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, len));
  return MAGICS.some((magic) => magic.startsWith(head));
}
