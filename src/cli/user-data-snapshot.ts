import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Disposable } from '../shared/lifecycle';

/** What the core reads from a user-data folder at start. */
const READ_AT_START = ['settings.json', 'library.json'];

/**
 * A private copy of the user's saved settings and library, for CLI commands that start the core.
 * The CLI never writes the user-data folder: a running app (or web shell) owns it and the CLI
 * must neither block on it nor overwrite its files with an older state. Both files are replaced
 * atomically by their writers, so each copy is a whole file. Disposing it removes the copy.
 */
export function userDataSnapshot(dir: string): Disposable & { dir: string } {
  const copy = mkdtempSync(join(tmpdir(), 'sampledeck-cli-'));
  for (const name of READ_AT_START) {
    try {
      copyFileSync(join(dir, name), join(copy, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return { dir: copy, dispose: () => rmSync(copy, { recursive: true, force: true }) };
}
