/** The Electron entry's launch decisions (src/main/electron/launch.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PendingOpens, rendererDevServer } from '../../src/main/electron/launch';
import { parseLaunchArgs } from '../../src/main/host/launch-paths';

describe('rendererDevServer', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };

  it('honours ELECTRON_RENDERER_URL only when not packaged', () => {
    expect(rendererDevServer({ isPackaged: false, env })).toBe('http://localhost:5173/');
    expect(rendererDevServer({ isPackaged: true, env })).toBeUndefined();
  });

  it('unset or empty: the built page', () => {
    expect(rendererDevServer({ isPackaged: false, env: {} })).toBeUndefined();
    expect(rendererDevServer({ isPackaged: false, env: { ELECTRON_RENDERER_URL: '' } })).toBe(
      undefined,
    );
  });
});

describe('PendingOpens (macOS open-file, possibly before the app is ready)', () => {
  it('keeps what comes before attach and hands it over together, then each at once', () => {
    const opens = new PendingOpens();
    const added: string[][] = [];
    opens.open('/Users/me/Samples');
    opens.open('/Volumes/Disk/Drums');
    expect(added).toEqual([]);
    opens.attach((paths) => added.push(paths));
    expect(added).toEqual([['/Users/me/Samples', '/Volumes/Disk/Drums']]);
    opens.open('/Users/me/More');
    expect(added).toEqual([['/Users/me/Samples', '/Volumes/Disk/Drums'], ['/Users/me/More']]);
  });

  it('nothing queued: attach calls nothing', () => {
    const opens = new PendingOpens();
    const added: string[][] = [];
    opens.attach((paths) => added.push(paths));
    expect(added).toEqual([]);
  });

  it('the paths it hands on are read as a command line is (absolute, existing ones added)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sd-open-'));
    const opens = new PendingOpens();
    opens.open(folder);
    opens.open(join(folder, 'gone'));
    let read: ReturnType<typeof parseLaunchArgs> | null = null;
    opens.attach((paths) => (read = parseLaunchArgs(paths, '/')));
    expect(read).toEqual({ userData: null, paths: [folder], missing: [join(folder, 'gone')] });
  });
});
