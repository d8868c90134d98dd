/**
 * `npm run icons`: renders resources/icon.svg into every icon file the packages use —
 * resources/icons/NxN.png (Linux, and the window icon), resources/icon.icns (macOS) and
 * resources/icon.ico (Windows) — plus resources/icon-manifest.json, which records the SVG's
 * hash so a test notices an SVG changed without this being run. Chromium draws the SVG at each
 * size (no native image library needed); it is Debian's, so nothing is downloaded.
 */
import { chromium } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { dib, ICNS_TYPES, icns, ico, ICO_SIZES } from './icon-containers';

const root = resolve(__dirname, '..');
const resources = join(root, 'resources');
/** Linux icon theme sizes and the ICNS ones, together. */
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

interface Rendered {
  size: number;
  png: string; // base64
  rgba: string; // base64, straight (not premultiplied) alpha
}

/** Runs in Chromium: draws the SVG onto a canvas of each size, returns the PNG and the pixels. */
const RENDER_IN_PAGE = `async ({ svg, sizes }) => {
  const image = new Image();
  image.src = 'data:image/svg+xml;base64,' + btoa(svg);
  await image.decode();
  const toBase64 = (bytes) => {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  };
  return sizes.map((size) => {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, size, size); // the SVG is rasterised at this size
    const rgba = context.getImageData(0, 0, size, size).data;
    return {
      size,
      png: canvas.toDataURL('image/png').slice('data:image/png;base64,'.length),
      rgba: toBase64(new Uint8Array(rgba.buffer)),
    };
  });
}`;

async function render(svg: string, sizes: readonly number[]): Promise<Rendered[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    const page = await browser.newPage();
    // A source string, not a function: tsx would wrap a function's inner helpers in its own
    // `__name`, which does not exist in the page.
    const rendered: unknown = await page.evaluate(
      `(${RENDER_IN_PAGE})(${JSON.stringify({ svg, sizes })})`,
    );
    return rendered as Rendered[];
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const svgPath = join(resources, 'icon.svg');
  const svg = readFileSync(svgPath, 'utf8');
  const rendered = await render(svg, PNG_SIZES);
  const png = new Map(rendered.map((r) => [r.size, Buffer.from(r.png, 'base64')]));
  const rgba = new Map(rendered.map((r) => [r.size, Buffer.from(r.rgba, 'base64')]));

  const written: string[] = [];
  const write = (path: string, data: Buffer): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, data);
    written.push(relative(root, path));
  };
  for (const [size, data] of png) write(join(resources, 'icons', `${size}x${size}.png`), data);
  write(join(resources, 'icon.icns'), icns(png));
  write(
    join(resources, 'icon.ico'),
    ico(
      ICO_SIZES.map((size) => ({
        size,
        data: size >= 256 ? png.get(size)! : dib(rgba.get(size)!, size),
      })),
    ),
  );
  const manifest = {
    source: 'resources/icon.svg',
    svgSha256: createHash('sha256').update(svg).digest('hex'),
    png: [...PNG_SIZES],
    icns: ICNS_TYPES.map(([type, size]) => ({ type, size })),
    ico: [...ICO_SIZES],
  };
  write(
    join(resources, 'icon-manifest.json'),
    Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
  );
  console.log(`rendered ${relative(root, svgPath)}:\n  ${written.join('\n  ')}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
