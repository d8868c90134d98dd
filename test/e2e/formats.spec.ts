/**
 * A folder of every playable format, made in the test: each file is clicked, plays (the player
 * says so and its audio reaches the ALSA file device) and is drawn (the waveform and the row's
 * thumbnail, at this file's level, not flat). A new format is one more row in FORMATS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { PlayerState } from '../../src/shared/contract';
import { Encoder, type Source } from '../fixtures/encoded-files';
import { capturedBytes } from '../fixtures/capture';
import { soxAdpcm } from '../fixtures/adpcm-files';
import { addFolder, expect, test } from './fixtures';

interface Format {
  /** The file's name in the folder. */
  file: string;
  /** What the list's Format column shows. */
  format: string;
  /** The file's bytes, encoded from `source` (a WAV of it: encoder.source(source)). */
  make: (encoder: Encoder, source: Source) => Buffer;
  /** Lossy: its level may be a few percent off the source's (LAME's is about 5% lower). */
  lossy?: boolean;
}

const FORMATS: Format[] = [
  { file: 'tone wav.wav', format: 'WAV PCM', make: (e, s) => readFileSync(e.source(s)) },
  {
    file: 'tone aiff.aif',
    format: 'AIFF PCM',
    make: (e, s) => {
      const aiff = join(e.dir, 'tone.aif');
      execFileSync('sox', [e.source(s), aiff]);
      return readFileSync(aiff);
    },
  },
  { file: 'tone flac.flac', format: 'FLAC', make: (e, s) => e.flac(s).bytes },
  { file: 'tone mp3.mp3', format: 'MP3', make: (e, s) => e.mp3(s).bytes, lossy: true },
  {
    file: 'tone ima.wav',
    format: 'WAV IMA ADPCM',
    make: (e, s) => soxAdpcm(e, s, 'ima-adpcm').bytes,
    lossy: true,
  },
  {
    file: 'tone ms.wav',
    format: 'WAV MS ADPCM',
    make: (e, s) => soxAdpcm(e, s, 'ms-adpcm').bytes,
    lossy: true,
  },
  { file: 'tone vorbis.ogg', format: 'Ogg Vorbis', make: (e, s) => e.vorbis(s).bytes, lossy: true },
  // Opus decodes at 48 kHz whatever the source's rate.
  { file: 'tone opus.opus', format: 'Ogg Opus', make: (e, s) => e.opus(s).bytes, lossy: true },
];

const RATE = 44100;
const SECONDS = 6;
/**
 * Each file at its own level, rising from 0.3 to 0.9 of full scale down the table (so what the
 * device gets and the waveform shown are seen to be this file's), fading out from 2 s.
 */
const level = (index: number) => 0.3 + (0.6 * index) / Math.max(1, FORMATS.length - 1);
const sourceFor = (index: number): Source => ({
  rate: RATE,
  channels: 2,
  frames: SECONDS * RATE,
  synth: ['sine', '330', 'vol', `${level(index)}`, 'fade', 't', '0', `${SECONDS}`, '4'],
});

const grid = (app: Page) => app.getByRole('grid', { name: 'Library' });
const row = (app: Page, name: string) => grid(app).getByRole('row').filter({ hasText: name });

/**
 * The tops of a drawn waveform (peaksPath: "M x,y L x,y ..." along the top, then back along
 * the bottom), as peak values in 0..127.
 */
async function drawnTops(path: Locator, height: number): Promise<number[]> {
  const d = (await path.getAttribute('d')) ?? '';
  const points = [...d.matchAll(/[ML]([\d.]+),(-?[\d.]+)/g)].map((m) => Number(m[2]));
  const tops = points.slice(0, points.length / 2);
  const mid = height / 2;
  return tops.map((y) => ((mid - y - 0.5) * 127) / mid);
}

/** Drawn at about `expected` (0..1 of full scale, give or take `slack` of 127), fading: not flat. */
async function drawnAsExpected(
  path: Locator,
  height: number,
  expected: number,
  slack: number,
): Promise<string> {
  if ((await path.count()) === 0) return 'not drawn yet';
  const tops = await drawnTops(path, height);
  const loudest = Math.max(...tops);
  const end = Math.max(...tops.slice(Math.floor(tops.length * 0.9)));
  // One pixel of the drawing is 127 / (height / 2) in peak units.
  const pixel = 127 / (height / 2);
  if (Math.abs(loudest - expected * 127) > pixel + slack) {
    return `loudest ${loudest.toFixed(1)}, expected ${(expected * 127).toFixed(1)}`;
  }
  if (end > loudest / 2) return `flat: ends at ${end.toFixed(1)} of ${loudest.toFixed(1)}`;
  return 'ok';
}

function loudestSample(pcm: Buffer): number {
  let loudest = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2)
    loudest = Math.max(loudest, Math.abs(pcm.readInt16LE(i)));
  return loudest;
}

test('a folder of every format: each file plays and is drawn', async ({
  app,
  rawInvoke,
  webShell,
}) => {
  test.skip(!webShell, 'reads what the web shell wrote to its ALSA file device');
  test.setTimeout(240_000);
  const root = mkdtempSync(join(tmpdir(), 'sd-e2e-formats-'));
  const encoder = new Encoder();
  for (const [index, format] of FORMATS.entries()) {
    writeFileSync(join(root, format.file), format.make(encoder, sourceFor(index)));
  }
  encoder.dispose();
  await addFolder(app, root, rawInvoke);
  await expect(app.getByLabel('Result count')).toHaveText(`${FORMATS.length} files`);

  for (const [index, { file, format, lossy }] of FORMATS.entries()) {
    await test.step(file, async () => {
      await expect(row(app, file).locator('[data-col="format"]')).toHaveText(format);
      const before = capturedBytes(webShell!.capturePath).length;
      await row(app, file).click();
      await expect(app.getByLabel('Now playing')).toHaveText(file);
      await expect
        .poll(async () => {
          const response = await rawInvoke('player:state', {});
          const state = response.ok ? (response.result as PlayerState) : null;
          return `${state?.state} ${state?.file?.name}`;
        })
        .toBe(`playing ${file}`);
      await expect(app.getByLabel('Elapsed and total time')).toHaveText(/ 6\.00 s$/);
      // Its audio reached the device: half a second of it at its own level (the file before
      // it was quieter).
      await expect
        .poll(() => {
          const played = capturedBytes(webShell!.capturePath).subarray(before);
          if (played.length < RATE * 4 * 0.5) return `${played.length} bytes`;
          return Math.round((loudestSample(played) / 32768) * 100);
        })
        .toBeGreaterThanOrEqual(Math.floor(level(index) * (lossy ? 92 : 98)));

      const drawn = (path: Locator, height: number) =>
        drawnAsExpected(path, height, level(index), lossy ? 8 : 3);
      // Thumbnails are made two at a time in the table's order, and this file may be the last
      // of eight 6-second decodes: on a loaded machine that takes longer than one expectation.
      const made = { timeout: 60_000 };
      await expect.poll(() => drawn(app.locator('.waveform path'), 40), made).toBe('ok');
      await expect
        .poll(() => drawn(row(app, file).locator('.thumbnail path'), 20), made)
        .toBe('ok');
    });
  }

  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await app.setViewportSize({ width, height });
    await expect(row(app, FORMATS[0]!.file)).toBeVisible();
    await app.screenshot({ path: test.info().outputPath(`formats-${width}x${height}.png`) });
  }
});
