import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LibraryFile } from '../../src/shared/contract';
import { PeaksService, type PeaksServiceOptions } from '../../src/main/audio/peaks-service';
import type { PeaksTask, PeaksTaskResult } from '../../src/main/workers/peaks-task';
import { errorRecord } from '../../src/main/formats/file-record';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import { makeWav } from '../fixtures/audio-files';
import { sourceWorker } from '../fixtures/source-worker';

/** The real pool, counting the peaks it computes (a cache hit computes nothing). */
class CountingPool extends WorkerPool {
  computed: PeaksTask[] = [];
  override peaks(task: PeaksTask): Promise<PeaksTaskResult> {
    this.computed.push(task);
    return super.peaks(task);
  }
}

const pool = new CountingPool(sourceWorker('file-worker'), 2);
afterAll(() => pool.dispose());

function audioFile(dir = mkdtempSync(join(tmpdir(), 'sd-peaks-audio-')), name = 'loop.wav') {
  const path = join(dir, name);
  // Two seconds, as in the issue.
  writeFileSync(path, makeWav({ sampleRate: 44100, channels: 1, frames: 88200 }));
  const s = statSync(path);
  const file: LibraryFile = {
    ...errorRecord(path, dir, ''),
    status: 'ok',
    playable: true,
    sizeBytes: s.size,
    mtimeMs: s.mtimeMs,
  };
  return file;
}

function cache(
  cacheDir = mkdtempSync(join(tmpdir(), 'sd-peaks-cache-')),
  options: PeaksServiceOptions = {},
) {
  const log: string[] = [];
  const peaks = new PeaksService(pool, cacheDir, { log: (m) => log.push(m), ...options });
  return { peaks, cacheDir, log };
}

const entries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.json'));
const bytesIn = (dir: string) =>
  entries(dir).reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);

/** Gets peaks and says which entry file the request added, if it added one. */
async function getNamingEntry(
  peaks: PeaksService,
  dir: string,
  file: LibraryFile,
  buckets: number,
) {
  const before = new Set(entries(dir));
  const result = await peaks.get(file, buckets);
  return { result, added: entries(dir).find((n) => !before.has(n)) };
}

describe('the peaks cache on disk', () => {
  it('stays under its size limit through hundreds of requests, least recently used out', async () => {
    const file = audioFile();
    const maxBytes = 100_000;
    const { peaks, cacheDir } = cache(undefined, { maxBytes });
    const first = await getNamingEntry(peaks, cacheDir, file, 300);
    let evictedEarly: string | undefined;
    for (let i = 1; i <= 150; i++) {
      const { added } = await getNamingEntry(peaks, cacheDir, file, 300 + i);
      if (i === 1) evictedEarly = added;
      // The first one stays in use.
      if (i % 10 === 0) await peaks.get(file, 300);
    }
    await peaks.prune();
    expect(bytesIn(cacheDir)).toBeLessThanOrEqual(maxBytes);
    expect(peaks.cacheBytes).toBe(bytesIn(cacheDir));
    // Far more was written than kept.
    expect(entries(cacheDir).length).toBeLessThan(100);
    expect(entries(cacheDir)).toContain(first.added);
    expect(entries(cacheDir)).not.toContain(evictedEarly);

    // A new run finds the kept one on disk, and computes the evicted one again.
    const again = cache(cacheDir, { maxBytes });
    pool.computed = [];
    expect(await again.peaks.get(file, 300)).toEqual(first.result);
    expect(pool.computed).toEqual([]);
    await again.peaks.get(file, 301);
    expect(pool.computed).toEqual([{ path: file.path, buckets: 301 }]);
  });

  it('treats a damaged entry as a miss: computes the peaks again and writes them over it', async () => {
    const file = audioFile();
    const { peaks, cacheDir } = cache();
    const { result, added } = await getNamingEntry(peaks, cacheDir, file, 200);
    const entry = join(cacheDir, added!);
    const good = readFileSync(entry, 'utf8');
    const damaged = [
      good.slice(0, good.length / 2),
      '\u0000\u00ff garbage',
      JSON.stringify({ path: file.path, buckets: 200, peaks: [1, 2, 3] }),
      JSON.stringify({ path: file.path, buckets: 200, peaks: Array(400).fill('x') }),
    ];
    for (const text of damaged) {
      writeFileSync(entry, text);
      const fresh = cache(cacheDir);
      pool.computed = [];
      expect(await fresh.peaks.get(file, 200)).toEqual(result);
      expect(pool.computed).toHaveLength(1);
      expect(readFileSync(entry, 'utf8')).toBe(good);
      expect(fresh.log).toEqual([`peaks cache entry ${entry} is damaged; computed again`]);
    }
  });

  it('drops the entries of files no longer in the library, and of a folder on request', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sd-peaks-lib-'));
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    const a = audioFile(join(root, 'a'));
    const b = audioFile(join(root, 'b'));
    const library = new Set([a.path, b.path]);
    const { peaks, cacheDir } = cache(undefined, { isKept: (path) => library.has(path) });
    const entryA = (await getNamingEntry(peaks, cacheDir, a, 100)).added;
    const entryB = (await getNamingEntry(peaks, cacheDir, b, 100)).added;
    library.delete(b.path);
    await peaks.prune();
    expect(entries(cacheDir)).toEqual([entryA]);
    expect(existsSync(join(cacheDir, entryB!))).toBe(false);

    // A later run knows its entries' paths only from the files themselves.
    const again = cache(cacheDir);
    await again.peaks.forgetUnder(join(root, 'a'));
    expect(entries(cacheDir)).toEqual([]);
    expect(again.peaks.cacheBytes).toBe(0);
  });

  it('dispose waits for the disk work it queued (a removed folder’s entries are gone after it)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sd-peaks-dispose-'));
    const file = audioFile(root);
    const { peaks, cacheDir } = cache();
    await peaks.get(file, 100);
    expect(entries(cacheDir)).toHaveLength(1);
    // A folder removed just before quitting: its entries go before the folder is given up.
    void peaks.forgetUnder(root);
    await peaks.dispose();
    expect(entries(cacheDir)).toEqual([]);
  });

  it('on start: brings an oversized cache under its limit by last use, and removes stale temp files', async () => {
    const file = audioFile();
    const { peaks, cacheDir } = cache();
    const names: string[] = [];
    for (let i = 0; i < 8; i++)
      names.push((await getNamingEntry(peaks, cacheDir, file, 300 + i)).added!);
    // Last used: the first one most recently, the others in order.
    const base = Date.now() / 1000 - 3600;
    names.forEach((name, i) => utimesSync(join(cacheDir, name), base + i, base + i));
    utimesSync(join(cacheDir, names[0]!), base + 100, base + 100);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const stale = `${names[1]}.tmp-${gone}`;
    writeFileSync(join(cacheDir, stale), '{"path":');

    const kept = [names[0]!, names[5]!, names[6]!, names[7]!];
    const maxBytes = kept.reduce((sum, n) => sum + statSync(join(cacheDir, n)).size, 0);
    const again = cache(cacheDir, { maxBytes });
    await again.peaks.prune();
    expect(entries(cacheDir).sort()).toEqual([...kept].sort());
    expect(existsSync(join(cacheDir, stale))).toBe(false);
  });
});
