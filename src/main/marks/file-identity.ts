import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const EDGE = 64 * 1024;

/**
 * A file's identity for following it when it moves: its size and a hash of its first and last
 * 64 KB (the whole file when smaller), so a 2 GB file costs two small reads.
 */
export async function fileIdentity(path: string): Promise<{ size: number; hash: string }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha256');
    const head = Buffer.alloc(Math.min(EDGE, size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (size > EDGE) {
      const tail = Buffer.alloc(Math.min(EDGE, size - EDGE));
      await handle.read(tail, 0, tail.length, size - tail.length);
      hash.update(tail);
    }
    return { size, hash: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}
