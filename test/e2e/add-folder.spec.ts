import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { makeWav } from '../fixtures/audio-files';
import { CHROMIUM, CHROMIUM_ARGS, expect, startWebShell, stopWebShell, test } from './fixtures';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

for (const size of SIZES) {
  test(`add folder at ${size.width}x${size.height}: ~ is the home folder, a mistake keeps the typed path and says why`, async ({
    shell,
  }, testInfo) => {
    test.skip(shell !== 'web', 'the path field is the web shell’s (Electron has its own dialog)');
    // A home folder of its own: the shell expands ~ where it resolves the path.
    const home = mkdtempSync(join(tmpdir(), 'sd-home-'));
    mkdirSync(join(home, 'Samples'));
    writeFileSync(join(home, 'Samples', 'kick.wav'), makeWav({ frames: 441 }));
    mkdirSync(join(home, 'Letters'));
    writeFileSync(join(home, 'Letters', 'note.txt'), 'not audio');
    const web = await startWebShell({ HOME: home });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const app = await browser.newPage({ viewport: size });
      await app.goto(web.url);
      await app.getByRole('button', { name: 'Add folder…' }).click();
      const field = app.getByRole('textbox', { name: 'Folder path' });
      const add = app.getByRole('button', { name: 'Add', exact: true });

      // A path that is not there: said, and the path stays to be corrected.
      await field.fill('~/Sampels');
      await add.click();
      await expect(
        app.getByText(`Not added: ${join(home, 'Sampels')}: no such file or folder`),
      ).toBeVisible();
      await expect(field).toHaveValue('~/Sampels');
      // A file that is not audio.
      await field.fill('~/Letters/note.txt');
      await add.click();
      await expect(
        app.getByText(
          `Not added: ${join(home, 'Letters', 'note.txt')}: a file that is not audio (by its extension): add a folder, or an audio file`,
        ),
      ).toBeVisible();
      await expect(field).toHaveValue('~/Letters/note.txt');
      // A folder with no audio: added, and said.
      await field.fill('~/Letters');
      await add.click();
      await expect(app.getByText(`No audio files in ${join(home, 'Letters')}`)).toBeVisible();
      // ~ expanded: the home's Samples folder.
      await app.getByRole('button', { name: 'Add folder…' }).click();
      await field.fill('~/Samples');
      await add.click();
      await expect(field).toBeHidden();
      await expect(app.getByLabel('Result count')).toHaveText('1 files');
      await expect(
        app.getByRole('grid', { name: 'Library' }).getByRole('row').filter({ hasText: 'kick.wav' }),
      ).toBeVisible();
      await app.screenshot({ path: testInfo.outputPath(`add-folder-${size.width}.png`) });
    } finally {
      await browser.close();
      await stopWebShell(web);
    }
  });
}
