import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarksStore } from '../../src/main/marks/marks-store';
import { parseSnapshot } from '../../src/main/marks/marks-snapshot';

const CHILD = resolve(__dirname, '..', 'fixtures', 'marks-commit-loop.ts');

/** Runs the commit loop, kills it -9 once it has printed `after` commits more; the last it printed. */
function commitThenKill(dir: string, after: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = -1;
    let seen = 0;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        last = Number(/^committed (\d+)$/.exec(line)![1]);
        seen += 1;
      }
      // Killed while it keeps committing: the moment falls anywhere in a transaction.
      if (seen >= after && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(last);
      else fail(new Error(`the child ended by itself (${code}): ${stderr}`));
    });
  });
}

describe('the marks database under kill -9', () => {
  it('loses no committed change, checks clean and is writable after each kill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-marks-kill-'));
    let committed = -1;
    for (let round = 0; round < 4; round++) {
      const last = await commitThenKill(dir, 5 + Math.floor(Math.random() * 60));
      expect(last).toBeGreaterThan(committed);
      committed = last;
      const store = new MarksStore({
        file: join(dir, 'marks.db'),
        backupsDir: join(dir, 'backups'),
      });
      const opened = store.open();
      // quick_check ran at open: a damaged file would have been set aside and said so.
      expect(opened.recovery).toBeNull();
      const paths = new Set(parseSnapshot(opened.snapshot).files.keys());
      for (let n = 0; n <= last; n++) expect(paths.has(`/loop/${n}.wav`)).toBe(true);
      expect(store.tag(['/after-kill.wav'], ['ok'], []).changed).toBe(1);
      store.tag(['/after-kill.wav'], [], ['ok']);
      store.close();
    }
  }, 120_000);
});
