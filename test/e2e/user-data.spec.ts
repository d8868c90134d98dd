import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { defaultPattern, emptyPattern } from '../../src/shared/sequencer/pattern';
import { CHROMIUM, CHROMIUM_ARGS, expect, startWebShell, stopWebShell, test } from './fixtures';

test('a damaged settings.json: the window says what was recovered, the file is kept, auto-play is kept', async ({
  webShell,
}) => {
  test.skip(!webShell, 'starts a web shell on a prepared user-data folder');
  const userData = mkdtempSync(join(tmpdir(), 'sd-user-damaged-'));
  const text = JSON.stringify({
    volumeDb: -12,
    autoPlay: false,
    patterns: [defaultPattern(), emptyPattern('Break')],
  });
  // Cut short inside the second pattern, as a crash or a full disk leaves it.
  writeFileSync(join(userData, 'settings.json'), text.slice(0, text.indexOf('"Break"') + 20));
  const shell = await startWebShell({}, userData);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(shell.url);
    const notice = page.getByRole('region', { name: 'Notices' }).getByRole('alert');
    await expect(notice).toContainText('settings.json was damaged');
    await expect(notice).toContainText('Recovered 1 of 2 patterns');
    await expect(page.getByRole('checkbox', { name: 'Auto-play' })).not.toBeChecked();
    expect(readdirSync(userData).some((n) => n.startsWith('settings.json.damaged-'))).toBe(true);
    await page.screenshot({ path: test.info().outputPath('notice-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: test.info().outputPath('notice-1440.png') });

    await page.getByRole('button', { name: 'Dismiss notice' }).click();
    await expect(notice).toHaveCount(0);
    // A fresh window does not see it again.
    const second = await browser.newPage();
    await second.goto(shell.url);
    await expect(second.getByRole('checkbox', { name: 'Auto-play' })).not.toBeChecked();
    await expect(second.getByRole('region', { name: 'Notices' })).toHaveCount(0);
  } finally {
    await browser.close();
    await stopWebShell(shell);
  }
});
