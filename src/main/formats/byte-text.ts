/** Bytes as text: four-character codes, printable excerpts for error reasons, metadata strings. */

import { formatBytes } from '../../shared/units';

const MAX_TEXT_CHARS = 1000;

export function fourCC(bytes: Uint8Array, at: number, limit: number): string {
  if (at + 4 > limit) return '';
  return String.fromCharCode(
    bytes[at] ?? 0,
    bytes[at + 1] ?? 0,
    bytes[at + 2] ?? 0,
    bytes[at + 3] ?? 0,
  );
}

/** Up to `count` bytes as text a person can read: ASCII as is, anything else as \xNN. */
export function printable(bytes: Uint8Array, at: number, count: number): string {
  let text = '';
  for (let i = at; i < at + count && i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b >= 0x20 && b <= 0x7e && b !== 0x22 && b !== 0x5c) text += String.fromCharCode(b);
    else text += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}

/** 1234567 → "1.2 MB" (1 KB = 1000 B). */
export function humanBytes(n: number): string {
  return Number.isFinite(n) ? formatBytes(n) : 'an unreadable size';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A NUL-terminated or padded text field: UTF-8 if valid, else Latin-1, trimmed and capped. */
export function readText(bytes: Uint8Array, start: number, end: number): string | undefined {
  const limit = Math.min(end, bytes.length, start + MAX_TEXT_CHARS * 4);
  let stop = start;
  while (stop < limit && bytes[stop] !== 0) stop++;
  if (stop <= start) return undefined;
  const slice = bytes.subarray(start, stop);
  let text: string;
  try {
    text = utf8.decode(slice);
  } catch {
    text = '';
    for (const b of slice) text += String.fromCharCode(b);
  }
  text = text.replace(CONTROL_CHARS, ' ').trim();
  if (text.length > MAX_TEXT_CHARS) text = text.slice(0, MAX_TEXT_CHARS);
  return text === '' ? undefined : text;
}
