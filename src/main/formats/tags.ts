/**
 * Tags of the compressed formats (FLAC and Ogg Vorbis comments, MP3's ID3v2 text frames) mapped
 * to the library's fields: title, artist, comment, key and a tempo. One place decides which tag
 * names count, so every format fills the columns the same way.
 */

import type { Meta } from './header-types';

const MAX_TEXT_CHARS = 1000;
/** A tagged tempo outside this range is a typo or a different unit, not a BPM. */
const MIN_TAG_TEMPO = 1;
const MAX_TAG_TEMPO = 999;
/** A Vorbis comment block claiming more entries than this is corrupt (real ones have dozens). */
const MAX_COMMENTS = 10_000;

export interface Tags {
  meta: Meta;
  tempo: number | null;
}

export function emptyTags(): Tags {
  return { meta: {}, tempo: null };
}

/** Sets the field a tag name stands for; the first value of a field wins, others are ignored. */
export function applyTag(tags: Tags, name: string, raw: string): void {
  const value = cleanText(raw);
  if (value === undefined) return;
  switch (name.toUpperCase()) {
    case 'TITLE':
    case 'TIT2':
    case 'TT2':
      tags.meta.title ??= value;
      break;
    case 'ARTIST':
    case 'TPE1':
    case 'TP1':
      tags.meta.artist ??= value;
      break;
    case 'COMMENT':
    case 'DESCRIPTION':
    case 'COMM':
    case 'COM':
      tags.meta.comment ??= value;
      break;
    case 'INITIALKEY':
    case 'KEY':
    case 'TKEY':
    case 'TKE':
      tags.meta.key ??= value;
      break;
    case 'BPM':
    case 'TEMPO':
    case 'TBPM':
    case 'TBP':
      tags.tempo ??= parseTempo(value);
      break;
  }
}

/** "120", "92.5", "128 BPM", "120,5" → the number; anything else → null. */
export function parseTempo(text: string): number | null {
  const match = /^\s*(\d{1,3}(?:[.,]\d{1,3})?)(?:\s*bpm)?\s*$/i.exec(text);
  if (!match?.[1]) return null;
  const tempo = Number(match[1].replace(',', '.'));
  return tempo >= MIN_TAG_TEMPO && tempo <= MAX_TAG_TEMPO ? tempo : null;
}

/** Control characters become spaces; trimmed, capped; empty is undefined. */
export function cleanText(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  let clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ').trim();
  if (clean.length > MAX_TEXT_CHARS) clean = clean.slice(0, MAX_TEXT_CHARS);
  return clean === '' ? undefined : clean;
}

const utf8 = new TextDecoder('utf-8');

/** UTF-8 text of bytes[start, end), at most MAX_TEXT_CHARS × 4 bytes of it. */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  const stop = Math.min(end, bytes.length, start + MAX_TEXT_CHARS * 4);
  return stop > start ? utf8.decode(bytes.subarray(start, stop)) : '';
}

/**
 * Reads a Vorbis comment block (FLAC's VORBIS_COMMENT body, the Vorbis and Opus comment header
 * after their magic) from bytes[start, end): a 32-bit LE vendor length and vendor, a count, then
 * "NAME=value" entries. A block cut short (by the prefix, or corrupt) keeps what came before the
 * cut: tags are an extra, never a reason to reject the file.
 */
export function readVorbisComments(
  bytes: Uint8Array,
  start: number,
  end: number,
  tags: Tags,
): void {
  const limit = Math.min(end, bytes.length);
  const u32 = (at: number) =>
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16)) +
    (bytes[at + 3] ?? 0) * 0x1000000;
  if (start + 4 > limit) return;
  let at = start + 4 + u32(start);
  if (at + 4 > limit) return;
  const count = Math.min(u32(at), MAX_COMMENTS);
  at += 4;
  for (let i = 0; i < count && at + 4 <= limit; i++) {
    const length = u32(at);
    const body = at + 4;
    if (body + length > limit) return;
    at = body + length;
    let eq = body;
    while (eq < at && bytes[eq] !== 0x3d) eq++;
    if (eq === at || eq - body > 64) continue;
    const name = String.fromCharCode(...bytes.subarray(body, eq));
    applyTag(tags, name, utf8Text(bytes, eq + 1, at));
  }
}

/** The tags as the header carries them: tempo from a tag is marked so. */
export function tagFields(tags: Tags): {
  tempo: number | null;
  tempoSource: 'tag' | null;
  meta: Meta;
} {
  return { tempo: tags.tempo, tempoSource: tags.tempo === null ? null : 'tag', meta: tags.meta };
}
