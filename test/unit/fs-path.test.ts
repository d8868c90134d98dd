import { describe, expect, it } from 'vitest';
import { displayName, fsPath, pathFromBytes } from '../../src/main/platform/fs-path';
import { seededRandom } from '../fixtures/seeded-random';

const bytesOf = (path: string | Buffer) => (typeof path === 'string' ? Buffer.from(path) : path);

describe('library paths from bytes', () => {
  it('keeps valid UTF-8 as it is, and opens it by the same string', () => {
    for (const name of ['kick 01.wav', 'Grüße/ドラム.wav', 'emoji 🥁.aif', 'ok \uFFFD.wav']) {
      const path = pathFromBytes(Buffer.from(name));
      expect(path).toBe(name);
      expect(fsPath(path)).toBe(name);
      expect(displayName(path)).toBe(name);
    }
  });

  it('keeps bytes that are not UTF-8, one string per byte sequence, shown as U+FFFD', () => {
    const a = Buffer.from([0x6b, 0xff, 0xfe, 0x2e, 0x77, 0x61, 0x76]);
    const b = Buffer.from([0x6b, 0xfe, 0xff, 0x2e, 0x77, 0x61, 0x76]);
    expect(pathFromBytes(a)).not.toBe(pathFromBytes(b));
    expect(displayName(pathFromBytes(a))).toBe('k\uFFFD\uFFFD.wav');
    expect(fsPath(pathFromBytes(a))).toEqual(a);
    expect(fsPath(pathFromBytes(b))).toEqual(b);
    // Overlong, surrogate, cut-short and out-of-range sequences are bytes, not characters.
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const bytes = Buffer.from([0x61, ...bad, 0x62]);
      expect(bytesOf(fsPath(pathFromBytes(bytes)))).toEqual(bytes);
      expect(displayName(pathFromBytes(bytes))).toBe(`a${'\uFFFD'.repeat(bad.length)}b`);
    }
  });

  it('turns any bytes back into exactly the same bytes', () => {
    const random = seededRandom(10);
    for (let run = 0; run < 2000; run++) {
      const bytes = Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 24) }, () =>
          // Mostly bytes around the UTF-8 edges, where decoding decides.
          random() < 0.5 ? Math.floor(random() * 256) : 0x80 + Math.floor(random() * 0x80),
        ).filter((b) => b !== 0),
      );
      expect(bytesOf(fsPath(pathFromBytes(bytes)))).toEqual(bytes);
    }
  });
});
