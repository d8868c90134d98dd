import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { MarksExport } from '../../src/shared/contract';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { runWebShell, type WebShellProcess } from '../fixtures/web-shell-process';
import { addFolder, CHROMIUM, CHROMIUM_ARGS, expect, test } from './fixtures';

const grid = (app: Page) => app.getByRole('grid', { name: 'Library' });
const row = (app: Page, name: string) => grid(app).getByRole('row').filter({ hasText: name });
const count = (app: Page) => app.getByLabel('Result count');
const search = (app: Page) => app.getByRole('searchbox', { name: 'Search' });
const menu = (app: Page) => app.getByRole('menu').first();

async function openWindow(browser: Browser, shell: WebShellProcess): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(shell.url);
  return page;
}

/** The same moment seen at the minimum window size and at a common laptop size. */
async function shoot(app: Page, info: TestInfo, name: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await app.setViewportSize({ width, height });
    await app.screenshot({ path: info.outputPath(`${name}-${width}x${height}.png`) });
  }
}

async function searchFor(app: Page, text: string): Promise<void> {
  await search(app).fill(text);
}

test('star, rate, tag, collect, search with the syntax; after a restart everything is back', async ({
  shell,
}, testInfo) => {
  test.skip(shell !== 'web', 'restarts the web shell on the same user-data folder');
  const userData = mkdtempSync(join(tmpdir(), 'sd-organise-'));
  const { root } = writeSampleLibrary();
  let web = await runWebShell(userData);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const pageErrors: Error[] = [];
  try {
    let app = await openWindow(browser, web);
    app.on('pageerror', (error) => pageErrors.push(error));
    await app.getByRole('button', { name: 'Add folder…' }).click();
    await app.getByRole('textbox', { name: 'Folder path' }).fill(root);
    await app.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(count(app)).toHaveText('7 files');

    // Star one file and rate another, from their rows.
    await row(app, 'kick 01.wav').getByRole('button', { name: 'Favourite' }).click();
    await expect(
      row(app, 'kick 01.wav').getByRole('button', { name: 'Favourite' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await row(app, 'snare.wav').getByRole('button', { name: 'Rate 4' }).click();
    await expect(
      row(app, 'snare.wav').getByRole('group', { name: 'Rating: 4 of 5' }),
    ).toBeVisible();

    // Tag two files at once: click one, Ctrl+click the other, the menu's "Tags…".
    await row(app, 'kick 01.wav').locator('.col-name').click();
    await row(app, 'snare.wav')
      .locator('.col-name')
      .click({ modifiers: ['Control'] });
    await expect(grid(app).locator('[role="row"][aria-selected="true"]')).toHaveCount(2);
    await row(app, 'snare.wav').locator('.col-name').click({ button: 'right' });
    await expect(menu(app)).toHaveAccessibleName('2 files');
    await menu(app).getByRole('menuitem', { name: 'Tags…' }).click();
    const tags = app.getByRole('dialog', { name: 'Tags' });
    await tags.getByRole('combobox', { name: 'Add tags' }).fill('drums, punchy');
    await tags.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(tags.getByRole('list', { name: 'Tags on these files' })).toContainText('drums');
    await expect(tags.getByRole('list', { name: 'Tags on these files' })).toContainText('punchy');
    await shoot(app, testInfo, 'tag-dialog');
    await tags.getByRole('button', { name: 'Close' }).click();
    await expect(row(app, 'kick 01.wav').getByLabel('Tags')).toHaveText(/drums.*punchy/);
    await expect(row(app, 'snare.wav').getByLabel('Tags')).toHaveText(/drums.*punchy/);

    // A colour label and a new collection of two other files, from the menu.
    await row(app, 'pad float.wav').locator('.col-name').click();
    await row(app, 'pad float.wav').locator('.col-name').click({ button: 'right' });
    await menu(app).getByRole('menuitem', { name: 'Colour label' }).click();
    await app.getByRole('menuitem', { name: 'Blue' }).click();
    await expect(row(app, 'pad float.wav').getByRole('img', { name: 'blue label' })).toBeVisible();
    await row(app, 'funk loop 120bpm.aif')
      .locator('.col-name')
      .click({ modifiers: ['Control'] });
    await expect(grid(app).locator('[role="row"][aria-selected="true"]')).toHaveCount(2);
    await row(app, 'funk loop 120bpm.aif').locator('.col-name').click({ button: 'right' });
    await menu(app).getByRole('menuitem', { name: 'Add to collection' }).click();
    await app.getByRole('menuitem', { name: 'New collection…' }).click();
    const naming = app.getByRole('dialog', { name: 'New collection' });
    await naming.getByRole('textbox', { name: 'Name' }).fill('My crate');
    await naming.getByRole('button', { name: 'Create' }).click();
    const collections = app.getByRole('region', { name: 'Collections' });
    await expect(collections.getByRole('button', { name: /My crate\s*2/ })).toBeVisible();
    await shoot(app, testInfo, 'marked');

    // The search syntax: each filter alone and together with words.
    await searchFor(app, 'tag:drums rating>=4');
    await expect(count(app)).toHaveText('1 of 7 files');
    await expect(row(app, 'snare.wav')).toBeVisible();
    await searchFor(app, 'fav');
    await expect(count(app)).toHaveText('1 of 7 files');
    await expect(row(app, 'kick 01.wav')).toBeVisible();
    await searchFor(app, 'in:"My crate" pad');
    await expect(count(app)).toHaveText('1 of 7 files');
    await expect(row(app, 'pad float.wav')).toBeVisible();
    await searchFor(app, '-tag:drums format:wav color:blue');
    await expect(count(app)).toHaveText('1 of 7 files');
    // A part that is not understood is shown and the rest still applies.
    await searchFor(app, 'tag:drums rating>=x');
    await expect(app.getByRole('list', { name: 'Search problems' })).toContainText('rating>=x');
    await expect(count(app)).toHaveText('2 of 7 files');
    await shoot(app, testInfo, 'search-problem');
    // An empty result says why.
    await searchFor(app, 'tag:drums -fav rating<2');
    await expect(count(app)).toHaveText('0 of 7 files');
    await expect(app.locator('.empty-result')).toBeVisible();
    await shoot(app, testInfo, 'empty-result');
    await searchFor(app, '');
    await expect(count(app)).toHaveText('7 files');

    // Restart the shell on the same user-data folder: a new process, a new window.
    await app.close();
    await web.stop();
    web = await runWebShell(userData);
    app = await openWindow(browser, web);
    app.on('pageerror', (error) => pageErrors.push(error));
    await expect(count(app)).toHaveText('7 files');
    await expect(
      row(app, 'kick 01.wav').getByRole('button', { name: 'Favourite' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(
      row(app, 'snare.wav').getByRole('group', { name: 'Rating: 4 of 5' }),
    ).toBeVisible();
    await expect(row(app, 'snare.wav').getByLabel('Tags')).toHaveText(/drums.*punchy/);
    await expect(row(app, 'pad float.wav').getByRole('img', { name: 'blue label' })).toBeVisible();
    const crate = app
      .getByRole('region', { name: 'Collections' })
      .getByRole('button', { name: /My crate\s*2/ });
    await crate.click();
    await expect(search(app)).toHaveValue('in:"My crate"');
    await expect(count(app)).toHaveText('2 of 7 files');
    await expect(row(app, 'pad float.wav')).toBeVisible();
    await expect(row(app, 'funk loop 120bpm.aif')).toBeVisible();
    await searchFor(app, 'tag:punchy');
    await expect(count(app)).toHaveText('2 of 7 files');
    await shoot(app, testInfo, 'after-restart');
  } finally {
    await browser.close();
    await web.stop();
  }
  expect(pageErrors).toEqual([]);
});

test('rename a tag everywhere, drop rows on a collection, Delete takes rows out with Undo', async ({
  app,
  rawInvoke,
}) => {
  const { root } = writeSampleLibrary();
  await addFolder(app, root, rawInvoke);
  await expect(count(app)).toHaveText('7 files');

  await row(app, 'kick 01.wav').locator('.col-name').click();
  await row(app, 'snare.wav')
    .locator('.col-name')
    .click({ modifiers: ['Control'] });
  await row(app, 'snare.wav').locator('.col-name').click({ button: 'right' });
  await menu(app).getByRole('menuitem', { name: 'Tags…' }).click();
  const tags = app.getByRole('dialog', { name: 'Tags' });
  await tags.getByRole('combobox', { name: 'Add tags' }).fill('drum');
  await tags.getByRole('combobox', { name: 'Add tags' }).press('Enter');
  await expect(tags.getByRole('list', { name: 'Tags on these files' })).toContainText('drum');
  await tags.press('Escape');
  await expect(tags).toHaveCount(0);

  // The sidebar's ⋯ on the tag: renamed on every file that carries it.
  const tagPanel = app.getByRole('region', { name: 'Tags' });
  await tagPanel.getByRole('button', { name: 'Tag drum' }).click();
  await app.getByRole('menuitem', { name: 'Rename…' }).click();
  const rename = app.getByRole('dialog', { name: 'Rename tag drum' });
  await rename.getByRole('combobox', { name: 'Name' }).fill('drums');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(tagPanel.getByRole('button', { name: /^drums\s*2$/ })).toBeVisible();
  await expect(row(app, 'kick 01.wav').getByLabel('Tags')).toHaveText('#drums');
  await expect(row(app, 'snare.wav').getByLabel('Tags')).toHaveText('#drums');

  // A new, empty collection; the two selected rows dragged onto it.
  await app.getByRole('button', { name: 'New collection' }).click();
  const naming = app.getByRole('dialog', { name: 'New collection' });
  await naming.getByRole('textbox', { name: 'Name' }).fill('Hits');
  await naming.getByRole('button', { name: 'Create' }).click();
  const collections = app.getByRole('region', { name: 'Collections' });
  await expect(collections.getByRole('button', { name: /^Hits\s*0$/ })).toBeVisible();
  await row(app, 'snare.wav')
    .locator('.col-name')
    .dragTo(collections.getByRole('button', { name: /^Hits/ }));
  await expect(collections.getByRole('button', { name: /^Hits\s*2$/ })).toBeVisible();

  // Delete: out of the library (not off the disk), and Undo brings them back with their marks.
  await grid(app).press('Delete');
  await expect(count(app)).toHaveText('5 files');
  await expect(row(app, 'kick 01.wav')).toHaveCount(0);
  expect(existsSync(join(root, 'drums/kick 01.wav'))).toBe(true);
  const undo = app.getByRole('button', { name: 'Undo' });
  await undo.click();
  await expect(count(app)).toHaveText('7 files');
  await expect(row(app, 'kick 01.wav').getByLabel('Tags')).toHaveText('#drums');
  await expect(collections.getByRole('button', { name: /^Hits\s*2$/ })).toBeVisible();
});

test('marks exported as JSON come back on import; a file that is not an export is named and refused', async ({
  app,
  rawInvoke,
}, testInfo) => {
  const { root } = writeSampleLibrary();
  await addFolder(app, root, rawInvoke);
  await expect(count(app)).toHaveText('7 files');
  await row(app, 'kick 01.wav').getByRole('button', { name: 'Rate 5' }).click();
  await expect(
    row(app, 'kick 01.wav').getByRole('group', { name: 'Rating: 5 of 5' }),
  ).toBeVisible();

  await app.getByRole('button', { name: 'Backups, export, import…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Marks' });
  const downloading = app.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export as JSON' }).click();
  const exported = testInfo.outputPath('marks.json');
  await (await downloading).saveAs(exported);
  const data = JSON.parse(readFileSync(exported, 'utf8')) as MarksExport;
  expect(data.files).toEqual([
    expect.objectContaining({ path: join(root, 'drums/kick 01.wav'), rating: 5 }),
  ]);
  await app.screenshot({ path: testInfo.outputPath('marks-dialog.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The rating cleared, then the export imported again in place of every mark.
  await row(app, 'kick 01.wav').getByRole('button', { name: 'Rate 5' }).click();
  await expect(
    row(app, 'kick 01.wav').getByRole('group', { name: 'Rating: 0 of 5' }),
  ).toBeVisible();
  await app.getByRole('button', { name: 'Backups, export, import…' }).click();
  await dialog.getByRole('combobox', { name: 'Import mode' }).selectOption('replace');
  await dialog.getByLabel('Import marks').setInputFiles(exported);
  await expect(
    row(app, 'kick 01.wav').getByRole('group', { name: 'Rating: 5 of 5' }),
  ).toBeVisible();

  const wrong = testInfo.outputPath('not-marks.json');
  writeFileSync(wrong, JSON.stringify({ hello: 'world' }));
  await dialog.getByLabel('Import marks').setInputFiles(wrong);
  await expect(app.getByText(/not-marks\.json is not a Sampledeck marks export/)).toBeVisible();
  await expect(
    row(app, 'kick 01.wav').getByRole('group', { name: 'Rating: 5 of 5' }),
  ).toBeVisible();
});
