import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `~` and `~/...` (or `~\...`) as the user's home folder, as a shell would expand them: a path
 * typed into the web shell's field or given on the command line reaches the core unexpanded.
 * `~user` is left as it is (a folder of that name, relative to the working folder).
 */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || (process.platform === 'win32' && path.startsWith('~\\'))) {
    return join(home, path.slice(2));
  }
  return path;
}
