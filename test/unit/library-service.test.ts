import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { libraryQuery, type LibraryState } from '../../src/shared/contract';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import type { HeaderTask, HeaderTaskResult } from '../../src/main/workers/file-worker';
import { LibraryService } from '../../src/main/library/library-service';
import { loadLibraryCache } from '../../src/main/library/library-cache';
import { makeWav } from '../fixtures/audio-files';
import { sourceWorker } from '../fixtures/source-worker';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { Encoder } from '../fixtures/encoded-files';
import { writeOldLibraryCache } from '../fixtures/old-library-cache';

const pool = new WorkerPool(sourceWorker('file-worker'), 2);
afterAll(() => pool.dispose());

function service(
  cacheDir = mkdtempSync(join(tmpdir(), 'sd-cache-')),
  log: string[] = [],
  workers: WorkerPool = pool,
) {
  const states: LibraryState[] = [];
  const notices: string[] = [];
  const library = new LibraryService({
    cacheFile: join(cacheDir, 'library.json'),
    pool: workers,
    onChanged: (s) => states.push(s),
    notifyIntervalMs: 20,
    saveDelayMs: 20,
    log: (m) => log.push(m),
    onNotice: (m) => notices.push(m),
  });
  return { library, states, cacheDir, log, notices };
}

const all = libraryQuery.parse({});
const byName = (library: LibraryService) =>
  Object.fromEntries(
    library.page(all, 0, 1000).rows.map((r) => [r.path.split('/').slice(-2).join('/'), r]),
  );

/** Waits for a condition the library reaches on its own (a watcher event, a scan). */
async function until(check: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000, interval: 20 });
}

/**
 * The real worker pool, except that the header reads of scans of one folder wait until the
 * test lets them go: a scan held open at a known point, however fast or slow the machine.
 */
class GatedPool extends WorkerPool {
  private release: () => void = () => undefined;
  private gate: Promise<void> | null = null;
  private heldRoot: string | null = null;
  /** Resolves when a read of the held folder is waiting at the gate. */
  reached: Promise<void> = Promise.resolve();
  private onReached: () => void = () => undefined;

  hold(root: string): void {
    this.heldRoot = root;
    this.gate = new Promise((resolve) => (this.release = resolve));
    this.reached = new Promise((resolve) => (this.onReached = resolve));
  }

  open(): void {
    this.heldRoot = null;
    this.release();
  }

  override read(task: HeaderTask, signal?: AbortSignal): Promise<HeaderTaskResult> {
    if (this.gate && task.root === this.heldRoot) {
      this.onReached();
      return this.gate.then(() => super.read(task, signal));
    }
    return super.read(task, signal);
  }
}

const gated = new GatedPool(sourceWorker('file-worker'), 2);
afterAll(() => gated.dispose());

describe('LibraryService', () => {
  it('scans a folder: every audio file with its properties, reasons for the bad ones', async () => {
    const { root } = writeSampleLibrary();
    const { library, states } = service();
    await library.load();
    const { added, problems } = await library.add([root]);
    expect(added).toEqual([root]);
    expect(problems).toEqual([]);
    await library.idle();

    const files = byName(library);
    expect(Object.keys(files).sort()).toEqual([
      'broken/not audio.wav',
      'broken/truncated.wav',
      'drums/kick 01.wav',
      'drums/snare.wav',
      'loops/funk loop 120bpm.aif',
      'loops/pad float.wav',
      'loops/vocal.m4a',
    ]);
    expect(files['drums/kick 01.wav']).toMatchObject({
      status: 'ok',
      format: 'WAV',
      codec: 'PCM',
      sampleRate: 44100,
      channels: 1,
      bitsPerSample: 16,
      frames: 22050,
      durationSec: 0.5,
      playable: true,
    });
    expect(files['drums/snare.wav']).toMatchObject({
      sampleRate: 48000,
      channels: 2,
      bitsPerSample: 24,
      frames: 4800,
    });
    expect(files['loops/funk loop 120bpm.aif']).toMatchObject({
      format: 'AIFF',
      durationSec: 2,
      tempo: 120,
      tempoSource: 'filename',
    });
    expect(files['loops/pad float.wav']).toMatchObject({
      codec: 'IEEE float',
      sampleRate: 96000,
      durationSec: 0.1,
    });
    expect(files['loops/vocal.m4a']).toMatchObject({
      status: 'unsupported',
      format: 'M4A',
      error: 'not supported yet',
    });
    expect(files['broken/truncated.wav']).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/data chunk says .* but the file ends after/),
    });
    expect(files['broken/not audio.wav']).toMatchObject({
      status: 'error',
      error: expect.stringContaining('not an audio file'),
    });

    const problems2 = library.problems(100);
    expect(problems2.total).toBe(3);
    expect(problems2.problems.map((p) => p.reason).join('\n')).toMatch(/symlink loop/);

    const final = states.at(-1)!;
    expect(final.scan).toMatchObject({ active: false, found: 7, read: 7, cancelled: false });
    expect(final.folders).toEqual([{ path: root, files: 7, errors: 2, watching: true }]);
    await library.dispose();
  });

  it('says why a path cannot be added, and refuses one already inside the library', async () => {
    const { root } = writeSampleLibrary();
    const { library } = service();
    await library.load();
    const result = await library.add([
      join(root, 'missing'),
      join(root, 'notes.txt'),
      root,
      join(root, 'drums'),
    ]);
    expect(result.added).toEqual([root]);
    expect(result.problems).toEqual([
      {
        path: join(root, 'missing'),
        reason: 'no such file or folder',
      },
      {
        path: join(root, 'notes.txt'),
        reason: 'a file that is not audio (by its extension): add a folder, or an audio file',
      },
      { path: join(root, 'drums'), reason: `already in the library (in ${root})` },
    ]);
    await library.dispose();
  });

  it('keeps the library across restarts and re-reads only files whose size or mtime changed', async () => {
    const { root } = writeSampleLibrary();
    const kick = join(root, 'drums/kick 01.wav');
    // A whole-second mtime survives being set again exactly.
    utimesSync(kick, 1_700_000_000, 1_700_000_000);
    const first = service();
    await first.library.load();
    await first.library.add([root]);
    await first.library.idle();
    await first.library.dispose();
    const cache = join(first.cacheDir, 'library.json');
    expect(JSON.parse(readFileSync(cache, 'utf8')).groups[0].files.base).toHaveLength(7);
    expect(readdirSync(first.cacheDir)).toEqual(['library.json']);

    // Same size and mtime, different content: the cache is trusted, the file not read again.
    const sameSize = makeWav({ sampleRate: 22050, channels: 1, frames: 22050 });
    writeFileSync(kick, sameSize);
    utimesSync(kick, 1_700_000_000, 1_700_000_000);
    // A different size: read again.
    writeFileSync(
      join(root, 'drums/snare.wav'),
      makeWav({ sampleRate: 8000, channels: 1, frames: 800 }),
    );
    rmSync(join(root, 'loops/vocal.m4a'));

    const second = service(first.cacheDir);
    await second.library.load();
    // The whole list is there at once, from the cache, before any file is read.
    expect(second.library.state().total).toBe(7);
    await second.library.idle();
    const files = byName(second.library);
    expect(files['drums/kick 01.wav']).toMatchObject({ sampleRate: 44100 });
    expect(files['drums/snare.wav']).toMatchObject({ sampleRate: 8000, durationSec: 0.1 });
    expect(files['loops/vocal.m4a']).toBeUndefined();

    // An explicit rescan reads everything again.
    second.library.rescan();
    await second.library.idle();
    expect(byName(second.library)['drums/kick 01.wav']).toMatchObject({ sampleRate: 22050 });
    await second.library.dispose();
  });

  it('answers a search right after a restart, before and after the search text is made', async () => {
    const { root } = writeSampleLibrary();
    const first = service();
    await first.library.load();
    await first.library.add([root]);
    await first.library.idle();
    const search = (library: LibraryService, text: string) =>
      library
        .page(libraryQuery.parse({ search: text }), 0, 100)
        .rows.map((r) => r.path.slice(root.length + 1));
    const queries = ['kick', 'wav drums', 'loops -funk', 'pcm', 'nothing like it'];
    const expected = queries.map((text) => search(first.library, text));
    expect(expected[0]).toEqual(['drums/kick 01.wav']);
    await first.library.dispose();

    const second = service(first.cacheDir);
    await second.library.load();
    const entries = () => [...second.library.index.entries()];
    // The first page (no words) folds no file's text.
    expect(second.library.page(all, 0, 100).total).toBe(7);
    expect(entries().every((e) => e.haystack === null)).toBe(true);
    expect(queries.map((text) => search(second.library, text))).toEqual(expected);
    await second.library.dispose();

    // Left alone, the library makes every file's search text in the background.
    const third = service(first.cacheDir);
    await third.library.load();
    // (Those the scan after the load replaces fold again when a search reads them.)
    const loaded = [...third.library.index.entries()];
    expect(loaded).toHaveLength(7);
    await until(() => loaded.every((e) => e.haystack !== null));
    expect(queries.map((text) => search(third.library, text))).toEqual(expected);
    await third.library.dispose();
  });

  it('reads a file an older version cached as "not supported yet" (FLAC, MP3, Ogg)', async () => {
    const { root } = writeSampleLibrary();
    const encoder = new Encoder();
    writeFileSync(
      join(root, 'loops/pad.flac'),
      encoder.flac({ rate: 48000, channels: 2, frames: 4800 }).bytes,
    );
    encoder.dispose();
    const first = service();
    await first.library.load();
    await first.library.add([root]);
    await first.library.idle();
    await first.library.dispose();
    // As the cache of a version that listed FLAC without reading it.
    const cache = join(first.cacheDir, 'library.json');
    const { folders, files } = (await loadLibraryCache(cache)).library!;
    const pad = files.find((f) => f.path.endsWith('loops/pad.flac'))!;
    Object.assign(pad, {
      format: 'FLAC',
      status: 'unsupported',
      error: 'not supported yet',
      codec: null,
      sampleRate: null,
      channels: null,
      bitsPerSample: null,
      frames: null,
      durationSec: null,
      playable: false,
      tempo: null,
      tempoSource: null,
      meta: {},
    });
    writeOldLibraryCache(cache, 3, folders, files);

    const second = service(first.cacheDir);
    await second.library.load();
    expect(byName(second.library)['loops/pad.flac']).toMatchObject({ status: 'unsupported' });
    await second.library.idle();
    expect(byName(second.library)['loops/pad.flac']).toMatchObject({
      status: 'ok',
      format: 'FLAC',
      frames: 4800,
      durationSec: 0.1,
      playable: true,
    });
    await second.library.dispose();
  });

  it('reads again a file an older version cached as not playable (ADPCM)', async () => {
    const { root } = writeSampleLibrary();
    writeFileSync(join(root, 'loops/ima.wav'), makeWav({ codec: 'ima-adpcm', frames: 2000 }));
    const first = service();
    await first.library.load();
    await first.library.add([root]);
    await first.library.idle();
    await first.library.dispose();
    // As the cache of a version that listed ADPCM without playing it.
    const cache = join(first.cacheDir, 'library.json');
    const { folders, files } = (await loadLibraryCache(cache)).library!;
    const ima = files.find((f) => f.path.endsWith('loops/ima.wav'))!;
    expect(ima.playable).toBe(true);
    ima.playable = false;
    writeOldLibraryCache(cache, 3, folders, files);

    const second = service(first.cacheDir);
    await second.library.load();
    expect(byName(second.library)['loops/ima.wav']).toMatchObject({ playable: false });
    await second.library.idle();
    expect(byName(second.library)['loops/ima.wav']).toMatchObject({
      status: 'ok',
      codec: 'IMA ADPCM',
      frames: 2000,
      playable: true,
    });
    await second.library.dispose();
  });

  it('removes the temp file an interrupted save left beside the cache, when it loads', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sd-cache-'));
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const stale = join(cacheDir, `library.json.tmp-${gone}`);
    writeFileSync(stale, '{"format":"sampledeck-library","ver');
    const { library, log } = service(cacheDir);
    await library.load();
    expect(existsSync(stale)).toBe(false);
    expect(log).toContain(`removed ${stale}, left by an interrupted save`);
    await library.dispose();
  });

  it('follows files added, changed, renamed and removed on disk', async () => {
    const { root } = writeSampleLibrary();
    const { library } = service();
    await library.load();
    await library.add([root]);
    await library.idle();
    const find = (name: string) =>
      library.page(libraryQuery.parse({ search: name }), 0, 10).rows[0];

    writeFileSync(join(root, 'drums/new hat.wav'), makeWav({ frames: 4410 }));
    await until(() => find('new hat')?.durationSec === 0.1);

    renameSync(join(root, 'drums/new hat.wav'), join(root, 'drums/renamed hat.wav'));
    await until(() => find('renamed hat') !== undefined && find('new hat') === undefined);

    writeFileSync(join(root, 'drums/renamed hat.wav'), makeWav({ frames: 44100 }));
    await until(() => find('renamed hat')?.durationSec === 1);

    rmSync(join(root, 'drums/renamed hat.wav'));
    await until(() => find('renamed hat') === undefined);

    // A whole folder moved in.
    const outside = writeSampleLibrary();
    renameSync(join(outside.root, 'drums'), join(root, 'more drums'));
    await until(() => library.index.pathsUnder(join(root, 'more drums')).length === 2);
    expect(find('more drums')?.root).toBe(root);
    await library.dispose();
  });

  it('removes a folder with its files, and cancels a scan on request', async () => {
    const { root } = writeSampleLibrary();
    const { library, states } = service();
    await library.load();
    await library.add([root]);
    library.cancelScan();
    await library.idle();
    expect(states.at(-1)!.scan.cancelled).toBe(true);
    library.rescan();
    await library.idle();
    expect(library.state().total).toBe(7);
    const after = await library.remove(root);
    expect(after).toMatchObject({ total: 0, folders: [] });
    await expect(library.remove(root)).rejects.toThrow(/is not a library folder/);
    await library.dispose();
    expect(existsSync(join(root, 'drums'))).toBe(true);
  });

  describe('a damaged cache or one of another version', () => {
    /** A real cache of two scanned folders, and the two folders. */
    async function twoFolderCache() {
      const a = writeSampleLibrary();
      const b = writeSampleLibrary();
      const first = service();
      await first.library.load();
      await first.library.add([a.root, b.root]);
      await first.library.idle();
      await first.library.dispose();
      const cacheFile = join(first.cacheDir, 'library.json');
      return { roots: [a.root, b.root], cacheDir: first.cacheDir, cacheFile };
    }
    const asideFiles = (dir: string) =>
      readdirSync(dir).filter((f) => f.startsWith('library.json.corrupt-'));

    it('cut short: recovers the folders, rescans them, keeps the damaged file and says so', async () => {
      const { roots, cacheDir, cacheFile } = await twoFolderCache();
      const text = readFileSync(cacheFile, 'utf8');
      const damaged = text.slice(0, Math.floor(text.length * 0.6));
      writeFileSync(cacheFile, damaged);

      const { library, notices } = service(cacheDir);
      await library.load();
      expect(library.state().folders.map((f) => f.path)).toEqual(roots);
      await library.idle();
      expect(library.state().total).toBe(14);
      const [aside] = asideFiles(cacheDir);
      expect(readFileSync(join(cacheDir, aside!), 'utf8')).toBe(damaged);
      expect(notices).toEqual([
        `The library cache was damaged; 2 folders were recovered and are being rescanned; the file is kept as ${join(cacheDir, aside!)}.`,
      ]);
      await library.dispose();
      // The cache written after the rescan is whole again.
      expect(JSON.parse(readFileSync(cacheFile, 'utf8')).folders).toEqual(roots);
    });

    it('garbage after the header: recovers the folders', async () => {
      const { roots, cacheDir, cacheFile } = await twoFolderCache();
      const text = readFileSync(cacheFile, 'utf8');
      const header = text.slice(0, text.indexOf('"groups"'));
      writeFileSync(cacheFile, Buffer.concat([Buffer.from(header), Buffer.from([0, 0xff, 0x7b])]));

      const { library, notices } = service(cacheDir);
      await library.load();
      await library.idle();
      expect(library.state().folders.map((f) => f.path)).toEqual(roots);
      expect(library.state().total).toBe(14);
      expect(notices[0]).toMatch(/^The library cache was damaged; 2 folders were recovered/);
      await library.dispose();
    });

    it('cut inside the folder list: keeps the folders whose names are whole', async () => {
      const { roots, cacheDir, cacheFile } = await twoFolderCache();
      const text = readFileSync(cacheFile, 'utf8');
      // Cut in the middle of the second folder's name.
      writeFileSync(cacheFile, text.slice(0, text.indexOf(roots[1]!) + 5));

      const { library, notices } = service(cacheDir);
      await library.load();
      await library.idle();
      expect(library.state().folders.map((f) => f.path)).toEqual([roots[0]]);
      expect(library.state().total).toBe(7);
      expect(notices[0]).toMatch(/^The library cache was damaged; 1 folder was recovered and is/);
      await library.dispose();
    });

    it('nothing recoverable: says so, and keeps the file', async () => {
      const cacheDir = mkdtempSync(join(tmpdir(), 'sd-cache-'));
      writeFileSync(join(cacheDir, 'library.json'), '{"format":"sampledeck-library","vers');
      const { library, log, notices } = service(cacheDir);
      await library.load();
      expect(library.state().total).toBe(0);
      expect(log.join('\n')).toMatch(/could not be read .* kept as .*library\.json\.corrupt-/);
      expect(notices[0]).toMatch(
        /^The library cache was damaged; no folders could be recovered from it: add your folders again; the file is kept as .*library\.json\.corrupt-\d+\.$/,
      );
      expect(asideFiles(cacheDir)).toHaveLength(1);
      await library.dispose();
    });

    it('version 1 (one object per file) is migrated: the files are there before any scan', async () => {
      const { roots, cacheDir, cacheFile } = await twoFolderCache();
      const loaded = service(cacheDir);
      await loaded.library.load();
      await loaded.library.idle();
      const files = loaded.library
        .page(all, 0, 1000)
        .rows.map(({ id: _id, ...file }) => ({ ...file, meta: { ...file.meta } }));
      await loaded.library.dispose();
      expect(files).toHaveLength(14);
      // As version 1 wrote it (git show 2d3774b:src/main/library/library-cache.ts).
      writeFileSync(
        cacheFile,
        `{"format":"sampledeck-library","version":1,"folders":${JSON.stringify(roots)},"files":[\n` +
          files.map((f) => JSON.stringify(f)).join(',\n') +
          '\n]}\n',
      );

      const { library, notices, log } = service(cacheDir);
      await library.load();
      expect(library.state().total).toBe(14);
      expect(byName(library)['drums/kick 01.wav']).toMatchObject({
        sampleRate: 44100,
        frames: 22050,
      });
      expect(notices).toEqual([]);
      expect(log.join('\n')).toMatch(/was version 1; migrated to version 4/);
      await library.idle();
      await library.dispose();
      expect(asideFiles(cacheDir)).toEqual([]);
      const saved = JSON.parse(readFileSync(cacheFile, 'utf8'));
      expect(saved).toMatchObject({ version: 4, folders: roots });
      expect(
        saved.groups.flatMap((g: { files: { base: unknown[] } }) => g.files.base),
      ).toHaveLength(14);
    });

    it('an unknown version: recovers its folders, rescans, keeps the file and says so', async () => {
      const { root } = writeSampleLibrary();
      const cacheDir = mkdtempSync(join(tmpdir(), 'sd-cache-'));
      const future = JSON.stringify({
        format: 'sampledeck-library',
        version: 99,
        folders: [root],
        shards: [{ file: 'library-0.bin' }],
      });
      writeFileSync(join(cacheDir, 'library.json'), future);

      const { library, notices } = service(cacheDir);
      await library.load();
      await library.idle();
      expect(library.state().total).toBe(7);
      const [aside] = asideFiles(cacheDir);
      expect(readFileSync(join(cacheDir, aside!), 'utf8')).toBe(future);
      expect(notices).toEqual([
        `The library cache was written by another version of Sampledeck (cache version 99); 1 folder was recovered and is being rescanned; the file is kept as ${join(cacheDir, aside!)}.`,
      ]);
      await library.dispose();
    });
  });

  describe('a folder removed while it is scanned', () => {
    it('stops its scan (and only its own): none of its files stay, not after a restart either', async () => {
      const removed = writeSampleLibrary();
      const next = writeSampleLibrary();
      const { library, states, cacheDir } = service(undefined, [], gated);
      await library.load();
      gated.hold(removed.root);
      await library.add([removed.root, next.root]);
      // The walk is done and its files are on their way to the workers.
      await gated.reached;
      const state = await library.remove(removed.root);
      expect(state.total).toBe(0);
      gated.open();
      await library.idle();

      expect(library.state().folders.map((f) => f.path)).toEqual([next.root]);
      expect(library.index.pathsUnder(removed.root)).toEqual([]);
      expect(library.state().total).toBe(7);
      expect(states.at(-1)!.scan).toMatchObject({ active: false, cancelled: false });
      expect(library.problems(100).problems.every((p) => !p.path.startsWith(removed.root))).toBe(
        true,
      );
      await library.dispose();

      const again = service(cacheDir);
      await again.library.load();
      expect(again.library.index.pathsUnder(removed.root)).toEqual([]);
      await again.library.idle();
      expect(again.library.state().total).toBe(7);
      await again.library.dispose();
    });

    it('a cache holding rows outside its folders loses them when it loads', async () => {
      const a = writeSampleLibrary();
      const b = writeSampleLibrary();
      const first = service();
      await first.library.load();
      await first.library.add([a.root, b.root]);
      await first.library.idle();
      await first.library.dispose();
      // As a removal during a scan left it: b's rows, without b among the folders.
      const cacheFile = join(first.cacheDir, 'library.json');
      const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
      cache.folders = [a.root];
      writeFileSync(cacheFile, JSON.stringify(cache));

      const { library, log } = service(first.cacheDir);
      await library.load();
      expect(library.state().total).toBe(7);
      expect(library.index.pathsUnder(b.root)).toEqual([]);
      expect(log.join('\n')).toMatch(/held 7 files outside the library's folders; dropped/);
      await library.idle();
      await library.dispose();
      const saved = JSON.parse(readFileSync(cacheFile, 'utf8'));
      expect(saved.groups.map((g: { root: string }) => g.root)).toEqual([a.root]);
    });
  });

  it('keeps a file the watcher found in a folder the running scan had already walked', async () => {
    const { root } = writeSampleLibrary();
    const { library } = service(undefined, [], gated);
    await library.load();
    gated.hold(root);
    await library.add([root]);
    // Every folder is walked (and watched); the scan waits for its headers.
    await gated.reached;
    writeFileSync(join(root, 'drums/late hat.wav'), makeWav({ frames: 4410 }));
    await until(() => library.index.get(join(root, 'drums/late hat.wav')) !== undefined);
    gated.open();
    await library.idle();
    expect(library.state().scan.active).toBe(false);
    expect(byName(library)['drums/late hat.wav']).toMatchObject({ durationSec: 0.1 });
    expect(library.state().total).toBe(8);
    await library.dispose();
  });

  it('follows a file whose name is not UTF-8 on disk and across a restart', async () => {
    const { root } = writeSampleLibrary();
    const { library, cacheDir } = service();
    await library.load();
    await library.add([root]);
    await library.idle();
    const bytes = Buffer.concat([
      Buffer.from(`${root}/drums/hat `),
      Buffer.from([0xff]),
      Buffer.from('.wav'),
    ]);
    writeFileSync(bytes, makeWav({ frames: 4410 }));
    const hat = () => library.page(libraryQuery.parse({ search: 'hat' }), 0, 10).rows;
    await until(() => hat().length === 1);
    expect(hat()[0]).toMatchObject({ name: 'hat \uFFFD.wav', status: 'ok', durationSec: 0.1 });
    await library.dispose();

    const again = service(cacheDir);
    await again.library.load();
    again.library.rescan();
    await again.library.idle();
    const rows = again.library.page(libraryQuery.parse({ search: 'hat' }), 0, 10).rows;
    expect(rows).toEqual([expect.objectContaining({ name: 'hat \uFFFD.wav', status: 'ok' })]);
    expect(again.library.state().total).toBe(8);
    await again.library.dispose();
  });
});
