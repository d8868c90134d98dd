import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  errorRecord,
  unsupportedRecord,
  type FileRecord,
} from '../../src/main/formats/file-record';
import { loadLibraryCache, saveLibraryCache } from '../../src/main/library/library-cache';
import { fileRecord } from '../fixtures/file-record';
import { oldLibraryCache } from '../fixtures/old-library-cache';

const folders = ['/lib', '/other/one shot.wav', '/other/pack'];

/** Files of every kind the cache must keep exactly. */
function library(): FileRecord[] {
  return [
    fileRecord('/lib/drums/Kick 01.wav', { mtimeMs: 1_764_558_690_123.456, tempo: 120.5 }),
    fileRecord('/lib/drums/snare.wav', {
      sampleRate: 48000,
      frames: 4800,
      durationSec: 0.1,
      tempoSource: 'acid',
      tempo: 98,
      meta: { comment: 'tight', key: 'Am', loops: [{ start: 0, end: 10 }], beats: 4 },
    }),
    // An MP3 whose duration is estimated (not frames / rate in every version).
    fileRecord('/lib/loops/ünïcödé pad.mp3', {
      format: 'MP3',
      codec: 'MPEG-1 Layer III',
      bitsPerSample: null,
      frames: 1_000_000,
      durationSec: 22.7,
      playable: false,
      meta: { durationEstimated: true },
    }),
    // A name that is not UTF-8 on disk (fs-path.ts keeps its byte as a lone surrogate).
    { ...fileRecord('/lib/hat \udcff.wav'), name: 'hat \ufffd.wav' },
    unsupportedRecord('/lib/loops/vocal.m4a', '/lib', 5000, 2.5),
    errorRecord('/lib/broken.wav', '/lib', 'no data chunk', 44, 3),
    errorRecord('/lib/deep/er/broken.wav', '/lib', 'no data chunk', 45, 4),
    // A single file added as a library folder: its own root.
    { ...fileRecord('/other/one shot.wav'), root: '/other/one shot.wav' },
    { ...fileRecord('/other/pack/x.aif'), root: '/other/pack', format: 'AIFF', codec: null },
  ];
}

function cacheFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'sd-cache-')), 'library.json');
}

describe('the library cache', () => {
  it('keeps every field of every file, the folders and the forgotten paths, in columns', async () => {
    const file = cacheFile();
    const files = library();
    await saveLibraryCache(file, folders, files, ['/lib/gone.wav', '/other/pack/y.wav']);

    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ format: 'sampledeck-library', version: 4, folders });
    // One array per field per library folder, each as long as the folder has files.
    expect(saved.groups.map((g: { root: string }) => g.root)).toEqual(folders);
    expect(saved.groups[0].files.base).toHaveLength(7);
    expect(saved.groups[0].files.sizeBytes).toHaveLength(7);

    const loaded = await loadLibraryCache(file);
    expect(loaded).toMatchObject({ problem: null, notice: null });
    expect(loaded.library).toEqual({
      folders,
      files,
      forgotten: ['/lib/gone.wav', '/other/pack/y.wav'],
    });
    // One object shape for every file (the index's code stays monomorphic).
    const shape = Object.keys(files[0]!).join();
    expect(loaded.library!.files.every((f) => Object.keys(f).join() === shape)).toBe(true);
  });

  it('writes a large library in pieces, and reads it back', async () => {
    const file = cacheFile();
    const files = Array.from({ length: 25_000 }, (_, i) =>
      fileRecord(`/lib/pack ${i % 300}/sample ${i}.wav`, { sizeBytes: i, mtimeMs: i / 7 }),
    );
    await saveLibraryCache(file, ['/lib'], files);
    const loaded = await loadLibraryCache(file);
    expect(loaded.library!.files).toEqual(files);
  });

  it.each([3, 2] as const)(
    'reads version %i (a tuple per file); the next save writes 4',
    async (version) => {
      const file = cacheFile();
      const files = library();
      writeFileSync(file, oldLibraryCache(version, folders, files, ['/lib/gone.wav']));

      const loaded = await loadLibraryCache(file);
      expect(loaded).toMatchObject({ problem: null, notice: null });
      // Version 2 had no forgotten paths.
      const forgotten = version === 3 ? ['/lib/gone.wav'] : [];
      expect(loaded.library).toEqual({ folders, files, forgotten });

      await saveLibraryCache(file, folders, loaded.library!.files, forgotten);
      expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(4);
      expect((await loadLibraryCache(file)).library).toEqual({ folders, files, forgotten });
    },
  );

  it('leaves out a file with a value of the wrong kind and keeps the others', async () => {
    const file = cacheFile();
    await saveLibraryCache(file, ['/lib'], library().slice(0, 3));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    saved.groups[0].files.sizeBytes[1] = 'big';
    saved.groups[0].files.status[2] = 99;
    writeFileSync(file, JSON.stringify(saved));

    const loaded = await loadLibraryCache(file);
    expect(loaded.library!.files.map((f) => f.path)).toEqual(['/lib/drums/Kick 01.wav']);
  });

  it('drops files outside the folders (a folder removed while its scan delivered)', async () => {
    const file = cacheFile();
    await saveLibraryCache(file, folders, library());
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    saved.folders = ['/lib', '/other/one shot.wav'];
    // And a file whose folder is not under its root.
    saved.groups[0].files.dir[0] = saved.groups[0].dirs.length;
    saved.groups[0].dirs.push('/elsewhere');
    writeFileSync(file, JSON.stringify(saved));

    const loaded = await loadLibraryCache(file);
    expect(loaded.problem).toBe(
      `the library cache ${file} held 2 files outside the library's folders; dropped`,
    );
    const expected = library().filter((f) => f.root !== '/other/pack');
    expect(loaded.library!.files).toEqual(expected.slice(1));
  });

  describe('damaged', () => {
    /** A saved cache with `damage` done to its text, beside a file that must stay as it is. */
    async function damaged(damage: (text: string) => string) {
      const file = cacheFile();
      const dir = join(file, '..');
      await saveLibraryCache(file, folders, library());
      const text = damage(readFileSync(file, 'utf8'));
      writeFileSync(file, text);
      writeFileSync(join(dir, 'settings.json'), '{"volumeDb":-7}');
      const loaded = await loadLibraryCache(file);
      const aside = readdirSync(dir).filter((f) => f.startsWith('library.json.corrupt-'));
      expect(aside).toHaveLength(1);
      // Set aside as it was, never deleted; nothing else in the folder touched.
      expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(text);
      expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{"volumeDb":-7}');
      expect(readdirSync(dir).sort()).toEqual([aside[0], 'settings.json']);
      return { loaded, aside: join(dir, aside[0]!) };
    }

    it('cut short: the folders are recovered to be rescanned, with no files', async () => {
      const { loaded, aside } = await damaged((text) => text.slice(0, text.length / 2));
      expect(loaded.library).toEqual({ folders, files: [], forgotten: [] });
      expect(loaded.notice).toBe(
        `The library cache was damaged; 3 folders were recovered and are being rescanned; the file is kept as ${aside}.`,
      );
      expect(loaded.problem).toMatch(/could not be read \(.*JSON.*\); 3 folders recovered/);
    });

    it('columns of unequal lengths: damaged, says which part', async () => {
      const { loaded } = await damaged((text) => {
        const data = JSON.parse(text);
        data.groups[1].files.mtimeMs.pop();
        return JSON.stringify(data);
      });
      expect(loaded.library).toEqual({ folders, files: [], forgotten: [] });
      expect(loaded.problem).toMatch(/\(a group has no root, folders or whole columns\)/);
    });

    it('garbage: nothing recovered, and the user is told to add the folders again', async () => {
      const { loaded, aside } = await damaged(() => '\u0000\u00ff{garbage');
      expect(loaded.library).toBeNull();
      expect(loaded.notice).toBe(
        `The library cache was damaged; no folders could be recovered from it: add your folders again; the file is kept as ${aside}.`,
      );
    });
  });
});
