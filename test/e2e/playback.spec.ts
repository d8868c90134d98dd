import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { PlayerState } from '../../src/shared/contract';
import { formatDuration } from '../../src/shared/units';
import { buildWav, type BuiltFile } from '../fixtures/audio-files';
import { capturedBytes } from '../fixtures/capture';
import { soxAdpcm, soxDecode } from '../fixtures/adpcm-files';
import { Encoder } from '../fixtures/encoded-files';
import { expect, test, addFolder } from './fixtures';

function writeFolder(files: Record<string, BuiltFile>): string {
  const root = mkdtempSync(join(tmpdir(), 'sd-e2e-play-'));
  mkdirSync(join(root, 'set'));
  for (const [name, file] of Object.entries(files))
    writeFileSync(join(root, 'set', name), file.bytes);
  return root;
}

const row = (app: Page, name: string) =>
  app.getByRole('grid', { name: 'Library' }).getByRole('row').filter({ hasText: name });
const nowPlaying = (app: Page) => app.getByLabel('Now playing');
const time = (app: Page) => app.getByLabel('Elapsed and total time');

test('click a row: it plays, progress advances to the end, the device got every byte', async ({
  app,
  rawInvoke,
  webShell,
}) => {
  // Three seconds: long enough to be seen playing on a slow machine.
  const a = buildWav({ channels: 2, sampleRate: 44100, frames: 3 * 44100 });
  const root = writeFolder({ 'a three seconds.wav': a });
  await addFolder(app, root, rawInvoke);
  await row(app, 'a three seconds.wav').click();
  await expect(nowPlaying(app)).toHaveText('a three seconds.wav');
  await expect(app.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(time(app)).toHaveText(/^(0\.[1-9]\d|[12]\.\d\d) s \/ 3\.00 s$/);
  // The slider's value is in time, and says so.
  await expect(app.getByRole('slider', { name: 'Playback position' })).toHaveAttribute(
    'aria-valuetext',
    /^(0\.[1-9]\d|[12]\.\d\d) s of 3\.00 s$/,
  );
  await expect(time(app)).toHaveText('3.00 s / 3.00 s');
  await expect(app.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  // The waveform overview arrived from the core.
  await expect(app.locator('.waveform path')).toHaveAttribute('d', /^M0\.0,/);
  if (webShell) {
    // Every byte reached the device (written out when the idle device is closed).
    const data = a.bytes.subarray(a.dataOffset, a.dataOffset + a.dataBytes);
    await expect.poll(() => capturedBytes(webShell.capturePath).equals(data)).toBe(true);
  }
});

test('IMA and MS ADPCM WAVs play as sox decodes them and draw', async ({
  app,
  rawInvoke,
  webShell,
}) => {
  const encoder = new Encoder();
  const source = { rate: 22050, channels: 2, frames: 22050, synth: ['sine', '100-5000'] };
  const ima = soxAdpcm(encoder, source, 'ima-adpcm');
  const ms = soxAdpcm(encoder, { ...source, channels: 1 }, 'ms-adpcm');
  const expected = soxDecode(encoder, ima.path).samples.subarray(0, 22050 * 2);
  const root = mkdtempSync(join(tmpdir(), 'sd-e2e-adpcm-'));
  writeFileSync(join(root, 'ima.wav'), ima.bytes);
  writeFileSync(join(root, 'ms.wav'), ms.bytes);
  encoder.dispose();
  await addFolder(app, root, rawInvoke);
  await expect(row(app, 'ms.wav')).toContainText('1.00 s');
  await row(app, 'ima.wav').click();
  await expect(nowPlaying(app)).toHaveText('ima.wav');
  await expect(time(app)).toHaveText('1.00 s / 1.00 s');
  await expect(app.locator('.waveform path')).toHaveAttribute('d', /^M0\.0,/);
  await expect(row(app, 'ms.wav').locator('.thumbnail path')).toHaveCount(1);
  await expect(row(app, 'ima.wav').locator('.thumbnail path')).toHaveCount(1);
  if (webShell) {
    const data = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
    await expect.poll(() => capturedBytes(webShell.capturePath).equals(data)).toBe(true);
  }
});

test('click the waveform to seek; Space pauses and resumes', async ({ app, rawInvoke }) => {
  const root = writeFolder({
    'long pad.wav': buildWav({ channels: 1, sampleRate: 8000, frames: 8000 * 20 }),
  });
  await addFolder(app, root, rawInvoke);
  await row(app, 'long pad.wav').click();
  await expect(app.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  const wave = app.getByRole('slider', { name: 'Playback position' });
  const box = (await wave.boundingBox())!;
  await app.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  await expect(time(app)).toHaveText(/^0:1[56] \/ 0:20$/);

  await app.getByRole('grid', { name: 'Library' }).focus();
  await app.keyboard.press('Space');
  await expect(app.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  // Paused: once the device's lead has drained, main's position and the time shown stop (two
  // reads in a row agree). Were it playing, no two reads would agree.
  let last = { positionSec: NaN, shown: '' };
  await expect
    .poll(async () => {
      const response = await rawInvoke('player:state', {});
      const state = response.ok ? (response.result as PlayerState) : null;
      const now = {
        positionSec: state?.positionSec ?? NaN,
        shown: (await time(app).textContent()) ?? '',
      };
      const settled =
        state?.state === 'paused' &&
        now.positionSec === last.positionSec &&
        now.shown === last.shown;
      last = now;
      return settled;
    })
    .toBe(true);
  const paused = last.shown;
  // Progress reaches the window at most every 30 ms: it may show a moment before main's last.
  expect(
    [last.positionSec, last.positionSec - 0.03].map((sec) => `${formatDuration(sec)} / 0:20`),
  ).toContain(paused);
  expect(await time(app).textContent()).toBe(paused);
  await app.keyboard.press('Space');
  await expect(app.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('arrow keys audition: each file plays as the selection reaches it', async ({
  app,
  rawInvoke,
}) => {
  // Long enough to be still playing when checked, however slow the machine.
  const tenSeconds = 441_000;
  const root = writeFolder({
    '1 kick.wav': buildWav({ frames: tenSeconds }),
    '2 snare.wav': buildWav({ frames: tenSeconds }),
    '3 hat.wav': buildWav({ frames: tenSeconds }),
  });
  await addFolder(app, root, rawInvoke);
  await row(app, '1 kick.wav').click();
  await expect(nowPlaying(app)).toHaveText('1 kick.wav');
  await app.getByRole('grid', { name: 'Library' }).press('ArrowDown');
  await expect(nowPlaying(app)).toHaveText('2 snare.wav');
  await app.getByRole('grid', { name: 'Library' }).press('ArrowDown');
  await expect(nowPlaying(app)).toHaveText('3 hat.wav');
  await expect(app.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  // With auto-play off, moving only selects; Enter plays.
  await app.getByRole('checkbox', { name: 'Auto-play' }).uncheck();
  await app.getByRole('grid', { name: 'Library' }).press('ArrowUp');
  await expect(
    app.getByRole('grid', { name: 'Library' }).locator('[aria-selected="true"]'),
  ).toContainText('2 snare.wav');
  await expect(nowPlaying(app)).toHaveText('3 hat.wav');
  await app.getByRole('grid', { name: 'Library' }).press('Enter');
  await expect(nowPlaying(app)).toHaveText('2 snare.wav');
  // Thumbnails fill in for the rows.
  await expect(row(app, '1 kick.wav').locator('.thumbnail path')).toHaveCount(1);
});

test('arrowing onto a file that cannot play stops the sound before it and says why, once', async ({
  app,
  rawInvoke,
}) => {
  const tenSeconds = 441_000;
  const root = writeFolder({
    '1 kick.wav': buildWav({ frames: tenSeconds }),
    '3 hat.wav': buildWav({ frames: tenSeconds }),
  });
  writeFileSync(join(root, 'set', '2 broken.wav'), 'RIFF and then nothing a WAV holds');
  await addFolder(app, root, rawInvoke);
  const grid = app.getByRole('grid', { name: 'Library' });
  await row(app, '1 kick.wav').click();
  await expect(app.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await grid.press('ArrowDown');
  // The player names the broken file and plays nothing: the kick stopped.
  await expect(nowPlaying(app)).toHaveText('2 broken.wav');
  await expect(app.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const state = (await rawInvoke('player:state', {})) as { ok: true; result: PlayerState };
  expect(state.result).toMatchObject({ state: 'stopped', file: { name: '2 broken.wav' } });
  const reason = app.locator('.notices').getByText(/^cannot play 2 broken\.wav: /);
  await expect(reason).toHaveCount(1);
  await grid.press('ArrowDown');
  await expect(nowPlaying(app)).toHaveText('3 hat.wav');
  await expect(app.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(reason).toHaveCount(1);
});

test('"Play on next bar" shows that it waits for the bar line, then plays', async ({
  app,
  rawInvoke,
}) => {
  const root = writeFolder({ 'pad.wav': buildWav({ frames: 441_000 }) });
  await addFolder(app, root, rawInvoke);
  await app.getByRole('checkbox', { name: 'Auto-play' }).uncheck();
  await row(app, 'pad.wav').click();
  // 30 BPM: a bar lasts 8 s, long enough to see the wait on a slow machine.
  const strip = app.getByRole('group', { name: 'Transport and clock' });
  await strip.getByRole('spinbutton', { name: 'Clock tempo' }).fill('30');
  await strip.getByRole('button', { name: 'Start clock' }).click();
  const nextBar = app.getByRole('button', { name: 'Play on next bar' });
  await expect(nextBar).toBeEnabled();
  await nextBar.click();
  await expect(nextBar).toHaveAttribute('aria-pressed', 'true');
  const waiting = app.getByRole('status').filter({ hasText: 'Waiting for the next bar…' });
  await expect(waiting).toBeVisible();
  await expect(nowPlaying(app)).toHaveText('pad.wav');
  // The bar line passes: the wait ends and the file plays.
  await expect(waiting).toBeHidden({ timeout: 20_000 });
  await expect(nextBar).toHaveAttribute('aria-pressed', 'false');
  await expect(app.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await strip.getByRole('button', { name: 'Stop clock' }).click();
});
