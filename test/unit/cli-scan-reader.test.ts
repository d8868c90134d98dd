import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScanReader } from '../../src/cli/scan-reader';
import type { ScanLines } from '../../src/cli/scan-lines';
import type { HeaderTask } from '../../src/main/workers/header-task';
import { DisposableStore } from '../../src/shared/lifecycle';
import { builtEntry } from '../fixtures/built';
import { writeSampleLibrary } from '../fixtures/library-tree';

let disposables = new DisposableStore();
afterEach(async () => {
  await disposables.dispose();
  disposables = new DisposableStore();
});

/** Every file of the sample library (good, truncated, not audio, listed only), a batch each. */
function tasks(): HeaderTask[] {
  const { root, files } = writeSampleLibrary();
  return Object.keys(files)
    .filter((path) => !path.endsWith('.txt'))
    .map((path) => ({ root, files: [{ path: join(root, path) }] }));
}

function reader(threadEntry: string, threads: number, json: boolean): ScanReader {
  return disposables.add(new ScanReader({ threadEntry, json, threads, startAfterFiles: 0 }));
}

async function readAll(scan: ScanReader, batches: HeaderTask[]): Promise<ScanLines[]> {
  return Promise.all(batches.map((task) => scan.read(task)));
}

describe('sampledeck scan threads', () => {
  it.each([false, true])('print the lines main prints (json: %s)', async (json) => {
    const batches = tasks();
    const onMain = reader(builtEntry('scan-thread'), 0, json);
    const expected = await readAll(onMain, batches);
    expect(onMain.batches).toEqual({ main: batches.length, threads: 0 });

    const threaded = reader(builtEntry('scan-thread'), 2, json);
    // The first batch starts the threads and is read on main while they boot.
    await threaded.read(batches[0]!);
    await threaded.threadsStarted();
    const got = await readAll(threaded, batches);
    expect(threaded.batches.threads).toBeGreaterThanOrEqual(2);
    expect(got).toEqual(expected);
    // Good files, the broken ones and the listed-only one, each with its own line.
    expect(expected.map((lines) => lines.files)).toEqual(batches.map(() => 1));
    expect(expected.filter((lines) => lines.errors === 1)).toHaveLength(2);
    expect(expected.map((lines) => lines.text).join('')).toContain('truncated.wav');
  });

  it('reads on main when a thread cannot start', async () => {
    const batches = tasks();
    const expected = await readAll(reader(builtEntry('scan-thread'), 0, true), batches);
    const broken = reader(join(__dirname, 'no-such-scan-thread.js'), 1, true);
    await broken.read(batches[0]!);
    await broken.threadsStarted();
    expect(await readAll(broken, batches)).toEqual(expected);
    expect(broken.batches).toEqual({ main: batches.length + 1, threads: 0 });
  });
});
