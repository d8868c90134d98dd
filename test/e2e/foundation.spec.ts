import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SystemInfo } from '../../src/shared/contract';
import { statusLine } from '../../src/shared/status-line';
import { builtEntry } from '../fixtures/built';
import { expect, test } from './fixtures';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

test('the window shows its layout and says what to do when empty', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'Sampledeck' })).toBeVisible();
  await expect(app.getByRole('complementary', { name: 'Sidebar' })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Library folders' })).toBeVisible();
  await expect(app.getByRole('region', { name: 'MIDI ports' })).toBeVisible();
  await expect(app.getByRole('main', { name: 'Files' })).toContainText(
    'Drop a folder of audio here',
  );
  await expect(app.getByRole('group', { name: 'Transport and clock' })).toBeVisible();
  await expect(app.getByRole('contentinfo', { name: 'Player' })).toBeVisible();
});

test('the System panel shows the core’s real status', async ({ app }) => {
  await app.getByRole('button', { name: 'About / System' }).click();
  const panel = app.getByRole('dialog', { name: 'About / System' });
  await expect(panel).toContainText(`Sampledeck ${pkg.version}`);
  await expect(panel).toContainText(process.versions.node);

  // The shell plays into the ALSA file device, so the audio process opens it.
  await expect(panel.locator('[data-subsystem="audio"]')).toHaveText(
    /^Available: ALSA device 'default' \(speaker \d+\.\d+\.\d+\)$/,
  );

  // MIDI: whatever the CLI finds on this machine, asked separately.
  const cli = JSON.parse(
    execFileSync(process.execPath, [builtEntry('cli'), 'info'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString(),
  ) as SystemInfo;
  await expect(panel.locator('[data-subsystem="midi"]')).toHaveText(statusLine(cli.midi));
  if (process.platform === 'linux' && !existsSync('/dev/snd/seq')) {
    await expect(panel.locator('[data-subsystem="midi"]')).toHaveText(
      'Unavailable: Failed to initialise RtMidi (no ALSA sequencer: /dev/snd/seq is missing)',
    );
    await expect(app.getByRole('region', { name: 'MIDI ports' })).toContainText(
      'MIDI hardware unavailable: Failed to initialise RtMidi',
    );
  }
  await expect(panel.locator('[data-subsystem="library"]')).toHaveText('0 folders, 0 files');

  await app.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

test('invalid requests get errors and the page keeps working', async ({ app, rawInvoke }) => {
  expect(await rawInvoke('library:does-not-exist', {})).toMatchObject({
    ok: false,
    error: { code: 'UNKNOWN_CHANNEL' },
  });
  expect(await rawInvoke('system:info', { surprise: 1 })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGS', message: expect.stringContaining('system:info') },
  });
  expect(await rawInvoke('system:info', 'not an object')).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGS' },
  });
  const good = await rawInvoke('system:info', {});
  expect(good).toMatchObject({ ok: true, result: { appName: 'Sampledeck' } });

  await app.getByRole('button', { name: 'About / System' }).click();
  await expect(app.getByRole('dialog', { name: 'About / System' })).toContainText(pkg.version);
});

test('the web shell refuses a socket without its token', async ({ app, webShell }) => {
  test.skip(!webShell, 'only the web shell has a socket');
  const outcome = await app.evaluate(
    (host) =>
      new Promise<string>((done) => {
        const ws = new WebSocket(`ws://${host}/ws?token=wrong`);
        ws.onopen = () => done('open');
        ws.onerror = () => done('refused');
      }),
    new URL(webShell!.url).host,
  );
  expect(outcome).toBe('refused');
  await expect(app.getByRole('main', { name: 'Files' })).toBeVisible();
});
