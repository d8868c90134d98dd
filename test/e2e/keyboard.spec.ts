import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import type { PlayerState } from '../../src/shared/contract';
import { makeWav } from '../fixtures/audio-files';
import { expect, test } from './fixtures';

type Invoke = (channel: unknown, args: unknown) => Promise<{ ok: boolean; result?: unknown }>;

const grid = (app: Page) => app.getByRole('grid', { name: 'Library' });
const row = (app: Page, name: string) => grid(app).getByRole('row').filter({ hasText: name });
const tree = (app: Page) => app.getByRole('tree', { name: 'Folders' });
const search = (app: Page) => app.getByRole('searchbox', { name: 'Search' });
const count = (app: Page) => app.getByLabel('Result count');
const playButton = (app: Page) => app.getByRole('button', { name: 'Play', exact: true });
const pauseButton = (app: Page) => app.getByRole('button', { name: 'Pause', exact: true });
/** What has the focus: its role and accessible name (or label), to compare. */
const focused = (app: Page) =>
  app.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return `${element?.getAttribute('role') ?? element?.tagName.toLowerCase()}:${element?.getAttribute('aria-label') ?? element?.textContent?.trim()}`;
  });

async function playerState(rawInvoke: Invoke): Promise<PlayerState | null> {
  const response = await rawInvoke('player:state', {});
  return response.ok ? (response.result as PlayerState) : null;
}

/** Library folders under one temporary root: name → its WAV files (short silent ones). */
function writeFolders(folders: Record<string, string[]>, seconds = 0.2): string {
  const root = mkdtempSync(join(tmpdir(), 'sd-e2e-keys-'));
  for (const [folder, files] of Object.entries(folders)) {
    mkdirSync(join(root, folder), { recursive: true });
    for (const file of files)
      writeFileSync(
        join(root, folder, file),
        makeWav({ channels: 1, sampleRate: 8000, frames: Math.round(8000 * seconds) }),
      );
  }
  return root;
}

async function screenshots(app: Page, testInfo: TestInfo, name: string) {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await app.setViewportSize({ width, height });
    await app.screenshot({ path: testInfo.outputPath(`${name}-${width}x${height}.png`) });
  }
}

test('20 library folders: the tree is one Tab stop; arrows move in it, Enter shows a folder', async ({
  app,
  rawInvoke,
}, testInfo) => {
  const names = Array.from({ length: 20 }, (_, i) => `set ${String(i + 1).padStart(2, '0')}`);
  const root = writeFolders(Object.fromEntries(names.map((n) => [n, [`${n} hit.wav`]])));
  await rawInvoke('library:add', { paths: names.map((n) => join(root, n)) });
  await expect(count(app)).toHaveText('20 files');
  await expect(tree(app).getByRole('treeitem')).toHaveCount(21);

  // From the top of the page (nothing focused yet) to the search box, one Tab at a time.
  expect(await app.evaluate(() => document.activeElement === document.body)).toBe(true);
  const stops: string[] = [];
  let inTree = 0;
  for (let presses = 1; presses <= 60; presses++) {
    await app.keyboard.press('Tab');
    stops.push(await focused(app));
    if (await app.evaluate(() => Boolean(document.activeElement?.closest('[role="tree"]'))))
      inTree += 1;
    if (await search(app).evaluate((element) => element === document.activeElement)) break;
  }
  expect(stops.at(-1)).toBe('input:Search');
  // Was 83 with 20 folders (three buttons each); now each widget is one stop.
  expect(inTree, stops.join(' | ')).toBe(1);
  // 23 when written, most of them the MIDI ports' own controls; room for a few more buttons.
  expect(stops.length, stops.join(' | ')).toBeLessThanOrEqual(30);

  // Into the tree: focus lands on the selected item ("All files"); arrows move, Enter selects.
  const allFiles = tree(app).getByRole('treeitem', { name: 'All files' });
  await expect(allFiles).toHaveAttribute('tabindex', '0');
  await allFiles.focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  const second = tree(app).getByRole('treeitem', { name: /set 02, 1 file$/ });
  await expect(second).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(count(app)).toHaveText('1 of 20 files');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('End');
  await expect(tree(app).getByRole('treeitem', { name: /set 20, 1 file$/ })).toBeFocused();
  await app.keyboard.press('Home');
  await expect(allFiles).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(count(app)).toHaveText('20 files');
  // Delete on a library folder asks first (and Escape leaves it where it was).
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Delete');
  const confirm = app.getByRole('dialog', { name: 'Remove folder' });
  await expect(confirm).toContainText(join(root, 'set 01'));
  await app.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(tree(app).getByRole('treeitem', { name: /set 01, 1 file$/ })).toBeFocused();
  await screenshots(app, testInfo, 'tree-focused');
});

test('tree: Right opens and enters a folder, Left goes back and closes it', async ({
  app,
  rawInvoke,
}) => {
  const root = writeFolders({
    'kit/drums': ['kick.wav', 'snare.wav'],
    'kit/bass': ['sub.wav'],
    'kit/drums/rolls': ['roll.wav'],
  });
  await rawInvoke('library:add', { paths: [join(root, 'kit')] });
  await expect(count(app)).toHaveText('4 files');
  const kit = tree(app).getByRole('treeitem', { name: /\/kit, 4 files$/ });
  const drums = tree(app).getByRole('treeitem', { name: /^drums,/ });
  await expect(kit).toHaveAttribute('aria-expanded', 'true');
  await expect(drums).toHaveAttribute('aria-expanded', 'false');
  await expect(drums).toHaveAttribute('aria-level', '2');
  await kit.focus();
  await app.keyboard.press('ArrowRight'); // open already: into its first child
  await app.keyboard.press('ArrowDown');
  await expect(drums).toBeFocused();
  await app.keyboard.press('ArrowRight');
  await expect(drums).toHaveAttribute('aria-expanded', 'true');
  await app.keyboard.press('ArrowRight');
  await expect(tree(app).getByRole('treeitem', { name: /^rolls,/ })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(count(app)).toHaveText('1 of 4 files');
  await app.keyboard.press('ArrowLeft');
  await expect(drums).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(count(app)).toHaveText('3 of 4 files');
  await app.keyboard.press('ArrowLeft');
  await expect(drums).toHaveAttribute('aria-expanded', 'false');
  await expect(tree(app).getByRole('treeitem', { name: /^rolls,/ })).toHaveCount(0);
  await app.keyboard.press('ArrowLeft');
  await expect(kit).toBeFocused();
});

test('Space plays and pauses from the grid and the tabs, not from the search box; Ctrl+F finds', async ({
  app,
  rawInvoke,
}) => {
  const root = writeFolders({ pads: ['long pad.wav'] }, 20);
  await rawInvoke('library:add', { paths: [join(root, 'pads')] });
  await row(app, 'long pad.wav').click();
  await expect(pauseButton(app)).toBeVisible();

  await grid(app).focus();
  await app.keyboard.press('Space');
  await expect(playButton(app)).toBeVisible();
  await expect.poll(async () => (await playerState(rawInvoke))?.state).toBe('paused');

  // The search box keeps Space: it types one.
  await app.keyboard.press('Control+f');
  await expect(search(app)).toBeFocused();
  await app.keyboard.press('Space');
  await expect(search(app)).toHaveValue(' ');
  await expect(playButton(app)).toBeVisible();

  // A tab is no text field: Space plays from there too.
  await app.getByRole('tab', { name: 'Samples' }).focus();
  await app.keyboard.press('Space');
  await expect(pauseButton(app)).toBeVisible();
  await expect.poll(async () => (await playerState(rawInvoke))?.state).toBe('playing');
  await app.keyboard.press('Space');
  await expect(playButton(app)).toBeVisible();

  // A focused button keeps Space: it presses it (Loop here), and playback stays paused.
  const loop = app.getByRole('button', { name: 'Loop' });
  await loop.focus();
  await app.keyboard.press('Space');
  await expect(loop).toHaveAttribute('aria-pressed', 'true');
  await expect(playButton(app)).toBeVisible();
  expect((await playerState(rawInvoke))?.state).toBe('paused');

  // Ctrl+F from the grid: the search box, its text selected to type over.
  await search(app).fill('pad');
  await grid(app).focus();
  await app.keyboard.press('Control+f');
  await expect(search(app)).toBeFocused();
  expect(
    await search(app).evaluate((input: HTMLInputElement) => [
      input.selectionStart,
      input.selectionEnd,
    ]),
  ).toEqual([0, 3]);
  // From another view: the samples come back, with the search box focused.
  await app.getByRole('tab', { name: 'MIDI monitor' }).click();
  await expect(search(app)).toHaveCount(0);
  await app.keyboard.press('Control+f');
  await expect(search(app)).toBeFocused();
  await expect(app.getByRole('tab', { name: 'Samples' })).toHaveAttribute('aria-selected', 'true');
});

test('the grid names its focused row; headers sort when clicked anywhere on them', async ({
  app,
  rawInvoke,
}) => {
  const root = writeFolders({ set: ['a kick.wav', 'b snare.wav', 'c hat.wav'] });
  await rawInvoke('library:add', { paths: [join(root, 'set')] });
  await expect(count(app)).toHaveText('3 files');
  await expect(grid(app)).not.toHaveAttribute('aria-activedescendant', /./);
  await search(app).focus();
  await app.keyboard.press('ArrowDown'); // to the grid, on the first row
  await expect(grid(app)).toBeFocused();
  const named = () =>
    grid(app).evaluate(
      (element) =>
        document.getElementById(element.getAttribute('aria-activedescendant') ?? '')?.textContent ??
        null,
    );
  await expect.poll(named).toContain('a kick.wav');
  await app.keyboard.press('ArrowDown');
  await expect.poll(named).toContain('b snare.wav');
  await app.keyboard.press('End');
  await expect.poll(named).toContain('c hat.wav');

  // The Name header, clicked at its far right (past its label): sorts the other way.
  const header = grid(app).getByRole('columnheader', { name: /^Name/ });
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const box = (await header.boundingBox())!;
  await app.mouse.click(box.x + box.width - 3, box.y + box.height - 2);
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(grid(app).locator('.grid-body [role="row"] .col-name').first()).toHaveText(
    'c hat.wav',
  );
  // The headers are one Tab stop too: arrows move along them, Enter sorts.
  const headerButtons = grid(app).getByRole('columnheader').getByRole('button');
  await expect(headerButtons.and(app.locator('[tabindex="0"]'))).toHaveCount(1);
  await header.getByRole('button').focus();
  await app.keyboard.press('ArrowRight');
  const rating = grid(app).getByRole('columnheader', { name: /^Rating/ });
  await expect(rating.getByRole('button')).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(rating).toHaveAttribute('aria-sort', 'ascending');
  await expect(header).toHaveAttribute('aria-sort', 'none');
});

test('the sidebar’s lists are one Tab stop each; the Menu key opens an item’s menu', async ({
  app,
  rawInvoke,
}) => {
  for (const name of ['crate A', 'crate B', 'crate C'])
    await rawInvoke('collections:create', { name, ids: [] });
  const collections = app.getByRole('region', { name: 'Collections' });
  const labels = collections.getByRole('button', { name: /^crate / });
  await expect(labels).toHaveCount(3);
  // The ⋯ buttons are not Tab stops; of the labels, one is.
  await expect(collections.locator('[tabindex="0"]')).toHaveCount(1);
  await labels.first().focus();
  await app.keyboard.press('ArrowDown');
  await expect(labels.nth(1)).toBeFocused();
  await app.keyboard.press('End');
  await expect(labels.nth(2)).toBeFocused();
  await expect(labels.nth(2)).toHaveAttribute('tabindex', '0');
  await app.keyboard.press('Shift+F10');
  const menu = app.getByRole('menu', { name: 'Collection crate C' });
  await expect(menu).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await labels.nth(2).focus();
  await app.keyboard.press('Enter');
  await expect(labels.nth(2)).toHaveAttribute('aria-pressed', 'true');
  await expect(search(app)).toHaveValue('in:"crate C"');
});

/**
 * Where the player is once paused and settled (two reads agree), and the slider shows it (the
 * window hears of the position at most every 30 ms: it may show a moment before main's last).
 */
async function pausedAt(app: Page, rawInvoke: Invoke): Promise<number> {
  let last = NaN;
  await expect
    .poll(async () => {
      const state = await playerState(rawInvoke);
      const now = state?.state === 'paused' ? state.positionSec : NaN;
      const settled = now === last;
      last = now;
      return settled;
    })
    .toBe(true);
  const slider = app.getByRole('slider', { name: 'Playback position' });
  await expect
    .poll(async () => Math.abs(Number(await slider.getAttribute('aria-valuenow')) - last))
    .toBeLessThan(0.15);
  return last;
}

test('the waveform slider seeks with the keyboard', async ({ app, rawInvoke }) => {
  const root = writeFolders({ pads: ['long pad.wav'] }, 20);
  await rawInvoke('library:add', { paths: [join(root, 'pads')] });
  await row(app, 'long pad.wav').click();
  await expect(pauseButton(app)).toBeVisible();

  const slider = app.getByRole('slider', { name: 'Playback position' });
  await expect(slider).toHaveAttribute('aria-valuemax', '20');
  await slider.focus();
  // A seek plays from there (as a click does); Space on the slider pauses again, so where it
  // stopped is where the key sent it plus at most the time the two keys and the pause took,
  // measured here: a busy machine only widens the bound, never breaks it.
  const seekThenPause = async (key: string) => {
    const before = Date.now();
    await app.keyboard.press(key);
    await app.keyboard.press('Space');
    const at = await pausedAt(app, rawInvoke);
    return { at, took: (Date.now() - before) / 1000 };
  };
  const start = await seekThenPause('Home');
  expect(start.at).toBeLessThanOrEqual(start.took + 0.1);
  await expect(slider).toHaveAttribute('aria-valuetext', /^\d+\.\d\d s of 0:20$/);
  const right = await seekThenPause('ArrowRight');
  expect(right.at - start.at).toBeGreaterThanOrEqual(0.85);
  expect(right.at - start.at).toBeLessThan(1.1 + right.took);
  const page = await seekThenPause('PageUp'); // a quarter of 20 s
  expect(page.at - right.at).toBeGreaterThanOrEqual(4.85);
  expect(page.at - right.at).toBeLessThan(5.1 + page.took);
  const left = await seekThenPause('ArrowLeft');
  expect(left.at).toBeGreaterThanOrEqual(page.at - 1.15);
  expect(left.at).toBeLessThan(page.at - 0.9 + left.took);
  await expect(slider).toHaveAttribute('aria-valuetext', /^\d+\.\d\d s of 0:20$/);
});

test('dialogs: focus moves in, Tab stays in, Escape closes, focus comes back', async ({
  app,
}, testInfo) => {
  const add = app.getByRole('button', { name: 'New collection' });
  await add.focus();
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('dialog', { name: 'New collection' });
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  const name = dialog.getByRole('textbox', { name: 'Name' });
  await expect(name).toBeFocused();
  // The window behind cannot be reached.
  await expect(app.locator('#root')).toHaveAttribute('inert', '');
  await app.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeFocused();
  await app.keyboard.press('Tab'); // past the last: the first, its ×
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await app.keyboard.press('Shift+Tab'); // before the first: the last
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeFocused();
  await screenshots(app, testInfo, 'dialog-open');
  await app.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(add).toBeFocused();
  await expect(app.locator('#root')).not.toHaveAttribute('inert', /.*/);

  // The About panel, named by its heading, from the keyboard too.
  const about = app.getByRole('button', { name: 'About / System' });
  await about.focus();
  await app.keyboard.press('Enter');
  const panel = app.getByRole('dialog', { name: 'About / System' });
  await expect(panel.getByRole('button', { name: 'Close' })).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Close' })).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(about).toBeFocused();
});
