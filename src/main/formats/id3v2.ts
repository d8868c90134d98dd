/**
 * ID3v2 (2.2, 2.3, 2.4) at the start of an MP3, sometimes before a FLAC stream: its size, so
 * the audio after it can be found, and the text frames the library shows (TIT2, TPE1, COMM, TBPM,
 * TKEY). Frames that are compressed, encrypted or unsynchronised are skipped, not decoded.
 */

import { applyTag, utf8Text, type Tags } from './tags';

export const ID3_HEADER_BYTES = 10;
const MAX_TEXT_BYTES = 4000;

export interface Id3Tag {
  /** First byte after the tag (and its footer). */
  end: number;
  major: number;
}

export function startsWithId3(bytes: Uint8Array, at: number, len: number): boolean {
  return at + 3 <= len && bytes[at] === 0x49 && bytes[at + 1] === 0x44 && bytes[at + 2] === 0x33;
}

/** The tag starting at `at` (which holds "ID3" and its 10-byte header), or why it is corrupt. */
export function id3Extent(bytes: Uint8Array, at: number): Id3Tag | string {
  const major = bytes[at + 3] ?? 0;
  const flags = bytes[at + 5] ?? 0;
  let size = 0;
  for (let i = 0; i < 4; i++) {
    const b = bytes[at + 6 + i] ?? 0;
    if (b & 0x80) {
      return (
        `ID3v2 tag at byte ${at}: size is not sync-safe ` +
        `(byte ${at + 6 + i} is 0x${b.toString(16).toUpperCase().padStart(2, '0')})`
      );
    }
    size = size * 128 + b;
  }
  if (major === 0xff || (bytes[at + 4] ?? 0) === 0xff) {
    return `ID3v2 tag at byte ${at}: version 2.${major}.${bytes[at + 4] ?? 0} is not valid`;
  }
  const footer = major === 4 && (flags & 0x10) !== 0 ? 10 : 0;
  return { end: at + ID3_HEADER_BYTES + size + footer, major };
}

/** Reads the tag's text frames present in bytes[0, len) into `tags`. */
export function readId3Frames(
  bytes: Uint8Array,
  at: number,
  tag: Id3Tag,
  len: number,
  tags: Tags,
): void {
  const { major } = tag;
  if (major < 2 || major > 4) return;
  const flags = bytes[at + 5] ?? 0;
  // Whole-tag unsynchronisation (2.2, 2.3) would need the tag rewritten first: rare, skipped.
  if (major < 4 && flags & 0x80) return;
  const limit = Math.min(tag.end, len);
  let pos = at + ID3_HEADER_BYTES;
  if (major >= 3 && flags & 0x40) {
    const extended = major === 3 ? 4 + u32be(bytes, pos) : syncsafe(bytes, pos);
    pos += extended;
  }
  const idLength = major === 2 ? 3 : 4;
  const headerLength = major === 2 ? 6 : 10;
  while (pos + headerLength <= limit) {
    if (!isFrameId(bytes, pos, idLength)) return; // padding or garbage: the frames are over
    const id = String.fromCharCode(...bytes.subarray(pos, pos + idLength));
    const size =
      major === 2
        ? u24be(bytes, pos + 3)
        : major === 3
          ? u32be(bytes, pos + 4)
          : syncsafe(bytes, pos + 4);
    const frameFlags = major === 2 ? 0 : ((bytes[pos + 8] ?? 0) << 8) | (bytes[pos + 9] ?? 0);
    let body = pos + headerLength;
    const end = body + size;
    pos = end;
    if (end > limit) return;
    const skip = major === 3 ? frameFlags & 0x00c0 : major === 4 ? frameFlags & 0x000e : 0;
    if (skip || size > MAX_TEXT_BYTES) continue;
    if (major === 4 && frameFlags & 0x0001) body += 4; // data length indicator
    if (id === 'COMM' || id === 'COM') readComment(bytes, body, end, tags);
    else if (id[0] === 'T')
      applyTag(tags, id, decodeText(bytes, body + 1, end, bytes[body] ?? 0).text);
  }
}

/** COMM: encoding, a language, a description ending in NUL, then the comment. */
function readComment(bytes: Uint8Array, body: number, end: number, tags: Tags): void {
  const encoding = bytes[body] ?? 0;
  const description = decodeText(bytes, body + 4, end, encoding);
  // iTunes stores its own data as comments with a description (iTunNORM, iTunSMPB ...).
  if (description.text.startsWith('iTun')) return;
  applyTag(tags, 'COMM', decodeText(bytes, description.next, end, encoding).text);
}

/** Text in one of ID3's four encodings, up to its NUL; `next` is the byte after the NUL. */
function decodeText(
  bytes: Uint8Array,
  start: number,
  end: number,
  encoding: number,
): { text: string; next: number } {
  if (encoding === 1 || encoding === 2) {
    let at = start;
    let littleEndian = false;
    if (encoding === 1 && at + 2 <= end) {
      if (bytes[at] === 0xff && bytes[at + 1] === 0xfe) littleEndian = true;
      if (
        (bytes[at] === 0xff && bytes[at + 1] === 0xfe) ||
        (bytes[at] === 0xfe && bytes[at + 1] === 0xff)
      ) {
        at += 2;
      }
    }
    const units: number[] = [];
    for (; at + 2 <= end; at += 2) {
      const unit = littleEndian
        ? (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)
        : ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
      if (unit === 0) return { text: String.fromCharCode(...units), next: at + 2 };
      if (units.length < MAX_TEXT_BYTES / 2) units.push(unit);
    }
    return { text: String.fromCharCode(...units), next: end };
  }
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  const text =
    encoding === 3
      ? utf8Text(bytes, start, stop)
      : String.fromCharCode(...bytes.subarray(start, Math.min(stop, start + MAX_TEXT_BYTES)));
  return { text, next: stop + 1 };
}

function isFrameId(bytes: Uint8Array, at: number, length: number): boolean {
  for (let i = at; i < at + length; i++) {
    const b = bytes[i] ?? 0;
    if (!((b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39))) return false;
  }
  return true;
}

function u24be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 16) | ((bytes[at + 1] ?? 0) << 8) | (bytes[at + 2] ?? 0);
}

function u32be(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) * 0x1000000 + u24be(bytes, at + 1);
}

function syncsafe(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) & 0x7f) * 0x200000 +
    (((bytes[at + 1] ?? 0) & 0x7f) << 14) +
    (((bytes[at + 2] ?? 0) & 0x7f) << 7) +
    ((bytes[at + 3] ?? 0) & 0x7f)
  );
}
