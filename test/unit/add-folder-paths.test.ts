import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LibraryService } from '../../src/main/library/library-service';
import { expandHome } from '../../src/main/platform/home-path';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import { makeWav } from '../fixtures/audio-files';
import { sourceWorker } from '../fixtures/source-worker';

const pool = new WorkerPool(sourceWorker('file-worker'), 1);
afterAll(() => pool.dispose());

describe('expandHome', () => {
  it('expands ~ and ~/..., and leaves every other path alone', () => {
    expect(expandHome('~', '/home/ann')).toBe('/home/ann');
    expect(expandHome('~/Samples/kits', '/home/ann')).toBe('/home/ann/Samples/kits');
    expect(expandHome('~ann/x', '/home/ann')).toBe('~ann/x');
    expect(expandHome('/srv/~/x', '/home/ann')).toBe('/srv/~/x');
    expect(expandHome('kits/~', '/home/ann')).toBe('kits/~');
  });
});

describe('adding a folder', () => {
  it('takes ~ as the home folder; a folder with no audio is said, once, and stays', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sd-home-'));
    mkdirSync(join(home, 'Samples'));
    writeFileSync(join(home, 'Samples', 'kick.wav'), makeWav({ frames: 100 }));
    mkdirSync(join(home, 'Documents'));
    writeFileSync(join(home, 'Documents', 'notes.txt'), 'not audio');
    const notices: string[] = [];
    const library = new LibraryService({
      cacheFile: join(mkdtempSync(join(tmpdir(), 'sd-cache-')), 'library.json'),
      pool,
      home,
      onChanged: () => undefined,
      notifyIntervalMs: 5,
      saveDelayMs: 20,
      log: () => undefined,
      onNotice: (m) => notices.push(m),
    });
    await library.load();
    const result = await library.add(['~/Samples', '~/Documents', '~/Missing']);
    expect(result.added).toEqual([join(home, 'Samples'), join(home, 'Documents')]);
    expect(result.problems).toEqual([
      { path: join(home, 'Missing'), reason: 'no such file or folder' },
    ]);
    await vi.waitFor(() => expect(library.state().scan.active).toBe(false), { timeout: 10_000 });
    expect(library.state().total).toBe(1);
    expect(notices).toEqual([
      `No audio files in ${join(home, 'Documents')} (WAV, AIFF, FLAC, MP3, Ogg): it stays in the library, and files put there later will show`,
    ]);
    // A rescan does not say it again.
    library.rescan();
    await vi.waitFor(() => expect(library.state().scan.active).toBe(false), { timeout: 10_000 });
    expect(notices).toHaveLength(1);
    await library.dispose();
  });
});
