import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomically } from '../../src/main/platform/atomic-file';
import { saveLibraryCache } from '../../src/main/library/library-cache';
import { errorRecord } from '../../src/main/formats/file-record';
import { SettingsStore } from '../../src/main/settings/settings-store';

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;
const SKIP_REASON = 'mounting a tmpfs (a real full disk) needs root on Linux';

/** A small real filesystem that a test can fill up. */
describe.skipIf(!isRoot)(`a save on a full disk (skipped unless: ${SKIP_REASON})`, () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'sd-full-'));
  let mounted = false;

  beforeAll(() => {
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
    if (result.status !== 0) throw new Error(`mount failed: ${result.stderr.toString()}`);
    mounted = true;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  /**
   * Fills the disk, then frees one page: the next save finds room for its first 4 KB only, so
   * the kernel takes part of a write (a short write), and the rest fails with ENOSPC.
   */
  function fillLeavingOnePage(dir: string): void {
    const spare = join(dir, 'spare');
    writeFileSync(spare, Buffer.alloc(4096, 1));
    const fd = openSync(join(dir, `filler-${Date.now()}`), 'w');
    const page = Buffer.alloc(4096, 2);
    try {
      for (;;) writeSync(fd, page);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }
    rmSync(spare);
  }

  function emptyDisk(): void {
    for (const name of readdirSync(mountPoint)) {
      rmSync(join(mountPoint, name), { recursive: true, force: true });
    }
  }

  it('the settings store says a save failed, keeps the file on disk, and saves once there is room', async () => {
    emptyDisk();
    const file = join(mountPoint, 'settings.json');
    const good = JSON.stringify({ volumeDb: -6, loop: true }, null, 2);
    writeFileSync(file, good);
    const notices: string[] = [];
    const store = new SettingsStore({ file, onNotice: (m) => notices.push(m) });
    await store.load();
    fillLeavingOnePage(mountPoint);
    const big = Array.from({ length: 100 }, (_, i) => ({ note: i, path: `/${'x'.repeat(400)}` }));
    await store.update({ samplerNotes: big });
    expect(readFileSync(file, 'utf8')).toBe(good);
    expect(notices).toEqual([
      expect.stringMatching(/settings could not be saved \(no space left on the disk to save/),
    ]);
    await store.update({ volumeDb: -1 }); // the same failure is not said twice
    expect(notices).toHaveLength(1);

    for (const name of readdirSync(mountPoint))
      if (name.startsWith('filler-')) rmSync(join(mountPoint, name));
    await store.update({ volumeDb: -2 });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      volumeDb: number;
      samplerNotes: unknown[];
    };
    expect(saved.volumeDb).toBe(-2);
    expect(saved.samplerNotes).toHaveLength(100);
  });

  it('a settings save rejects naming the file, and the good file is kept as it was', async () => {
    emptyDisk();
    const file = join(mountPoint, 'settings.json');
    const good = JSON.stringify({ volumeDb: -6, patterns: [{ name: 'kept' }] }, null, 2);
    writeFileSync(file, good);
    fillLeavingOnePage(mountPoint);

    // The same shape of write as settings.ts: one string, far larger than the room left.
    const snapshot = JSON.stringify({ volumeDb: -3, notes: 'x'.repeat(20_000) }, null, 2);
    await expect(
      writeFileAtomically(file, (handle) => handle.write(snapshot).then(() => undefined)),
    ).rejects.toThrow(`no space left on the disk to save ${file}`);

    expect(readFileSync(file, 'utf8')).toBe(good);
    expect(readdirSync(mountPoint).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a library cache save rejects, and the cache on disk is kept as it was', async () => {
    emptyDisk();
    const file = join(mountPoint, 'library.json');
    const folders = ['/samples'];
    await saveLibraryCache(file, folders, [errorRecord('/samples/a.wav', '/samples', 'bad')]);
    const good = readFileSync(file, 'utf8');
    fillLeavingOnePage(mountPoint);

    const many = Array.from({ length: 400 }, (_, i) =>
      errorRecord(`/samples/file number ${i}.wav`, '/samples', 'a reason long enough'),
    );
    await expect(saveLibraryCache(file, folders, many)).rejects.toThrow(
      /no space left on the disk to save .*library\.json/,
    );
    expect(readFileSync(file, 'utf8')).toBe(good);
    expect(readdirSync(mountPoint).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes the temp files of saves whose process is gone, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-stale-'));
    mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(gone).toBeGreaterThan(0);
    const names = {
      stale: `settings.json.tmp-${gone}`,
      staleOther: `library.json.tmp-${gone}`,
      ours: `settings.json.tmp-${process.pid}`,
      parent: `settings.json.tmp-${process.ppid}`,
      notTemp: 'settings.json',
      lookalike: `settings.json.tmp-${gone}.bak`,
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'x');

    expect(await removeStaleTempFiles(dir, join(dir, 'settings.json'))).toEqual([
      join(dir, names.stale),
    ]);
    expect(existsSync(join(dir, names.staleOther))).toBe(true);

    expect(await removeStaleTempFiles(dir)).toEqual([join(dir, names.staleOther)]);
    expect(readdirSync(dir).sort()).toEqual(
      [names.ours, names.parent, names.notTemp, names.lookalike].sort(),
    );
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});
