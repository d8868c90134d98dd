/**
 * File names on Linux are bytes, not text: a name that is not valid UTF-8 cannot be a plain
 * string without losing bytes (Node puts U+FFFD in their place, and opening that string finds
 * nothing). Library paths keep such bytes losslessly as lone surrogates U+DC80..U+DCFF, one per
 * byte that is not part of valid UTF-8 (as Python's "surrogateescape"): still one unique
 * string per file (the index key, the cache, JSON on the wire), never produced by decoding
 * valid UTF-8, and turned back into the exact bytes to open the file. Names shown to the user
 * have U+FFFD there.
 */

const strict = new TextDecoder('utf-8', { fatal: true });

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x80 && byte <= 0xbf;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 where the byte is not one. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const c1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return isContinuation(c1) ? 2 : 0;
  const c2 = bytes[i + 2];
  if (b >= 0xe0 && b <= 0xef) {
    const low = b === 0xe0 ? 0xa0 : 0x80;
    // 0xed a0..bf would be a UTF-16 surrogate: not valid UTF-8.
    const high = b === 0xed ? 0x9f : 0xbf;
    return c1 !== undefined && c1 >= low && c1 <= high && isContinuation(c2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const low = b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xf4 ? 0x8f : 0xbf;
    const c3 = bytes[i + 3];
    return c1 !== undefined && c1 >= low && c1 <= high && isContinuation(c2) && isContinuation(c3)
      ? 4
      : 0;
  }
  return 0;
}

/** A name or path from the disk, as bytes, to the string the library keeps (lossless). */
export function pathFromBytes(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    let text = '';
    let run = 0;
    for (let i = 0; i < bytes.length;) {
      const length = sequenceLength(bytes, i);
      if (length > 0) {
        i += length;
        continue;
      }
      text += Buffer.from(bytes.subarray(run, i)).toString('utf8');
      text += String.fromCharCode(0xdc00 + bytes[i]!);
      i += 1;
      run = i;
    }
    return text + Buffer.from(bytes.subarray(run)).toString('utf8');
  }
}

/** A lone low surrogate (one not after a high surrogate) holding a byte. */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const ESCAPED_BYTES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/**
 * The path to hand to fs calls: the string itself when it is plain text, else its exact bytes
 * (a Buffer), so that a file whose name is not UTF-8 opens.
 */
export function fsPath(path: string): string | Buffer {
  if (!ESCAPED_BYTE.test(path)) return path;
  const parts: Buffer[] = [];
  let run = 0;
  for (const match of path.matchAll(ESCAPED_BYTES)) {
    parts.push(Buffer.from(path.slice(run, match.index), 'utf8'));
    parts.push(Buffer.of(match[0].charCodeAt(0) - 0xdc00));
    run = match.index + 1;
  }
  parts.push(Buffer.from(path.slice(run), 'utf8'));
  return Buffer.concat(parts);
}

/** A name to show: the bytes that are not UTF-8 as U+FFFD (the replacement character). */
export function displayName(name: string): string {
  return name.replace(ESCAPED_BYTES, '\uFFFD');
}
