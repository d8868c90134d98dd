import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileIdentity } from '../../src/main/marks/file-identity';
import { seededRandom } from '../fixtures/seeded-random';

const dir = mkdtempSync(join(tmpdir(), 'sd-identity-'));

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function randomBytes(size: number, seed: number): Buffer {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256)));
}

const flipped = (bytes: Buffer, at: number) => {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
};

describe('fileIdentity', () => {
  it('is the size and a hash of the first and last 64 KB: the middle of a large file is not read', async () => {
    const bytes = randomBytes(300_000, 1);
    const original = await fileIdentity(write('a.wav', bytes));
    expect(original.size).toBe(300_000);
    expect(original.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(await fileIdentity(write('same.wav', Buffer.from(bytes)))).toEqual(original);
    expect((await fileIdentity(write('mid.wav', flipped(bytes, 150_000)))).hash).toBe(
      original.hash,
    );
    expect((await fileIdentity(write('head.wav', flipped(bytes, 65_535)))).hash).not.toBe(
      original.hash,
    );
    expect((await fileIdentity(write('tail.wav', flipped(bytes, 300_000 - 65_536)))).hash).not.toBe(
      original.hash,
    );
  });

  it('hashes a file shorter than 128 KB whole, and an empty one', async () => {
    const bytes = randomBytes(100_000, 2);
    const original = await fileIdentity(write('short.wav', bytes));
    expect((await fileIdentity(write('short2.wav', flipped(bytes, 70_000)))).hash).not.toBe(
      original.hash,
    );
    expect(await fileIdentity(write('empty.wav', Buffer.alloc(0)))).toEqual({
      size: 0,
      hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    });
  });

  it('names the file it cannot read', async () => {
    await expect(fileIdentity(join(dir, 'missing.wav'))).rejects.toThrow(/missing\.wav/);
  });
});
