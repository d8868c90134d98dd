/**
 * Writes resources/drag-icon.png, the icon under the pointer while files are dragged out of the
 * Electron window: a 32 × 32 rounded tile with a waveform (`npx tsx scripts/make-drag-icon.ts`).
 * Drawn here rather than kept as an opaque binary, so it can be changed and rebuilt.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 32;
const TILE = [0x2b, 0x6c, 0xb0, 0xe6];
const WAVE = [0xff, 0xff, 0xff, 0xff];

function pixel(x: number, y: number): number[] {
  // A tile with corners rounded at radius 6 (transparent outside it).
  const r = 6;
  const cx = Math.min(Math.max(x + 0.5, r), SIZE - r);
  const cy = Math.min(Math.max(y + 0.5, r), SIZE - r);
  if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > r) return [0, 0, 0, 0];
  // Bars of a waveform, taller in the middle, two pixels wide with a gap.
  if (x >= 5 && x < 27 && x % 3 !== 1) {
    const bar = Math.floor((x - 5) / 3);
    const height = [3, 6, 9, 12, 10, 7, 11, 5][bar % 8]!;
    if (Math.abs(y + 0.5 - SIZE / 2) < height) return WAVE;
  }
  return TILE;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const rows: number[] = [];
for (let y = 0; y < SIZE; y++) {
  rows.push(0); // filter: none
  for (let x = 0; x < SIZE; x++) rows.push(...pixel(x, y));
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.from(rows))),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(resolve(__dirname, '..'), 'resources', 'drag-icon.png');
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
