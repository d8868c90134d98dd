import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { scanBatches } from '../main/library/scanner';
import { ScanReader } from './scan-reader';

export { scanJson } from './scan-lines';

/**
 * Files found before threads start beside main. A thread takes 60-90 ms to boot and, like main,
 * reads its first thousand headers at half speed (a cold JIT): it repays that from about two
 * thousand files on, and started early it boots while main reads the first ones.
 */
const THREADS_AFTER_FILES = 512;

/**
 * Scan threads beside main: one per core idle now (by the 1-minute load average; 0 on Windows,
 * so every core there), at most 3. On a busy machine a thread only adds its start-up and its
 * cold JIT to the work: 10,000 files took a third more CPU and longer with one than without.
 */
function idleCoresBesideMain(): number {
  const idle = availableParallelism() - (loadavg()[0] ?? 0);
  return Math.max(0, Math.min(3, Math.round(idle) - 1));
}

/** `sampledeck scan <path>... [--json]`: one line per file as it is read. */
export async function scanCommand(paths: string[], json: boolean): Promise<number> {
  if (paths.length === 0) throw new Error('scan needs at least one folder or file');
  const reader = new ScanReader({
    // Beside this bundle (out/main), as every built entry is.
    threadEntry: join(__dirname, 'scan-thread.js'),
    json,
    threads: idleCoresBesideMain(),
    startAfterFiles: THREADS_AFTER_FILES,
  });
  let files = 0;
  let errors = 0;
  let missing = 0;
  const started = performance.now();
  try {
    for (const path of paths) {
      const root = resolve(path);
      await scanBatches({
        root,
        reader,
        // Smaller than the app's: main reads a batch whole before it hands out the next.
        batchSize: 128,
        onBatch: (lines) => {
          // One write per batch: a write per line costs more than reading the file did.
          files += lines.files;
          errors += lines.errors;
          process.stdout.write(lines.text);
        },
        onProblem: (problem) => {
          errors += 1;
          if (problem.path === root) missing += 1;
          if (json) console.log(JSON.stringify({ path: problem.path, error: problem.reason }));
          else console.error(`${problem.path}: ${problem.reason}`);
        },
      });
    }
  } finally {
    await reader.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  console.error(`${files} files, ${errors} problems, ${seconds.toFixed(2)} s`);
  return missing > 0 ? 1 : 0;
}
