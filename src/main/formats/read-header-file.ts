/**
 * Reads one file's audio header, synchronously on purpose: the scanner calls it in a worker
 * thread for thousands of small files, where plain sync calls are the fastest path.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import {
  HEADER_PREFIX_BYTES,
  MAX_HEADER_BYTES,
  MAX_TAIL_BYTES,
  type HeaderParse,
} from './header-types';
import { parseAudioHeader } from './read-header';
import { OGG_FIRST_TAIL_BYTES } from './ogg';
import { fsPath } from '../platform/fs-path';

export interface HeaderFileResult {
  sizeBytes: number;
  mtimeMs: number;
  /** Never 'need-more' or 'need-tail': a header the reader cannot finish is an error. */
  result: Exclude<HeaderParse, { kind: 'need-more' | 'need-tail' }>;
}

/** The first tail read of every Ogg file goes here: headers copy what they keep out of it. */
const tailBuffer = Buffer.allocUnsafe(OGG_FIRST_TAIL_BYTES);

// O_NONBLOCK keeps a FIFO that matches a sample's name from blocking the open forever.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a prefix of `path` into `buffer` (its whole length, 4 KB if absent; reuse one per
 * thread) and parses it, reading more when the header asks. Throws fs errors (ENOENT, EACCES,
 * EISDIR, ...): see describeFsError (../fs-error.ts).
 */
export function readAudioHeaderSync(
  path: string,
  buffer: Buffer = Buffer.allocUnsafe(HEADER_PREFIX_BYTES),
): HeaderFileResult {
  const fd = openSync(fsPath(path), OPEN_FLAGS);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw notAFile(path, stat.isDirectory());
    const sizeBytes = stat.size;
    const mtimeMs = stat.mtimeMs;
    let bytes = buffer;
    let got = readPrefix(fd, bytes, Math.min(bytes.length, sizeBytes));
    // A file that shrank since fstat is as long as what we could read.
    let fileSize = got < Math.min(bytes.length, sizeBytes) ? got : sizeBytes;
    let tail: Buffer | undefined;
    let result = parseAudioHeader(bytes.subarray(0, got), fileSize, path);
    while (result.kind === 'need-more' || result.kind === 'need-tail') {
      if (result.kind === 'need-tail') {
        // Ogg's last page. Asked for at most twice, each time strictly more, within the cap.
        const want = Math.min(fileSize, MAX_TAIL_BYTES, result.bytes);
        if (want <= (tail?.length ?? 0)) {
          result = { kind: 'error', reason: 'end of the file larger than the reader allows' };
          break;
        }
        tail = want <= tailBuffer.length ? tailBuffer.subarray(0, want) : Buffer.allocUnsafe(want);
        const from = fileSize - want;
        if (readAt(fd, tail, want, from) < want) {
          result = {
            kind: 'error',
            reason: `the file shrank below ${fileSize} bytes while being read`,
          };
          break;
        }
      } else {
        // The parser asks for strictly more than it had, and never past its cap: this ends.
        const want = Math.min(fileSize, MAX_HEADER_BYTES, Math.max(result.bytes, got * 2));
        if (want <= got) {
          result = { kind: 'error', reason: 'header larger than the reader allows' };
          break;
        }
        bytes = Buffer.allocUnsafe(want);
        got = readPrefix(fd, bytes, want);
        if (got < want) fileSize = got;
      }
      result = parseAudioHeader(bytes.subarray(0, got), fileSize, path, tail);
    }
    return { sizeBytes, mtimeMs, result };
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes from the start, fewer only at the end of the file. */
function readPrefix(fd: number, into: Buffer, length: number): number {
  return readAt(fd, into, length, 0);
}

/** Reads `length` bytes from `position`, fewer only at the end of the file. */
function readAt(fd: number, into: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, into, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

function notAFile(path: string, directory: boolean): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    directory ? `EISDIR: is a directory, '${path}'` : `not a regular file: '${path}'`,
  );
  error.code = directory ? 'EISDIR' : 'ENOTREG';
  error.path = path;
  return error;
}
