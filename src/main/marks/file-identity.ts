import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fsPath } from '../platform/fs-path';

/** Bytes hashed at each end of the file. */
const EDGE = 64 * 1024;

export interface FileIdentity {
  size: number;
  /** SHA-1 (hex) of the first and last 64 KB (the whole file when it is shorter than both). */
  hash: string;
}

/**
 * What recognises a file after a move or rename without reading all of it: its size and a hash
 * of its two ends (where headers, tags and the audio's start and end differ between files).
 */
export async function fileIdentity(path: string): Promise<FileIdentity> {
  const handle = await open(fsPath(path), 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha1');
    const head = Buffer.alloc(Math.min(size, EDGE));
    await readFully(handle, head, 0, path);
    hash.update(head);
    if (size > EDGE) {
      // The tail starts after the head, so a file of up to 128 KB is hashed once, whole.
      const tailStart = Math.max(EDGE, size - EDGE);
      const tail = Buffer.alloc(size - tailStart);
      await readFully(handle, tail, tailStart, path);
      hash.update(tail);
    }
    return { size, hash: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

async function readFully(
  handle: Awaited<ReturnType<typeof open>>,
  into: Buffer,
  position: number,
  path: string,
): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0)
      throw new Error(`${path} shrank while it was read (at byte ${position + done})`);
    done += bytesRead;
  }
}
