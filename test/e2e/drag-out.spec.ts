import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { LibraryPage } from '../../src/shared/contract';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { addFolder, expect, test } from './fixtures';

const grid = (app: Page) => app.getByRole('grid', { name: 'Library' });
const row = (app: Page, name: string) => grid(app).getByRole('row').filter({ hasText: name });

/** What the page's dragstart put in the drag, read by a listener that runs after the app's. */
async function recordDrags(app: Page): Promise<void> {
  await app.evaluate(() => {
    const drags: Record<string, string>[] = [];
    (window as unknown as { drags: typeof drags }).drags = drags;
    window.addEventListener('dragstart', (event) => {
      const transfer = event.dataTransfer!;
      drags.push(Object.fromEntries(transfer.types.map((t) => [t, transfer.getData(t)])));
    });
  });
}

const drags = (app: Page) =>
  app.evaluate(() => (window as unknown as { drags: Record<string, string>[] }).drags);

test('a row dragged out carries the file; the shell serves its exact bytes only with the token', async ({
  app,
  rawInvoke,
  webShell,
}) => {
  test.skip(webShell === null, 'the web shell’s drag (Electron’s native drag is unit-tested)');
  const { root } = writeSampleLibrary();
  await addFolder(app, root, rawInvoke);
  await expect(app.getByLabel('Result count')).toHaveText('7 files');
  const kick = join(root, 'drums/kick 01.wav');
  const page = (await rawInvoke('library:query', {
    query: { search: 'kick' },
    offset: 0,
    limit: 10,
  })) as { ok: true; result: LibraryPage };
  const id = page.result.rows[0]!.id;

  // A real drag with the mouse, from the row to the folder tree.
  await recordDrags(app);
  await expect(row(app, 'kick 01.wav')).toHaveAttribute('draggable', 'true');
  await row(app, 'kick 01.wav')
    .locator('.col-name')
    .dragTo(app.getByRole('tree', { name: 'Folders' }));
  await expect.poll(() => drags(app)).toHaveLength(1);
  const origin = new URL(webShell!.url).origin;
  const url = `${origin}/files/${id}?token=${webShell!.token}`;
  // Types as the DataTransfer lists them: in lower case.
  expect((await drags(app))[0]).toEqual({
    downloadurl: `audio/wav:kick 01.wav:${url}`,
    'text/uri-list': `file://${root.split('/').map(encodeURIComponent).join('/')}/drums/kick%2001.wav`,
    'text/plain': kick,
  });

  const served = await fetch(url);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('audio/wav');
  expect(Buffer.from(await served.arrayBuffer()).equals(readFileSync(kick))).toBe(true);
  expect((await fetch(`${origin}/files/${id}`)).status).toBe(401);
  expect((await fetch(`${origin}/files/${id}?token=${'0'.repeat(48)}`)).status).toBe(401);
  expect((await fetch(`${origin}/files/999999?token=${webShell!.token}`)).status).toBe(404);
});
