import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { freePort, invoke, runWebShell } from '../fixtures/web-shell-process';
import { CHROMIUM, CHROMIUM_ARGS, expect, test } from './fixtures';

const monitorRows = (app: Page) =>
  app.getByRole('grid', { name: 'MIDI messages' }).locator('.grid-body [role="row"]');

test('an open page reconnects to a restarted web shell, or says to open the new address', async ({
  shell,
}) => {
  test.skip(shell !== 'web', 'restarts the web shell');
  const port = await freePort();
  const userData = mkdtempSync(join(tmpdir(), 'sd-restart-'));
  let web = await runWebShell(userData, { port });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const subscriptions: string[][] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { kind?: string; events?: string[] };
        if (frame.kind === 'subscribe') subscriptions.push(frame.events ?? []);
      }),
    );
    await page.goto(web.url);
    await page.getByRole('tab', { name: 'MIDI monitor' }).click();
    await expect.poll(() => subscriptions.at(-1)).toContain('midi:messages');
    const banner = page.getByRole('alert').filter({ hasText: /core|web shell/ });
    await expect(banner).toHaveCount(0);

    const autoPlay = page.getByRole('checkbox', { name: 'Auto-play' });
    await expect(autoPlay).toBeChecked();
    await web.stop();
    await expect(banner).toContainText('reconnecting');
    // Changed while no event could reach the window: it must read its state afresh.
    writeFileSync(
      join(userData, 'settings.json'),
      JSON.stringify({ volumeDb: -20, autoPlay: false }),
    );
    const before = subscriptions.length;
    web = await runWebShell(userData, { port });
    await expect(banner).toHaveCount(0, { timeout: 15_000 });
    await expect(autoPlay).not.toBeChecked();
    await expect(page.getByText('-20 dB')).toBeVisible();
    // The new connection is told again which events the window wants, and they flow.
    await expect.poll(() => subscriptions.length).toBeGreaterThan(before);
    expect(subscriptions.at(-1)).toContain('midi:messages');
    await invoke(web, 'midi:send', { port: 'internal:Sampledeck Loopback', bytes: [0x90, 64, 90] });
    await expect(monitorRows(page)).toHaveCount(1);
    await expect(monitorRows(page).nth(0)).toContainText('E3 (64)');

    // A shell with another token on the same address: the page says so instead of retrying.
    await web.stop();
    rmSync(join(userData, 'web-shell-token'));
    web = await runWebShell(userData, { port });
    await expect(banner).toHaveText(
      'The web shell was restarted with a new address: open the address it printed.',
      { timeout: 15_000 },
    );
  } finally {
    await browser.close();
    await web.stop();
  }
});
