import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeWav } from '../fixtures/audio-files';
import { addFolder, expect, test } from './fixtures';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;
const VIEWS = ['Samples', 'MIDI monitor', 'Sequencer', 'MIDI learn'] as const;
/** One row of buttons: a button is ~30 px, the bar's padding 12 px, a second row would add 30. */
const ONE_ROW = 50;

/** What overflows: the top bar's height, what in it is cut off, the document's width. */
function measure(app: Page) {
  return app.evaluate(() => {
    const bar = document.querySelector('.topbar')!;
    const cutOff = Array.from(bar.querySelectorAll<HTMLElement>('*'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0) return false;
        const outside = r.right > window.innerWidth + 0.5 || r.left < -0.5;
        // Text clipped inside its box, except where it truncates on purpose (and says it all
        // in a title).
        const clipped = el.scrollWidth > el.clientWidth + 1 && !el.title && el.tagName !== 'INPUT';
        return outside || clipped;
      })
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent}`);
    const menus = Array.from(document.querySelectorAll<HTMLSelectElement>('select.step-note'));
    const canvas = document.createElement('canvas').getContext('2d')!;
    const narrowMenus = menus
      .filter((menu) => {
        const style = getComputedStyle(menu);
        canvas.font = `${style.fontSize} ${style.fontFamily}`;
        const text = canvas.measureText(menu.selectedOptions[0]?.text ?? '').width;
        return text > menu.clientWidth - 2;
      })
      .map((menu) => menu.getAttribute('aria-label'));
    return {
      barHeight: bar.getBoundingClientRect().height,
      cutOff,
      narrowMenus,
      menus: menus.length,
      scrollWidth: document.documentElement.scrollWidth,
    };
  });
}

for (const size of SIZES) {
  test(`at ${size.width}x${size.height} the top bar is one row, nothing is cut off or scrolls sideways, in every view`, async ({
    app,
  }, testInfo) => {
    await app.setViewportSize(size);
    for (const view of VIEWS) {
      await app.getByRole('tab', { name: view }).click();
      await expect(app.getByRole('tab', { name: view })).toHaveAttribute('aria-selected', 'true');
      const m = await measure(app);
      expect(m.barHeight, view).toBeLessThanOrEqual(ONE_ROW);
      expect(m.cutOff, view).toEqual([]);
      expect(m.scrollWidth, view).toBeLessThanOrEqual(size.width);
      await expect(
        app.locator('.topbar').getByRole('button', { name: 'Settings' }),
        view,
      ).toBeInViewport({ ratio: 1 });
      if (view === 'Sequencer') {
        expect(m.menus).toBe(16);
        expect(m.narrowMenus, 'bass-note menus too narrow for their note').toEqual([]);
      }
      await app.screenshot({
        path: testInfo.outputPath(`${view}-${size.width}x${size.height}.png`),
      });
    }
    // The widest the transport gets: the clock running ("Playing", "120.0 BPM", "Stop").
    const strip = app.getByRole('group', { name: 'Transport and clock' });
    await strip.getByRole('button', { name: 'Start clock' }).click();
    await expect(strip.getByLabel('Tempo', { exact: true })).toHaveText('120.0 BPM');
    const running = await measure(app);
    expect(running.barHeight).toBeLessThanOrEqual(ONE_ROW);
    expect(running.cutOff).toEqual([]);
    await expect(app.locator('.topbar').getByRole('button', { name: 'Settings' })).toBeInViewport({
      ratio: 1,
    });
    await app.screenshot({
      path: testInfo.outputPath(`clock-running-${size.width}x${size.height}.png`),
    });
    await strip.getByRole('button', { name: 'Stop clock' }).click();
  });
}

test('a large folder scanning at 1024x700: the counter never passes its total, the top bar stays one row', async ({
  app,
  rawInvoke,
}, testInfo) => {
  // A CI machine once read only ~65 files/s here (10 times slower than any other run seen).
  test.setTimeout(240_000);
  await app.setViewportSize(SIZES[0]);
  // 6,000 files (and one unreadable) under a long path: a scan that lasts a while.
  const root = join(
    mkdtempSync(join(tmpdir(), 'sd-layout-')),
    'a folder with a rather long name to see how the scan status truncates it',
  );
  const wav = makeWav({ frames: 8 });
  for (let d = 0; d < 20; d++) {
    const dir = join(root, `kit ${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 300; f++) writeFileSync(join(dir, `hit ${f}.wav`), wav);
  }
  writeFileSync(join(root, 'broken.wav'), 'not a wav');
  const started = Date.now();
  await addFolder(app, root, rawInvoke);

  const status = app.getByRole('status', { name: 'Scan progress' });
  const samples: string[] = [];
  await expect(status).toBeVisible();
  const m = await measure(app);
  expect(m.barHeight).toBeLessThanOrEqual(ONE_ROW);
  expect(m.cutOff).toEqual([]);
  expect(m.scrollWidth).toBeLessThanOrEqual(SIZES[0].width);
  // The folder being walked is cut short on one line, and whole in its title.
  await expect(status.locator('.scan-dir')).toHaveAttribute('title', new RegExp(`^${root}`));
  const sidebar = await app.evaluate(() => {
    const side = document.querySelector('.sidebar')!;
    return { scroll: side.scrollWidth, client: side.clientWidth };
  });
  expect(sidebar.scroll).toBeLessThanOrEqual(sidebar.client);
  await app.screenshot({ path: testInfo.outputPath('scanning-1024x700.png') });
  // Read while it runs: "N of M files read", N never above M.
  await expect
    .poll(
      async () => {
        const text = (await status.isVisible()) ? await status.textContent() : null;
        if (text) samples.push(text);
        return text;
      },
      { timeout: 200_000, intervals: [50] },
    )
    .toBeNull();
  // Printed so a slow machine shows in the CI log.
  console.log(`layout.spec: 6,001 files scanned in ${Date.now() - started} ms`);
  expect(samples.length).toBeGreaterThan(0);
  for (const text of samples) {
    const [, read, found] = /Scanning: (\d+) of (\d+) files read/.exec(text)!;
    expect(Number(read), text).toBeLessThanOrEqual(Number(found));
  }
  await expect(app.getByRole('button', { name: '1 file could not be read' })).toBeVisible();
  await expect(app.getByText('6001 files', { exact: true })).toBeVisible();
});
