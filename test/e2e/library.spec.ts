import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { makeAiff, makeWav } from '../fixtures/audio-files';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { Encoder } from '../fixtures/encoded-files';
import type { LibraryPage } from '../../src/shared/contract';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  expect,
  startWebShell,
  stopWebShell,
  test,
  addFolder,
} from './fixtures';

const grid = (app: Page) => app.getByRole('grid', { name: 'Library' });
const row = (app: Page, name: string) => grid(app).getByRole('row').filter({ hasText: name });
const names = (app: Page) => grid(app).locator('.grid-body [role="row"] .col-name');

test('add a folder, see real properties, sort, search, filter, read the problems', async ({
  app,
  rawInvoke,
}) => {
  const { root } = writeSampleLibrary();
  await addFolder(app, root, rawInvoke);

  await expect(app.getByLabel('Result count')).toHaveText('7 files');
  await expect(row(app, 'kick 01.wav')).toContainText('0.50 s');
  await expect(row(app, 'kick 01.wav')).toContainText('WAV PCM');
  await expect(row(app, 'kick 01.wav')).toContainText('44.1 kHz');
  await expect(row(app, 'funk loop 120bpm.aif')).toContainText('2.00 s');
  await expect(row(app, 'funk loop 120bpm.aif')).toContainText('AIFF');
  await expect(row(app, 'funk loop 120bpm.aif').locator('[data-col="tempo"]')).toHaveText('120');
  await expect(row(app, 'pad float.wav')).toContainText('96 kHz');
  await expect(row(app, 'vocal.m4a')).toContainText('M4A (not supported yet)');
  await expect(row(app, 'truncated.wav')).toContainText('Unreadable: data chunk says');

  // Sort by duration, then the other way.
  await app.getByRole('button', { name: 'Duration' }).click();
  // 0.1 s each: equal durations fall back to the name.
  await expect(names(app).first()).toHaveText('pad float.wav');
  await expect(names(app).nth(1)).toHaveText('snare.wav');
  await app.getByRole('button', { name: /Duration/ }).click();
  await expect(names(app).first()).toHaveText('funk loop 120bpm.aif');

  // Search as you type, then a format filter.
  await app.getByRole('searchbox', { name: 'Search' }).fill('drums');
  await expect(app.getByLabel('Result count')).toHaveText('2 of 7 files');
  await app.getByRole('searchbox', { name: 'Search' }).fill('');
  await app.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'AIFF (1)' });
  await expect(app.getByLabel('Result count')).toHaveText('1 of 7 files');
  await app.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'All formats' });

  // The folder tree narrows to one folder.
  await app
    .getByRole('tree', { name: 'Folders' })
    .getByRole('treeitem', { name: /^loops/ })
    .click();
  await expect(app.getByLabel('Result count')).toHaveText('3 of 7 files');
  await app
    .getByRole('tree', { name: 'Folders' })
    .getByRole('treeitem', { name: 'All files' })
    .click();

  // The problems: two unreadable files and the symlink loop, each with its reason.
  await app.getByRole('button', { name: '3 files could not be read' }).click();
  const panel = app.getByRole('dialog', { name: 'Scan problems' });
  await expect(panel).toContainText(join(root, 'broken/truncated.wav'));
  await expect(panel).toContainText(/data chunk says .* but the file ends after/);
  await expect(panel).toContainText('not an audio file');
  await expect(panel).toContainText('symlink loop');
});

test('FLAC, MP3 and Ogg files are listed with their length, format and tags', async ({
  app,
  rawInvoke,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'sd-lib-'));
  const encoder = new Encoder();
  const put = (name: string, file: { bytes: Buffer }) =>
    writeFileSync(join(root, name), file.bytes);
  put(
    'pad.flac',
    encoder.flac({ rate: 48000, channels: 2, bits: 24, frames: 24000 }, ['--tag=BPM=96']),
  );
  put('untagged.mp3', encoder.mp3({ rate: 44100, channels: 2, frames: 44100 }, ['-t']));
  put('texture.ogg', encoder.vorbis({ rate: 44100, channels: 1, frames: 22050 }));
  put('voice.opus', encoder.opus({ rate: 16000, channels: 1, frames: 16000 }));
  encoder.dispose();
  await addFolder(app, root, rawInvoke);

  await expect(app.getByLabel('Result count')).toHaveText('4 files');
  const cell = (name: string, col: string) => row(app, name).locator(`[data-col="${col}"]`);
  await expect(cell('pad.flac', 'format')).toHaveText('FLAC');
  await expect(cell('pad.flac', 'duration')).toHaveText('0.50 s');
  await expect(cell('pad.flac', 'bits')).toHaveText('24');
  await expect(cell('pad.flac', 'tempo')).toHaveText('96');
  await expect(cell('untagged.mp3', 'format')).toHaveText('MP3');
  await expect(cell('untagged.mp3', 'duration')).toHaveText(/^≈ 1\.\d\d s$/);
  await expect(cell('untagged.mp3', 'bits')).toHaveText('');
  await expect(cell('texture.ogg', 'format')).toHaveText('Ogg Vorbis');
  await expect(cell('texture.ogg', 'duration')).toHaveText('0.50 s');
  await expect(cell('voice.opus', 'format')).toHaveText('Ogg Opus');
  // Opus always decodes at 48 kHz; the encoder's input rate is shown beside it.
  await expect(cell('voice.opus', 'rate')).toHaveText('48 kHz (16)');

  const page = await rawInvoke('library:query', { query: {}, offset: 0, limit: 10 });
  if (!page.ok) throw new Error(JSON.stringify(page));
  const { rows } = page.result as LibraryPage;
  // Playing and drawing them: formats.spec.ts.
  expect(rows.find((r) => r.name === 'pad.flac')).toMatchObject({ playable: true });
  expect(rows.find((r) => r.name === 'untagged.mp3')).toMatchObject({ playable: true });
});

test('a Key column from tags in any spelling and from root notes, and a key filter', async ({
  app,
  rawInvoke,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'sd-keys-'));
  const encoder = new Encoder();
  const put = (name: string, file: { bytes: Buffer }) =>
    writeFileSync(join(root, name), file.bytes);
  const source = { rate: 44100, channels: 1, frames: 4410 };
  put('bass.flac', encoder.flac(source, ['--tag=INITIALKEY=Am']));
  put('lead.mp3', encoder.mp3(source, ['--tv', 'TKEY=8A']));
  put('chords.ogg', encoder.vorbis(source, ['-c', 'INITIALKEY=A minor']));
  put('pad.opus', encoder.opus(source, ['--comment', 'KEY=Gb']));
  encoder.dispose();
  writeFileSync(join(root, 'piano C3.wav'), makeWav({ after: [{ type: 'smpl', rootNote: 60 }] }));
  writeFileSync(join(root, 'harp A3.aif'), makeAiff({ instrument: { rootNote: 69 } }));
  await addFolder(app, root, rawInvoke);

  await expect(app.getByLabel('Result count')).toHaveText('6 files');
  const cell = (name: string) => row(app, name).locator('[data-col="key"]');
  await expect(cell('bass.flac')).toHaveText('Am');
  await expect(cell('lead.mp3')).toHaveText('Am');
  await expect(cell('lead.mp3').locator('span')).toHaveAttribute('title', 'Tagged "8A"');
  await expect(cell('chords.ogg')).toHaveText('Am');
  await expect(cell('pad.opus')).toHaveText('F#');
  await expect(cell('piano C3.wav')).toHaveText('C3 (root)');
  await expect(cell('harp A3.aif')).toHaveText('A3 (root)');
  await expect(row(app, 'pad.opus').locator('[data-col="rate"]')).toHaveText('48 kHz (44.1)');

  // Sorted by key: tagged keys by tonic (F# before A), files without one after them.
  await app.getByRole('button', { name: 'Key', exact: true }).click();
  await expect(names(app).first()).toHaveText('pad.opus');
  await expect(names(app).nth(1)).toHaveText('bass.flac');

  // The filter offers each key once, under its canonical name, and finds every spelling.
  const filter = app.getByRole('combobox', { name: 'Key' });
  await expect(filter.locator('option')).toHaveText(['All keys', 'F# (1)', 'Am (3)']);
  await filter.selectOption({ label: 'Am (3)' });
  await expect(app.getByLabel('Result count')).toHaveText('3 of 6 files');
  await expect(names(app)).toHaveText(['bass.flac', 'chords.ogg', 'lead.mp3']);

  // The table at a small window: every column header still there, the key readable.
  await app.setViewportSize({ width: 1024, height: 700 });
  await expect(cell('lead.mp3')).toBeVisible();
  await app.screenshot({ path: test.info().outputPath('keys-1024x700.png') });
  await filter.selectOption({ label: 'All keys' });
  await expect(app.getByLabel('Result count')).toHaveText('6 files');
});

test('keyboard: arrows move a visible selection, typing goes to the search box', async ({
  app,
  rawInvoke,
}) => {
  const { root } = writeSampleLibrary();
  await addFolder(app, root, rawInvoke);
  await expect(app.getByLabel('Result count')).toHaveText('7 files');
  await names(app).first().click();
  await expect(grid(app).locator('[aria-selected="true"]')).toContainText('funk loop');
  await grid(app).press('ArrowDown');
  await grid(app).press('ArrowDown');
  await expect(grid(app).locator('[aria-selected="true"]')).toContainText('not audio.wav');
  await grid(app).press('ArrowUp');
  await expect(grid(app).locator('[aria-selected="true"]')).toContainText('kick 01.wav');
  await grid(app).press('End');
  await expect(grid(app).locator('[aria-selected="true"]')).toContainText('vocal.m4a');
  await grid(app).press('s');
  await expect(app.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await expect(app.getByRole('searchbox', { name: 'Search' })).toHaveValue('s');
});

test('the list comes back from the cache after a restart, and follows the disk', async ({
  webShell,
}) => {
  test.skip(!webShell, 'restarts the web shell');
  const { root } = writeSampleLibrary();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    let page = await browser.newPage();
    await page.goto(webShell!.url);
    await addFolder(page, root, async () => undefined);
    await expect(page.getByLabel('Result count')).toHaveText('7 files');
    await stopWebShell(webShell!);

    const again = await startWebShell({}, webShell!.userDataDir);
    try {
      page = await browser.newPage();
      await page.goto(again.url);
      await expect(page.getByLabel('Result count')).toHaveText('7 files');
      await expect(row(page, 'kick 01.wav')).toContainText('0.50 s');

      writeFileSync(join(root, 'drums', 'fresh clap.wav'), makeWav({ frames: 11025 }));
      await expect(row(page, 'fresh clap.wav')).toContainText('0.25 s');
      await expect(page.getByLabel('Result count')).toHaveText('8 files');
      rmSync(join(root, 'drums', 'fresh clap.wav'));
      await expect(page.getByLabel('Result count')).toHaveText('7 files');
      await page.screenshot({ path: test.info().outputPath('after-restart.png') });
    } finally {
      await stopWebShell(again);
    }
  } finally {
    await browser.close();
  }
});
