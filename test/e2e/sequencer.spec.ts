import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { MonitorEntry, SequencerState } from '../../src/shared/contract';
import { makeWav } from '../fixtures/audio-files';
import { expect, pickFilter, test } from './fixtures';

const LOOPBACK = 'internal:Sampledeck Loopback';
const rows = (app: Page) =>
  app.getByRole('grid', { name: 'MIDI messages' }).locator('.grid-body [role="row"]');

test('start the clock: the sequencer’s notes arrive at their steps; stop: note-offs and CC 123', async ({
  app,
  rawInvoke,
}) => {
  await app.getByRole('tab', { name: 'Sequencer' }).click();
  await expect(app.getByRole('gridcell', { name: /^Kick .* step 1$/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(app.getByRole('gridcell', { name: /^Kick .* step 2$/ })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  // A bass note edited on step 2 (it turns the step on).
  await app.getByRole('gridcell', { name: 'Bass note step 2' }).selectOption({ label: 'G1' });
  await expect(app.getByRole('gridcell', { name: /^Bass \(ch 2\) step 2$/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // An extra kick on step 3, heard from the next step on.

  await app.getByRole('gridcell', { name: /^Kick .* step 3$/ }).click();
  await expect(app.getByRole('gridcell', { name: /^Kick .* step 3$/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  const strip = app.getByRole('group', { name: 'Transport and clock' });
  await strip.getByRole('spinbutton', { name: 'Clock tempo' }).fill('240');
  await strip.getByRole('button', { name: 'Start clock' }).click();
  await expect(app.locator('.step.now')).toHaveCount(5); // the playing column, 4 drums + bass
  // The first bar has been played once the clock is in the second.
  await expect(strip.getByLabel('Position')).toHaveText(/^([2-9]|\d{2,})\.\d\.\d\d$/);
  await strip.getByRole('button', { name: 'Stop clock' }).click();

  await app.getByRole('tab', { name: 'MIDI monitor' }).click();
  await pickFilter(app, 'Ports', 'Sampledeck Sequencer');
  const kicks = rows(app).filter({ hasText: 'C1 (36) vel' }).filter({ hasText: 'Note On' });
  await expect(kicks.first()).toBeVisible();
  // Steps 1, 3, 5, 9, 13 of the first bar: counted in main's log, since the list shows only
  // the rows on screen (on a slow machine Stop comes later and more rows follow the kicks).
  const noteOnsLogged = (note: string) => async () => {
    const snapshot = (await rawInvoke('monitor:snapshot', { limit: 10_000 })) as {
      ok: true;
      result: { entries: MonitorEntry[] };
    };
    return snapshot.result.entries.filter(
      (e) => e.port === 'Sampledeck Sequencer' && e.type === 'note-on' && e.summary.includes(note),
    ).length;
  };
  await expect.poll(noteOnsLogged('C1 (36)')).toBeGreaterThanOrEqual(5);
  await expect(rows(app).filter({ hasText: 'All Notes Off' })).toHaveCount(2);
  await expect(rows(app).last()).toContainText('All Notes Off');
  await expect(rows(app).filter({ hasText: 'Note Off' }).first()).toBeVisible();
  // The edited bass step: G1 (43) on channel 2.
  expect(await noteOnsLogged('G1 (43)')()).toBeGreaterThanOrEqual(1);
});

test('quick edits all stay: two steps and a bass note changed in one go', async ({
  app,
  rawInvoke,
}) => {
  await app.getByRole('tab', { name: 'Sequencer' }).click();
  const kick2 = app.getByRole('gridcell', { name: /^Kick .* step 2$/ });
  await expect(kick2).toHaveAttribute('aria-pressed', 'false');
  // In one turn of the page's event loop: each edit leaves before the answer to the one before.
  await app.evaluate(() => {
    const steps = Array.from(
      document.querySelectorAll<HTMLButtonElement>('button[aria-label$=" step 2"]'),
    );
    steps[0]!.click(); // the kick
    steps[1]!.click(); // the next drum
    const note = document.querySelector<HTMLSelectElement>(
      'select[aria-label="Bass note step 4"]',
    )!;
    note.value = '43';
    note.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(kick2).toHaveAttribute('aria-pressed', 'true');
  const state = (await rawInvoke('sequencer:state', {})) as {
    ok: true;
    result: SequencerState;
  };
  const [kick, second] = state.result.patterns[0]!.drums;
  expect(kick!.steps[1]).toBe(true);
  expect(second!.steps[1]).toBe(true);
  expect(state.result.patterns[0]!.bass.steps[3]).toMatchObject({ note: 43, on: true });
});

test('locate to a bar while stopped, and Continue plays on from there', async ({ app }) => {
  const strip = app.getByRole('group', { name: 'Transport and clock' });
  await strip.getByRole('spinbutton', { name: 'Clock tempo' }).fill('60');
  await strip.getByRole('spinbutton', { name: 'Locate bar' }).fill('3');
  await strip.getByRole('button', { name: 'Locate' }).click();
  await expect(strip.getByLabel('Position')).toHaveText('3.1.00');
  await strip.getByRole('button', { name: 'Continue' }).click();
  await expect(strip.getByLabel('Transport')).toHaveText('Playing');
  // At 60 BPM bar 3 lasts 4 s: time enough to see it on a busy machine.
  await expect(strip.getByLabel('Position')).toHaveText(/^3\.\d\.\d\d$/);
  await expect(strip.getByRole('button', { name: 'Locate' })).toBeDisabled();
  await strip.getByRole('button', { name: 'Stop clock' }).click();
  await expect(strip.getByLabel('Transport')).toHaveText('Paused');
});

test('learn a CC to “next file” and move through the list with it', async ({ app, rawInvoke }) => {
  const root = mkdtempSync(join(tmpdir(), 'sd-e2e-learn-'));
  mkdirSync(join(root, 'kit'));
  for (const name of ['a.wav', 'b.wav', 'c.wav'])
    writeFileSync(join(root, 'kit', name), makeWav({ frames: 441 }));
  await rawInvoke('library:add', { paths: [root] });
  await expect(app.getByLabel('Result count')).toHaveText('3 files');
  await app
    .getByRole('grid', { name: 'Library' })
    .getByRole('row')
    .filter({ hasText: 'a.wav' })
    .click();

  // MIDI learn has its own tab (it was under the sequencer's grid).
  await app.getByRole('tab', { name: 'MIDI learn' }).click();
  await app.getByRole('button', { name: 'Learn Next file' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Move a control' })).toBeVisible();
  await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0xb0, 21, 127] });
  await expect(app.getByRole('list', { name: 'Mappings' })).toContainText('Next file ← CC 21 ch 1');

  await app.getByRole('tab', { name: 'Samples' }).click();
  const selected = app.getByRole('grid', { name: 'Library' }).locator('[aria-selected="true"]');
  await expect(selected).toContainText('a.wav');
  for (const expected of ['b.wav', 'c.wav']) {
    await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0xb0, 21, 0] });
    await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0xb0, 21, 127] });
    await expect(selected).toContainText(expected);
  }

  // Learning "Stop" on the same control asks first; keeping it changes nothing.
  await app.getByRole('tab', { name: 'MIDI learn' }).click();
  const mappings = app.getByRole('list', { name: 'Mappings' });
  const inUse = app.getByRole('alert', { name: 'Control in use' });
  await app.getByRole('button', { name: 'Learn Stop' }).click();
  await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0xb0, 21, 0] });
  await expect(inUse).toContainText('CC 21 ch 1 on Sampledeck Loopback already does “Next file”');
  await inUse.getByRole('button', { name: 'Keep Next file' }).click();
  await expect(inUse).toBeHidden();
  await expect(mappings).toContainText('Next file ← CC 21 ch 1');
  await expect(mappings).not.toContainText('Stop');
  // Asked again and taken: the control now stops, and only that.
  await app.getByRole('button', { name: 'Learn Stop' }).click();
  await rawInvoke('midi:send', { port: LOOPBACK, bytes: [0xb0, 21, 127] });
  await inUse.getByRole('button', { name: 'Use it for Stop' }).click();
  await expect(mappings).toContainText('Stop ← CC 21 ch 1');
  await expect(mappings).not.toContainText('Next file');
});

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  test(`at ${size.width}x${size.height}: the pattern that plays is shown; patterns are added, queued, renamed and deleted`, async ({
    app,
    rawInvoke,
  }, testInfo) => {
    await app.setViewportSize(size);
    await app.getByRole('tab', { name: 'Sequencer' }).click();
    const playingNow = app.getByRole('status', { name: 'Pattern playing' });
    await expect(playingNow).toHaveText('stopped · Default');
    await app.getByRole('button', { name: '+ Pattern' }).click();
    const b = app.getByRole('button', { name: 'B', exact: true });
    await b.click();
    await expect(playingNow).toHaveText('stopped · Default · B at the next bar');
    await expect(b).toHaveAttribute('title', 'switches at the next bar');

    const strip = app.getByRole('group', { name: 'Transport and clock' });
    await strip.getByRole('spinbutton', { name: 'Clock tempo' }).fill('240');
    await strip.getByRole('button', { name: 'Start clock' }).click();
    await expect(playingNow).toHaveText(/^▶ B, step \d+$/);
    await expect(b).toHaveAttribute('aria-pressed', 'true');
    await strip.getByRole('button', { name: 'Stop clock' }).click();

    await app.getByRole('button', { name: 'Rename…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Rename pattern B' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Verse');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect(app.getByRole('button', { name: 'Verse', exact: true })).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath(`patterns-${size.width}.png`) });
    expect(await app.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      size.width,
    );
    await app.getByRole('button', { name: 'Delete Verse' }).click();
    await expect(app.getByRole('button', { name: 'Verse', exact: true })).toHaveCount(0);
    await expect(app.getByRole('button', { name: 'Delete Default' })).toBeDisabled();
    const state = (await rawInvoke('sequencer:state', {})) as { ok: true; result: SequencerState };
    expect(state.result.patterns.map((p) => p.name)).toEqual(['Default']);
  });
}
