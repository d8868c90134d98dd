/**
 * What only the Electron shell has: the application menu (its items drive the window as its own
 * buttons do), the minimum window size and the window's size kept across launches. The menu's
 * template and the window-state logic have unit tests (app-menu, window-state); here the real app.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron } from '@playwright/test';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { electronBinary, expect, test } from './fixtures';

test.skip(
  ({ shell }) => shell !== 'electron',
  'the application menu and window exist in Electron only',
);

test('the menu holds every app command with its keys; About opens the System panel', async ({
  app,
  electronApp,
}) => {
  const items = await electronApp!.evaluate(({ Menu }) => {
    const menu = Menu.getApplicationMenu();
    return ['add-folder', 'find', 'play-stop', 'rescan', 'preferences', 'about'].map((id) => {
      const item = menu?.getMenuItemById(id);
      return item ? `${id}: ${item.accelerator ?? ''}` : `${id}: missing`;
    });
  });
  expect(items).toEqual([
    'add-folder: CmdOrCtrl+O',
    'find: CmdOrCtrl+F',
    'play-stop: Space',
    'rescan: CmdOrCtrl+R',
    'preferences: CmdOrCtrl+,',
    'about: ',
  ]);
  await expect(app.getByRole('heading', { name: 'Sampledeck' })).toBeVisible();
  await electronApp!.evaluate(({ Menu }) => {
    (Menu.getApplicationMenu()?.getMenuItemById('about')?.click as () => void)();
  });
  await expect(app.getByRole('dialog', { name: 'About / System' })).toBeVisible();
});

test('the window is never smaller than 1024x700, and opens at the size it had', async () => {
  test.skip(electronBinary() === null, 'no Electron binary in node_modules/electron/dist');
  const userData = mkdtempSync(join(tmpdir(), 'sd-electron-window-'));
  const launch = () =>
    _electron.launch({
      executablePath: electronBinary()!,
      args: [resolve(__dirname, '..', '..', 'out', 'main', 'index.js'), '--user-data', userData],
      env: { ...process.env, ...alsaFileDevice().env } as Record<string, string>,
    });
  const first = await launch();
  await first.firstWindow();
  const shrunk = await first.evaluate(({ BrowserWindow }) => {
    const window = BrowserWindow.getAllWindows()[0]!;
    window.setSize(800, 500);
    return window.getSize();
  });
  expect(shrunk).toEqual([1024, 700]);
  await first.evaluate(({ BrowserWindow }) => {
    BrowserWindow.getAllWindows()[0]!.setSize(1100, 760);
  });
  // Closing writes the state before the app quits.
  await first.close();
  const saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as {
    bounds: { width: number; height: number };
  };
  expect(saved.bounds).toMatchObject({ width: 1100, height: 760 });

  const second = await launch();
  await second.firstWindow();
  const size = await second.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]!.getSize(),
  );
  expect(size).toEqual([1100, 760]);
  await second.close();
});
