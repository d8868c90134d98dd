/**
 * The icon files `npm run icons` writes (and the repository keeps) are read back here with
 * readers written from the format notes, not from scripts/icon-containers.ts: every size each
 * platform needs is there, with the pixel size its header claims.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const resources = resolve(__dirname, '..', '..', 'resources');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR, which must be its first chunk. */
function pngSize(
  data: Buffer,
  what: string,
): { width: number; height: number; colourType: number } {
  if (!data.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error(`${what}: not a PNG`);
  if (data.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${what}: no IHDR first`);
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colourType: data[25]! };
}

/** Apple's ICNS element types that hold PNG data, and their pixel sizes. */
const ICNS_SIZE: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};

describe('app icons', () => {
  it('resources/icons holds an RGBA PNG of each Linux size, 16 to 1024', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const name = `${size}x${size}.png`;
      const png = readFileSync(join(resources, 'icons', name));
      expect(pngSize(png, name), name).toEqual({ width: size, height: size, colourType: 6 });
    }
  });

  it('icon.icns holds PNGs of every size macOS uses, each as large as its type says', () => {
    const file = readFileSync(join(resources, 'icon.icns'));
    expect(file.toString('latin1', 0, 4)).toBe('icns');
    expect(file.readUInt32BE(4)).toBe(file.length);
    const types: string[] = [];
    let at = 8;
    while (at < file.length) {
      const type = file.toString('latin1', at, at + 4);
      const length = file.readUInt32BE(at + 4);
      expect(length, type).toBeGreaterThan(8);
      expect(at + length, type).toBeLessThanOrEqual(file.length);
      const size = ICNS_SIZE[type];
      expect(size, `unknown ICNS element ${type}`).toBeDefined();
      const { width, height } = pngSize(file.subarray(at + 8, at + length), type);
      expect([width, height], type).toEqual([size, size]);
      types.push(type);
      at += length;
    }
    expect(at).toBe(file.length);
    expect(types.sort()).toEqual(Object.keys(ICNS_SIZE).sort());
  });

  it('icon.ico holds 16 to 256 px: 256 as PNG, the rest as 32-bit BMP', () => {
    const file = readFileSync(join(resources, 'icon.ico'));
    expect([file.readUInt16LE(0), file.readUInt16LE(2)]).toEqual([0, 1]);
    const count = file.readUInt16LE(4);
    const sizes: number[] = [];
    let end = 6 + 16 * count;
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const size = file[entry] === 0 ? 256 : file[entry]!;
      expect(file[entry + 1] === 0 ? 256 : file[entry + 1], `entry ${i} height`).toBe(size);
      const length = file.readUInt32LE(entry + 8);
      const offset = file.readUInt32LE(entry + 12);
      expect(offset, `entry ${i} offset`).toBe(end); // back to back, none overlapping
      expect(offset + length).toBeLessThanOrEqual(file.length);
      const data = file.subarray(offset, offset + length);
      if (size === 256) {
        expect(pngSize(data, 'ico 256')).toMatchObject({ width: 256, height: 256 });
      } else {
        // BITMAPINFOHEADER: the height counts the colour rows and the AND-mask rows.
        expect(data.readUInt32LE(0)).toBe(40);
        expect([data.readInt32LE(4), data.readInt32LE(8)], `ico ${size}`).toEqual([size, 2 * size]);
        expect(data.readUInt16LE(14)).toBe(32);
        const maskRow = Math.ceil(size / 32) * 4;
        expect(length).toBe(40 + size * size * 4 + maskRow * size);
      }
      sizes.push(size);
      end = offset + length;
    }
    expect(end).toBe(file.length);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('the 16 px icon still shows the mark: white bars on the blue pad, transparent corners', () => {
    const file = readFileSync(join(resources, 'icon.ico'));
    const offset = file.readUInt32LE(6 + 12); // the first entry is 16 px
    const pixel = (x: number, y: number): [number, number, number, number] => {
      const at = offset + 40 + ((15 - y) * 16 + x) * 4; // rows bottom-up, BGRA
      return [file[at + 2]!, file[at + 1]!, file[at]!, file[at + 3]!];
    };
    const [r, g, b, a] = pixel(4, 8); // inside the tallest bar
    expect(Math.min(r, g, b, a)).toBeGreaterThan(230);
    const [pr, , pb, pa] = pixel(3, 8); // the gap before it: the pad
    expect(pa).toBe(255);
    expect(pb).toBeGreaterThan(pr + 60);
    expect(pixel(0, 0)[3]).toBeLessThan(128); // a rounded corner
  });

  it('were rendered from the current icon.svg (run `npm run icons` after changing it)', () => {
    const svg = readFileSync(join(resources, 'icon.svg'));
    const manifest = JSON.parse(readFileSync(join(resources, 'icon-manifest.json'), 'utf8')) as {
      svgSha256: string;
    };
    expect(manifest.svgSha256).toBe(createHash('sha256').update(svg).digest('hex'));
  });
});
