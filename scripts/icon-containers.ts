/**
 * The two icon containers the installers want, written from PNGs (and raw RGBA for small ICO
 * entries): Apple's ICNS (big-endian) and Windows' ICO (little-endian). Small enough to keep here
 * rather than add a dependency; the layouts are in Apple's and Microsoft's format notes.
 */

/** ICNS element types holding PNG data, with their pixel size (ic11–ic14 are the @2x variants). */
export const ICNS_TYPES: readonly (readonly [type: string, size: number])[] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** The sizes an ICO holds: 256 as PNG, the smaller ones as BMP (some NSIS builds refuse PNG-only icons). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

function header(type: string, length: number): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(length, 4);
  return head;
}

/** An ICNS file: every element's length counts its own 8-byte header. */
export function icns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const parts = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`icns: no ${size}x${size} PNG for element ${type}`);
    return Buffer.concat([header(type, 8 + png.length), png]);
  });
  const length = 8 + parts.reduce((n, part) => n + part.length, 0);
  return Buffer.concat([header('icns', length), ...parts]);
}

/** A BMP image as an ICO stores it: BITMAPINFOHEADER, BGRA rows bottom-up, an all-zero AND mask. */
export function dib(rgba: Uint8Array, size: number): Buffer {
  if (rgba.length !== size * size * 4) {
    throw new Error(`dib: ${rgba.length} bytes of RGBA is not ${size}x${size}`);
  }
  const maskRow = Math.ceil(size / 32) * 4;
  const head = Buffer.alloc(40);
  head.writeUInt32LE(40, 0);
  head.writeInt32LE(size, 4);
  head.writeInt32LE(2 * size, 8); // the colour rows plus the mask rows
  head.writeUInt16LE(1, 12);
  head.writeUInt16LE(32, 14);
  head.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2]!;
      pixels[to + 1] = rgba[from + 1]!;
      pixels[to + 2] = rgba[from]!;
      pixels[to + 3] = rgba[from + 3]!;
    }
  }
  return Buffer.concat([head, pixels, Buffer.alloc(maskRow * size)]); // mask 0: alpha decides
}

/** An ICO file from ready images (PNG or DIB bytes), in the order given. */
export function ico(images: readonly { size: number; data: Buffer }[]): Buffer {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // 1 = icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i;
    dir.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    dir.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    dir.writeUInt16LE(1, entry + 4); // colour planes
    dir.writeUInt16LE(32, entry + 6); // bits per pixel
    dir.writeUInt32LE(data.length, entry + 8);
    dir.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([dir, ...images.map((image) => image.data)]);
}
