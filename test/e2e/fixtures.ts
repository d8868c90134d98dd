import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  _electron,
  chromium,
  test as base,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import type { Bridge, InvokeResult } from '../../src/shared/contract';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { runWebShell, type WebShellProcess } from '../fixtures/web-shell-process';

declare global {
  interface Window {
    bridge?: Bridge;
  }
}

export interface ShellOptions {
  shell: 'web' | 'electron';
}

export const CHROMIUM = process.env.SAMPLEDECK_CHROMIUM ?? '/usr/bin/chromium';
// Without these Chromium keeps dialling Google's hosts, which this network refuses.
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-gpu',
];

/** node_modules/electron/dist, read without require('electron') (which tries to download). */
export function electronBinary(): string | null {
  const root = resolve(__dirname, '..', '..', 'node_modules', 'electron');
  const pathFile = join(root, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export type WebShell = WebShellProcess;

/** Starts `node out/main/node-main.js` on a free port and waits for the URL it prints. */
export function startWebShell(
  env: Record<string, string> = {},
  userDataDir?: string,
): Promise<WebShell> {
  return runWebShell(userDataDir, { env });
}

export function stopWebShell(shell: WebShell): Promise<void> {
  return shell.stop();
}

interface Fixtures {
  /** The app's window, whichever shell runs it. */
  app: Page;
  /** A request sent to the core as raw as the shell allows (no typed client in between). */
  rawInvoke: (channel: unknown, args: unknown) => Promise<InvokeResult<unknown>>;
  webShell: WebShell | null;
  electronApp: ElectronApplication | null;
}

export const test = base.extend<Fixtures & ShellOptions>({
  shell: ['web', { option: true }],

  webShell: async ({ shell }, use) => {
    if (shell !== 'web') return use(null);
    const web = await startWebShell();
    await use(web);
    await stopWebShell(web);
  },

  electronApp: async ({ shell }, use) => {
    if (shell !== 'electron') return use(null);
    const binary = electronBinary();
    base.skip(
      binary === null,
      'no Electron binary in node_modules/electron/dist (it cannot be downloaded on this machine)',
    );
    const device = alsaFileDevice();
    const app = await _electron.launch({
      executablePath: binary!,
      // Its own user-data folder: one instance per folder, and two workers run at once.
      args: [
        resolve(__dirname, '..', '..', 'out', 'main', 'index.js'),
        '--user-data',
        mkdtempSync(join(tmpdir(), 'sd-electron-user-')),
      ],
      env: { ...process.env, ...device.env } as Record<string, string>,
    });
    await use(app);
    await app.close();
  },

  app: async ({ webShell, electronApp }, use, testInfo) => {
    let page: Page;
    let close: () => Promise<void>;
    if (webShell) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(webShell.url);
      close = () => browser.close();
    } else {
      page = await electronApp!.firstWindow();
      close = async () => {};
    }
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    await use(page);
    await page.screenshot({ path: testInfo.outputPath('final.png') });
    await close();
    if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`);
  },

  rawInvoke: async ({ app, webShell }, use) => {
    await use((channel, args) =>
      webShell
        ? app.evaluate(
            ([wsUrl, c, a]) =>
              new Promise<InvokeResult<unknown>>((done, fail) => {
                const ws = new WebSocket(wsUrl as string);
                ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: c, args: a }));
                ws.onmessage = (m) => {
                  const { kind: _k, id: _i, ...result } = JSON.parse(String(m.data));
                  if (_k === 'result') {
                    done(result);
                    ws.close();
                  }
                };
                ws.onerror = () => fail(new Error('socket error'));
              }),
            [`ws://${new URL(webShell.url).host}/ws?token=${webShell.token}`, channel, args],
          )
        : app.evaluate(([c, a]) => window.bridge!.invoke(c as string, a), [channel, args]),
    );
  },
});

/** Adds a folder as a user would: the path field in the web shell; Electron's dialog cannot be driven, so there the request. */
export async function addFolder(
  app: Page,
  path: string,
  rawInvoke: (channel: unknown, args: unknown) => Promise<unknown>,
): Promise<void> {
  if (await app.evaluate(() => Boolean(window.bridge))) {
    await rawInvoke('library:add', { paths: [path] });
    return;
  }
  await app.getByRole('button', { name: 'Add folder…' }).click();
  await app.getByRole('textbox', { name: 'Folder path' }).fill(path);
  await app.getByRole('button', { name: 'Add', exact: true }).click();
}

/** Ticks (or unticks) one option of a filter drop-down (the monitor's types, channels, ports). */
export async function pickFilter(app: Page, menu: string, option: string, on = true) {
  // A closed drop-down's options are hidden, so found with includeHidden.
  const group = app.getByRole('group', { name: menu, includeHidden: true });
  const details = app.locator('details.filter-menu').filter({ has: group });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
  await group.getByRole('checkbox', { name: option, exact: true }).setChecked(on);
}

export { expect } from '@playwright/test';
