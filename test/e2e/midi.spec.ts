import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, pickFilter, test } from './fixtures';

const LOOPBACK = 'internal:Sampledeck Loopback';
const monitorRows = (app: Page) =>
  app.getByRole('grid', { name: 'MIDI messages' }).locator('.grid-body [role="row"]');

test('the internal clock drives the transport strip: tempo, transport, position', async ({
  app,
}) => {
  const strip = app.getByRole('group', { name: 'Transport and clock' });
  await expect(strip).toContainText('no clock');
  await strip.getByRole('spinbutton', { name: 'Clock tempo' }).fill('128');
  await strip.getByRole('button', { name: 'Start clock' }).click();
  await expect(strip.getByLabel('Tempo', { exact: true })).toHaveText('128.0 BPM');
  await expect(strip.getByLabel('Transport')).toHaveText('Playing');
  await expect(strip.getByLabel('Position')).toHaveText(/^[2-9]\.\d\.\d\d$/, { timeout: 15_000 });
  await expect(strip).not.toContainText('no clock');
  await strip.getByRole('button', { name: 'Stop clock' }).click();
  await expect(strip.getByLabel('Transport')).toHaveText('Paused');
  await expect(strip).toContainText('no clock');
});

test('Stop clock works while the tempo field holds a value it cannot use', async ({ app }) => {
  const strip = app.getByRole('group', { name: 'Transport and clock' });
  const tempo = strip.getByRole('spinbutton', { name: 'Clock tempo' });
  await strip.getByRole('button', { name: 'Start clock' }).click();
  await expect(strip.getByLabel('Transport')).toHaveText('Playing');
  for (const invalid of ['5', '999', '']) {
    await tempo.fill(invalid);
    await expect(strip.getByRole('button', { name: 'Stop clock' })).toBeEnabled();
  }
  await strip.getByRole('button', { name: 'Stop clock' }).click();
  await expect(strip.getByLabel('Transport')).toHaveText('Paused');
  // Starting needs a tempo it can use (leaving the field put the clock's tempo back in it).
  await tempo.fill('5');
  await expect(strip.getByRole('button', { name: 'Start clock' })).toBeDisabled();
});

test('the monitor shows messages as they arrive; filter, pause, clear, export', async ({
  app,
  rawInvoke,
}) => {
  await app.getByRole('tab', { name: 'MIDI monitor' }).click();
  const send = (bytes: number[]) => rawInvoke('midi:send', { port: LOOPBACK, bytes });
  await send([0x90, 60, 100]);
  await send([0x80, 60, 0]);
  await send([0xb1, 7, 90]);
  await send([0xc2, 5]);
  await send([0xe0, 0x00, 0x40]);
  await send([0xf0, 0x41, 0x10, 0x42, 0xf7]);
  await expect(monitorRows(app)).toHaveCount(6);
  // Note 60 is C3 by default (Settings → MIDI → Note names).
  await expect(monitorRows(app).nth(0)).toContainText('C3 (60)');
  await expect(monitorRows(app).nth(0)).toContainText('90 3C 64');
  await expect(monitorRows(app).nth(2)).toContainText('Volume');
  await expect(monitorRows(app).nth(5)).toContainText('F0 41 10 42 F7');

  // Friendly type names; several types, channels at once.
  await expect(monitorRows(app).nth(0)).toContainText('Note On');
  await expect(monitorRows(app).nth(1)).toContainText('Note Off');
  await expect(monitorRows(app).nth(2)).toContainText('Control Change');
  await pickFilter(app, 'Message types', 'Notes');
  await expect(monitorRows(app)).toHaveCount(2);
  await pickFilter(app, 'Message types', 'Control change');
  await expect(monitorRows(app)).toHaveCount(3);
  await expect(monitorRows(app).nth(2)).toContainText('CC 7 Volume = 90');
  await pickFilter(app, 'Message types', 'Notes', false);
  await pickFilter(app, 'Message types', 'Control change', false);
  await expect(monitorRows(app)).toHaveCount(6);
  await pickFilter(app, 'Channels', 'Ch 2');
  await expect(monitorRows(app)).toHaveCount(1);
  await expect(monitorRows(app)).toContainText('CC 7 Volume = 90');
  await pickFilter(app, 'Channels', 'Ch 3');
  await expect(monitorRows(app)).toHaveCount(2);
  await expect(monitorRows(app).nth(1)).toContainText('Program Change');
  await pickFilter(app, 'Channels', 'Ch 2', false);
  await pickFilter(app, 'Channels', 'Ch 3', false);

  await app.getByRole('button', { name: 'Pause' }).click();
  await send([0x90, 62, 80]);
  // Active sensing after it is counted, not listed, even while paused: once the count shows
  // it, the window has the note too (messages arrive in order).
  await send([0xfe]);
  await expect(app.getByLabel('Monitor count')).toContainText('active sensing 1 hidden');
  await expect(monitorRows(app)).toHaveCount(6);
  await app.getByRole('button', { name: 'Resume' }).click();
  await expect(monitorRows(app)).toHaveCount(7);

  const download = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('time_ms,wall_clock,port,channel,type,data,raw');
  expect(csv).toContain('Sampledeck Loopback,1,note-on,');
  expect(csv.trim().split('\n')).toHaveLength(8);

  await app.getByRole('button', { name: 'Clear' }).click();
  await expect(monitorRows(app)).toHaveCount(0);
});

test('bad bytes get a decode error row, the clock is counted not shown, and thru routes', async ({
  app,
  rawInvoke,
}) => {
  await app.getByRole('tab', { name: 'MIDI monitor' }).click();
  await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0x40, 0x40] });
  await expect(monitorRows(app).first()).toHaveAttribute('data-type', 'error');
  await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0xf8] });
  await expect(app.getByLabel('Monitor count')).toContainText('clock 1');

  await app
    .getByRole('combobox', { name: 'Thru from' })
    .selectOption({ label: 'Sampledeck Loopback' });
  await app
    .getByRole('combobox', { name: 'Thru to' })
    .selectOption({ label: 'Sampledeck Sequencer' });
  await app.getByRole('button', { name: 'Thru', exact: true }).click();
  await expect(app.getByRole('list', { name: 'MIDI thru routes' })).toContainText(
    'Sampledeck Loopback → Sampledeck Sequencer',
  );
  await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0x99, 36, 127] });
  await expect(monitorRows(app).filter({ hasText: 'Sampledeck Sequencer' })).toHaveCount(1);
});

test('the clock health panel measures the running clock', async ({ app }) => {
  const strip = app.getByRole('group', { name: 'Transport and clock' });
  await strip.getByRole('button', { name: 'Start clock' }).click();
  await app.getByRole('button', { name: 'Clock health' }).click();
  const panel = app.getByRole('dialog', { name: 'Clock health' });
  await expect(panel.getByLabel('Jitter', { exact: true })).toHaveText(/^\d+\.\d{3} ms$/);
  // A loaded machine may really deliver a late pulse: the panel counts, the test checks it does.
  await expect(panel).toContainText(/Dropped \/ doubled pulses\d+ \/ \d+/);
  await expect(panel).toContainText(/Pulses[1-9]\d*/);
  // How the clock thread is scheduled: real-time where the system allows it (CI runs as root).
  await expect(panel.getByLabel('Clock thread')).toHaveText(
    /^(real-time \(SCHED_FIFO 20\)|raised priority \(nice -10\); real-time not allowed: .+|normal priority: .+)$/,
  );

  await expect(
    panel.getByRole('img', { name: 'Interval jitter histogram' }).locator('.bar'),
  ).toHaveCount(21);

  // Reset starts the statistics again.
  const pulses = async () =>
    Number(await panel.getByLabel('Pulses', { exact: true }).textContent());
  await expect.poll(pulses, { timeout: 15_000 }).toBeGreaterThan(100);
  await panel.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(pulses).toBeLessThan(100);
  await app.keyboard.press('Escape');
  await strip.getByRole('button', { name: 'Stop clock' }).click();
});

test('the window asks for monitor batches only while the monitor is shown, and it still fills', async ({
  app,
  rawInvoke,
  webShell,
}) => {
  const subscriptions: string[][] = [];
  if (webShell) {
    // Every socket the page opens; only the window's own sends subscribe frames.
    app.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { kind?: string; events?: string[] };
        if (frame.kind === 'subscribe') subscriptions.push(frame.events ?? []);
      }),
    );
    await app.reload();
    await expect.poll(() => subscriptions.length).toBeGreaterThan(0);
    expect(subscriptions.at(-1)).toContain('library:changed');
    expect(subscriptions.at(-1)).not.toContain('midi:messages');
  }
  const send = (bytes: number[]) => rawInvoke('midi:send', { port: LOOPBACK, bytes });
  await send([0x90, 61, 100]);
  await app.getByRole('tab', { name: 'MIDI monitor' }).click();
  await expect(monitorRows(app)).toHaveCount(1);
  await expect(monitorRows(app).nth(0)).toContainText('C#3 (61)');
  if (webShell) await expect.poll(() => subscriptions.at(-1)).toContain('midi:messages');
  await send([0x90, 62, 100]);
  await expect(monitorRows(app)).toHaveCount(2);

  await app.getByRole('tab', { name: 'Samples' }).click();
  if (webShell) await expect.poll(() => subscriptions.at(-1)).not.toContain('midi:messages');
  await send([0x90, 63, 100]);
  await app.getByRole('tab', { name: 'MIDI monitor' }).click();
  await expect(monitorRows(app)).toHaveCount(3);
  await expect(monitorRows(app).nth(2)).toContainText('D#3 (63)');
});
