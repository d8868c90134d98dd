import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { makeWav } from '../fixtures/audio-files';
import { freePort, invoke, runWebShell } from '../fixtures/web-shell-process';
import { CHROMIUM, CHROMIUM_ARGS, addFolder, expect, test } from './fixtures';

const LOOPBACK = 'internal:Sampledeck Loopback';

const monitorRows = (app: Page) =>
  app.getByRole('grid', { name: 'MIDI messages' }).locator('.grid-body [role="row"]');
const libraryRow = (app: Page, name: string) =>
  app.getByRole('grid', { name: 'Library' }).getByRole('row').filter({ hasText: name });
const settings = (app: Page) => app.getByRole('dialog', { name: 'Settings' });

test('Settings: opened by Ctrl+, and its button; note names, hidden files; kept across a restart', async ({
  shell,
}) => {
  test.skip(shell !== 'web', 'restarts the web shell');
  const port = await freePort();
  const userData = mkdtempSync(join(tmpdir(), 'sd-settings-'));
  const samples = mkdtempSync(join(tmpdir(), 'sd-settings-samples-'));
  writeFileSync(join(samples, 'piano.wav'), makeWav({ after: [{ type: 'smpl', rootNote: 60 }] }));
  writeFileSync(join(samples, '.ghost.wav'), makeWav({ frames: 441 }));
  mkdirSync(join(samples, '.stash'));
  writeFileSync(join(samples, '.stash', 'hidden-kick.wav'), makeWav({ frames: 441 }));
  let web = await runWebShell(userData, { port });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const app = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await app.goto(web.url);
    const rawInvoke = (channel: unknown, args: unknown) => invoke(web, channel as string, args);
    await addFolder(app, samples, rawInvoke);
    await expect(app.getByLabel('Result count')).toHaveText('1 files');
    const rootNote = libraryRow(app, 'piano.wav').locator('[data-col="key"]');
    await expect(rootNote).toHaveText('C3 (root)');

    // The monitor shows a note named the default way (note 60 is C3).
    await app.getByRole('tab', { name: 'MIDI monitor' }).click();
    await invoke(web, 'midi:send', { port: LOOPBACK, bytes: [0x90, 60, 100] });
    await expect(monitorRows(app)).toHaveCount(1);
    await expect(monitorRows(app).nth(0)).toContainText('C3 (60)');

    // Ctrl+, from anywhere but a text field.
    await app.getByRole('tab', { name: 'MIDI monitor' }).focus();
    await app.keyboard.press('Control+Comma');
    await expect(settings(app)).toBeVisible();
    // Audio first: the output device is what a new user looks for.
    await expect(settings(app).getByRole('tab', { name: 'Audio' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await app.screenshot({ path: test.info().outputPath('settings-audio-1024x700.png') });
    // Loudness-matched preview: on, and a target outside -30..-10 is named, not sent.
    const matching = settings(app).getByRole('checkbox', {
      name: 'Play every file at the same loudness',
    });
    await expect(matching).not.toBeChecked();
    await matching.check();
    const target = settings(app).getByRole('spinbutton', { name: 'Target (LUFS)' });
    await expect(target).toHaveValue('-18');
    await target.fill('-5');
    await expect(settings(app).getByRole('status')).toContainText('from -30 to -10 LUFS');
    await target.fill('-23');
    await target.press('Enter');
    await expect(settings(app).getByRole('status')).toHaveCount(0);
    await settings(app).getByRole('tab', { name: 'MIDI' }).click();
    await expect(settings(app).getByRole('tab', { name: 'MIDI' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await app.screenshot({ path: test.info().outputPath('settings-midi-1024x700.png') });
    await app.setViewportSize({ width: 1440, height: 900 });
    await app.screenshot({ path: test.info().outputPath('settings-midi-1440x900.png') });
    await app.setViewportSize({ width: 1024, height: 700 });
    // The monitor's size: a value it cannot take is named, and not sent.
    const capacity = settings(app).getByRole('spinbutton', { name: 'Monitor capacity' });
    await capacity.fill('50');
    await expect(settings(app).getByRole('alert')).toHaveText(
      'The monitor size must be a whole number from 100 to 1,000,000 (got “50”).',
    );
    await expect(settings(app).getByRole('button', { name: 'Apply' })).toBeDisabled();
    await capacity.fill('2500');
    await settings(app).getByRole('button', { name: 'Apply' }).click();
    await expect(settings(app).getByRole('button', { name: 'Apply' })).toBeDisabled();
    await expect(capacity).toHaveValue('2500');
    const c4 = settings(app).getByRole('radio', { name: /Middle C \(note 60\) is C4/ });
    await c4.check();
    await expect(c4).toBeChecked();
    await settings(app).getByRole('button', { name: 'Close' }).click();
    await expect(settings(app)).toHaveCount(0);

    // The message shown already, the next one, the sequencer and the root note: all C4 now.
    await expect(monitorRows(app).nth(0)).toContainText('C4 (60)');
    await invoke(web, 'midi:send', { port: LOOPBACK, bytes: [0x90, 72, 100] });
    await expect(monitorRows(app).nth(1)).toContainText('C5 (72)');
    await app.getByRole('tab', { name: 'Sequencer' }).click();
    await expect(app.getByRole('row', { name: /^Kick \(ch 10, C2\)$/ })).toBeVisible();
    await app.getByRole('tab', { name: 'Samples' }).click();
    await expect(rootNote).toHaveText('C4 (root)');

    // A text field keeps Ctrl+, to itself; the top bar's button opens Settings.
    await app.getByRole('searchbox').first().focus();
    await app.keyboard.press('Control+Comma');
    await expect(settings(app)).toHaveCount(0);
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    await settings(app).getByRole('tab', { name: 'Library' }).click();
    const hidden = settings(app).getByRole('checkbox', {
      name: 'Include hidden files and folders',
    });
    await expect(hidden).not.toBeChecked();
    await hidden.check();
    await app.screenshot({ path: test.info().outputPath('settings-library-1024x700.png') });
    await app.setViewportSize({ width: 1440, height: 900 });
    await app.screenshot({ path: test.info().outputPath('settings-library-1440x900.png') });
    await settings(app).getByRole('button', { name: 'Close' }).click();
    // It applies at once: every folder is checked again.
    await expect(app.getByLabel('Result count')).toHaveText('3 files');
    await expect(libraryRow(app, '.ghost.wav')).toHaveCount(1);
    await expect(libraryRow(app, 'hidden-kick.wav')).toHaveCount(1);

    // A restarted web shell starts with them, and the reconnected page shows them.
    await web.stop();
    web = await runWebShell(userData, { port });
    await expect(app.getByLabel('Result count')).toHaveText('3 files', { timeout: 15_000 });
    await expect(rootNote).toHaveText('C4 (root)');
    await app.keyboard.press('Control+Comma');
    await expect(matching).toBeChecked();
    await expect(target).toHaveValue('-23');
    await settings(app).getByRole('tab', { name: 'MIDI' }).click();
    await expect(c4).toBeChecked();
    await expect(capacity).toHaveValue('2500');
    await settings(app).getByRole('tab', { name: 'Library' }).click();
    await expect(hidden).toBeChecked();
    await expect(
      settings(app).getByRole('checkbox', { name: 'Watch library folders for changes' }),
    ).toBeChecked();
  } finally {
    await browser.close();
    await web.stop();
  }
});
