import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../platform/atomic-file';

const TOKEN = /^[0-9a-f]{48}$/;

export function webTokenFile(userDataDir: string): string {
  return join(userDataDir, 'web-shell-token');
}

/**
 * The web shell's token, kept in the user-data folder (readable by its owner only) so that a
 * restarted shell still accepts the pages open on it. A missing or damaged file gets a new one.
 */
export async function loadWebToken(userDataDir: string): Promise<string> {
  const file = webTokenFile(userDataDir);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new Error(`cannot read the web shell's token ${file}: ${error.message}`);
  });
  const kept = text?.trim();
  if (kept !== undefined && TOKEN.test(kept)) {
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    return kept;
  }
  if (kept !== undefined) {
    console.warn(`sampledeck web shell: ${file} holds no valid token; a new one replaces it`);
  }
  const token = randomBytes(24).toString('hex');
  await writeFileAtomically(file, (out) => out.write(`${token}\n`), { mode: 0o600 });
  return token;
}
