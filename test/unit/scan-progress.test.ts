import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import type { LibraryState } from '../../src/shared/contract';
import { LibraryService } from '../../src/main/library/library-service';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import type { HeaderTask, HeaderTaskResult } from '../../src/main/workers/file-worker';
import { makeWav } from '../fixtures/audio-files';
import { sourceWorker } from '../fixtures/source-worker';

/** The real pool, except that reads under a held folder wait until the test lets them go. */
class HoldingPool extends WorkerPool {
  private readonly holds = new Map<
    string,
    { gate: Promise<void>; open: () => void; reached: Promise<void>; arrive: () => void }
  >();

  hold(root: string): void {
    let open = () => {};
    let arrive = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (arrive = resolve));
    this.holds.set(root, { gate, open, reached, arrive });
  }
  /** Resolves once a read of the held folder waits at its gate. */
  reached(root: string): Promise<void> {
    return this.holds.get(root)!.reached;
  }
  open(root: string): void {
    this.holds.get(root)!.open();
  }
  override read(task: HeaderTask, signal?: AbortSignal): Promise<HeaderTaskResult> {
    const held = this.holds.get(task.root);
    if (!held) return super.read(task, signal);
    held.arrive();
    return held.gate.then(() => super.read(task, signal));
  }
}

const pool = new HoldingPool(sourceWorker('file-worker'), 2);
afterAll(() => pool.dispose());

it('the scan counter never passes its total: a scan stopped short or started over counts once', async () => {
  // 400 files in drums/, 600 in six other folders: 1000 in all.
  const root = mkdtempSync(join(tmpdir(), 'sd-progress-'));
  const wav = makeWav({ frames: 8 });
  const folders = { drums: 400, a: 100, b: 100, c: 100, d: 100, e: 100, f: 100 };
  for (const [name, count] of Object.entries(folders)) {
    mkdirSync(join(root, name));
    for (let i = 0; i < count; i++) writeFileSync(join(root, name, `${i}.wav`), wav);
  }
  const child = join(root, 'drums');
  const states: LibraryState[] = [];
  const cacheDir = mkdtempSync(join(tmpdir(), 'sd-cache-'));
  const library = new LibraryService({
    cacheFile: join(cacheDir, 'library.json'),
    pool,
    onChanged: (s) => states.push(s),
    notifyIntervalMs: 5,
    saveDelayMs: 20,
    log: () => {},
    onNotice: () => {},
  });
  await library.load();

  // drums/ is being scanned when its parent is added (which takes it in and stops its scan)...
  pool.hold(child);
  await library.add([child]);
  await pool.reached(child);
  pool.hold(root);
  await library.add([root]);
  pool.open(child);
  await pool.reached(root);
  // ... and the parent is being scanned when a rescan of everything is asked for.
  library.rescan();
  pool.open(root);

  await vi.waitFor(() => expect(library.state().scan.active).toBe(false), { timeout: 30_000 });
  const seen = [...states, library.state()].map((s) => s.scan);
  for (const scan of seen) expect(scan.read).toBeLessThanOrEqual(scan.found);
  expect(Math.max(...seen.map((s) => s.found))).toBe(1000);
  expect(library.state().scan).toMatchObject({ found: 1000, read: 1000, cancelled: false });
  expect(library.state().total).toBe(1000);
  await library.dispose();
}, 60_000);
