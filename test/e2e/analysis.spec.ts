/**
 * Find by sound (issue 15) in the web shell: a folder of one-shots synthesised with sox at
 * varied levels and a loop of chords; the analysis's progress until it is done, the LUFS, Key
 * and BPM columns, a sort by loudness, find similar from a kick (kicks come first), and Cancel
 * and Resume on a larger folder. Screenshots at 1024x700 and 1440x900.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { addFolder, expect, test } from './fixtures';

const grid = (app: Page) => app.getByRole('grid', { name: 'Library' });
const row = (app: Page, name: string) =>
  grid(app)
    .getByRole('row')
    .filter({ has: app.locator('.col-name', { hasText: name }) });
const names = (app: Page) => grid(app).locator('.grid-body [role="row"] .col-name');
const cells = (app: Page, col: string) =>
  grid(app).locator(`.grid-body [role="row"] [data-col="${col}"]`);
const progress = (app: Page) => app.getByRole('status', { name: 'Analysis progress' });

const sox = (out: string, ...effects: string[]) =>
  execFileSync('sox', ['-n', '-r', '44100', '-c', '1', out, ...effects]);

/** Kicks, snares and hats at different levels, and a 2-bar loop of chords at 120 BPM in C. */
function writeDrumKit(root: string): { kicks: string[]; all: number } {
  const kicks = [
    ['150:45', '0.9'],
    ['130:40', '0.5'],
    ['170:50', '0.25'],
    ['140:42', '0.7'],
  ].map(([sweep, level], i) => {
    const name = `kick ${i + 1}.wav`;
    sox(
      join(root, name),
      'synth',
      '0.5',
      'sine',
      sweep!,
      'fade',
      '0',
      '0.5',
      '0.45',
      'vol',
      level!,
    );
    return name;
  });
  [
    ['190', '0.8'],
    ['220', '0.4'],
    ['175', '0.2'],
  ].forEach(([tone, level], i) =>
    sox(
      join(root, `snare ${i + 1}.wav`),
      ...['synth', '0.3', 'whitenoise', 'synth', '0.3', 'sine', 'mix', tone!],
      ...['fade', '0', '0.3', '0.25', 'vol', level!],
    ),
  );
  [
    ['7000', '0.5'],
    ['8000', '0.3'],
    ['6500', '0.15'],
  ].forEach(([cutoff, level], i) =>
    sox(
      join(root, `hat ${i + 1}.wav`),
      ...['synth', '0.1', 'whitenoise', 'vol', level!, 'highpass', cutoff!],
      ...['fade', '0', '0.1', '0.09'],
    ),
  );
  // C, F, G, C, one chord a beat (0.5 s at 120 BPM), twice: 8 beats.
  const chords = [
    ['C3', 'E3', 'G3'],
    ['F2', 'A2', 'C3'],
    ['G2', 'B2', 'D3'],
    ['C3', 'E3', 'G3'],
  ];
  const parts = chords.map((notes, i) => {
    const part = join(root, `.chord${i}.wav`);
    sox(part, 'synth', '0.5', ...notes.flatMap((n) => ['pluck', n]), 'remix', '-', 'vol', '0.6');
    return part;
  });
  execFileSync('sox', [...parts, ...parts, join(root, 'chords loop.wav')]);
  execFileSync('rm', parts);
  return { kicks, all: kicks.length + 3 + 3 + 1 };
}

/** Nothing overflows: the page never scrolls sideways, and no header label is cut off. */
async function checkLayout(app: Page, width: number, height: number, path: string) {
  await app.setViewportSize({ width, height });
  await expect(grid(app).getByRole('button', { name: /^LUFS/ })).toBeVisible();
  const m = await app.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clipped: Array.from(document.querySelectorAll<HTMLElement>('.row.header .sort-button'))
      .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
      .map((b) => b.textContent),
    rowOverflow: Array.from(document.querySelectorAll<HTMLElement>('.grid-body .row')).some(
      (r) => r.scrollWidth > r.clientWidth + 1,
    ),
  }));
  expect(m.scrollWidth).toBeLessThanOrEqual(width);
  expect(m.clipped).toEqual([]);
  expect(m.rowOverflow).toBe(false);
  await app.screenshot({ path });
}

test('analysis: progress, LUFS/Key/BPM columns, sort by loudness, find similar, cancel and resume', async ({
  app,
  rawInvoke,
}, testInfo) => {
  test.setTimeout(300_000);
  const root = mkdtempSync(join(tmpdir(), 'sd-analysis-'));
  const { kicks, all } = writeDrumKit(root);
  await addFolder(app, root, rawInvoke);
  await expect(app.getByLabel('Result count')).toHaveText(`${all} files`);

  // The analysis runs by itself after the scan; the sidebar follows it to the end.
  await expect(progress(app)).toContainText(`Analysed ${all} files`, { timeout: 120_000 });

  // Every file has a loudness (LUFS, or "M" and the max momentary for one-shots under 0.4 s).
  await expect(cells(app, 'lufs')).toHaveCount(all);
  // The rows on screen are read again within a second of the last result landing.
  await expect
    .poll(
      async () =>
        (await cells(app, 'lufs').allTextContents()).filter((t) => !/^(M )?-?\d+\.\d$/.test(t)),
      {
        timeout: 15_000,
      },
    )
    .toEqual([]);
  await expect(row(app, 'chords loop.wav').locator('[data-col="key"]')).toHaveText(/^(C|Am)$/);
  await expect(row(app, 'chords loop.wav').locator('[data-col="key"] em')).toHaveAttribute(
    'title',
    /^detected/,
  );
  await expect(row(app, 'chords loop.wav').locator('[data-col="tempo"]')).toHaveText(/\b120\b/);
  await expect(row(app, 'kick 1.wav').locator('[data-col="peak"]')).toHaveText(/^-?\d+\.\d$/);
  await expect(row(app, 'kick 1.wav').locator('[data-col="type"]')).toHaveText('One-shot');

  await checkLayout(app, 1024, 700, testInfo.outputPath('analysis-1024x700.png'));
  await checkLayout(app, 1440, 900, testInfo.outputPath('analysis-1440x900.png'));

  // Sorted by loudness, quietest first: the order follows the values shown.
  await grid(app).getByRole('button', { name: 'LUFS', exact: true }).click();
  await expect(grid(app).getByRole('columnheader', { name: /^LUFS/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect(async () => {
    const values = (await cells(app, 'lufs').allTextContents()).map((t) =>
      Number(t.replace(/^M /, '')),
    );
    expect(values).toHaveLength(all);
    for (let i = 1; i < values.length; i++) {
      expect(values[i]!, `row ${i}`).toBeGreaterThanOrEqual(values[i - 1]! - 0.05);
    }
  }).toPass({ timeout: 10_000 });

  // Find similar from a kick (the toolbar's button): the kick first, kicks next.
  await row(app, 'kick 1.wav').click();
  await app.getByRole('button', { name: 'Find similar' }).click();
  const bar = app.getByRole('region', { name: 'Find similar' });
  await expect(bar).toContainText('Similar to kick 1.wav');
  await expect(names(app).first()).toHaveText('kick 1.wav');
  await expect(async () => {
    const top = (await names(app).allTextContents()).slice(0, 3);
    expect(
      top.every((name) => kicks.includes(name)),
      top.join(', '),
    ).toBe(true);
  }).toPass({ timeout: 10_000 });
  // The weights re-run it: the query file stays first.
  await bar.getByRole('slider', { name: 'Pitch' }).fill('0');
  await expect(names(app).first()).toHaveText('kick 1.wav');
  await app.screenshot({ path: testInfo.outputPath('similar-1440x900.png') });
  // The close button: the whole list again, sorted as before.
  await bar.getByRole('button', { name: 'Close find similar' }).click();
  await expect(bar).toBeHidden();
  await expect(grid(app).getByRole('columnheader', { name: /^LUFS/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );

  // From the row menu, and by Ctrl+Shift+S; Escape in the list leaves it.
  await row(app, 'hat 1.wav').click({ button: 'right' });
  await app.getByRole('menuitem', { name: 'Find similar' }).click();
  await expect(bar).toContainText('Similar to hat 1.wav');
  await expect(names(app).first()).toHaveText('hat 1.wav');
  await grid(app).focus();
  await app.keyboard.press('Escape');
  await expect(bar).toBeHidden();
  await row(app, 'snare 1.wav').click();
  await app.keyboard.press('Control+Shift+S');
  await expect(bar).toContainText('Similar to snare 1.wav');
  await expect(names(app).first()).toHaveText('snare 1.wav');
  await bar.getByRole('button', { name: 'Close find similar' }).click();

  // Cancel and Resume, on a larger folder (different sounds: each is analysed on its own), long
  // enough (about 5 s of work on this machine) that a fast one cannot finish before Cancel.
  const more = mkdtempSync(join(tmpdir(), 'sd-analysis-more-'));
  for (let i = 0; i < 60; i++) {
    sox(
      join(more, `tone ${i}.wav`),
      ...['synth', '10', 'sine', `${110 + i * 7}`, 'synth', '10', 'whitenoise', 'mix'],
      ...['vol', `${0.1 + (i % 8) * 0.1}`],
    );
  }
  await addFolder(app, more, rawInvoke);
  await expect(progress(app)).toContainText('Analysing', { timeout: 60_000 });
  await progress(app).getByRole('button', { name: 'Cancel' }).click();
  await expect(progress(app)).toContainText('Analysis paused');
  const paused = await rawInvoke('analysis:state', {});
  expect(paused).toMatchObject({ ok: true, result: { paused: true, active: false } });
  await progress(app).getByRole('button', { name: 'Resume' }).click();
  await expect(progress(app)).toContainText(`Analysed ${all + 60} files`, { timeout: 180_000 });
});

test('find similar from the button, the row menu (on the row right-clicked) and Ctrl+Shift+S; columns hide', async ({
  app,
  rawInvoke,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'sd-similar-'));
  for (let i = 1; i <= 4; i++) {
    sox(join(root, `tone ${i}.wav`), 'synth', '0.5', 'sine', `${200 * i}`);
  }
  await addFolder(app, root, rawInvoke);
  await expect(app.getByLabel('Result count')).toHaveText('4 files');
  const bar = app.getByRole('region', { name: 'Find similar' });
  const lufs = grid(app).getByRole('columnheader', { name: /^LUFS/ });
  await lufs.getByRole('button').click();
  await expect(lufs).toHaveAttribute('aria-sort', 'ascending');

  await row(app, 'tone 2.wav').click();
  await app.getByRole('button', { name: 'Find similar' }).click();
  await expect(bar).toContainText('Similar to tone 2.wav');
  await expect(lufs).toHaveAttribute('aria-sort', 'none');
  await bar.getByRole('button', { name: 'Close find similar' }).click();
  await expect(bar).toBeHidden();
  await expect(lufs).toHaveAttribute('aria-sort', 'ascending');

  // A right click on another row: the menu acts on that row, not the one selected before.
  await row(app, 'tone 3.wav').click({ button: 'right' });
  await app.getByRole('menuitem', { name: 'Find similar' }).click();
  await expect(bar).toContainText('Similar to tone 3.wav');
  await grid(app).focus();
  await app.keyboard.press('Escape');
  await expect(bar).toBeHidden();

  await row(app, 'tone 4.wav').click();
  await app.keyboard.press('Control+Shift+S');
  await expect(bar).toContainText('Similar to tone 4.wav');
  await bar.getByRole('button', { name: 'Close find similar' }).click();

  // The header's menu hides a column, and brings the defaults back.
  await lufs.click({ button: 'right' });
  await app.getByRole('menuitem', { name: 'LUFS' }).click();
  await expect(lufs).toBeHidden();
  await grid(app).getByRole('columnheader', { name: /^Name/ }).click({ button: 'right' });
  await app.getByRole('menuitem', { name: 'Default columns' }).click();
  await expect(lufs).toBeVisible();
});
