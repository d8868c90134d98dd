import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The app's own arguments in an Electron command line: after the executable, and when Electron
 * runs an unpackaged app (`electron [switches] out/main/index.js folder`, as electron-vite and
 * Playwright do) after the app's path, which is its first word that is not a switch.
 */
export function appArguments(argv: readonly string[], unpackaged: boolean): string[] {
  if (!unpackaged) return argv.slice(1);
  const appPath = argv.findIndex((word, i) => i > 0 && !word.startsWith('-'));
  return appPath === -1 ? [] : argv.slice(appPath + 1);
}

export interface LaunchArgs {
  /** `--user-data DIR`: another user-data folder (and so another instance) than the default. */
  userData: string | null;
  /** The folders and files named, absolute, that exist: they are added to the library. */
  paths: string[];
  missing: string[];
}

/**
 * Reads the Electron app's arguments (the first launch's, or those a second launch forwards),
 * made absolute against the directory it was started in. Other options, such as the switches
 * Chromium and Playwright add, are neither paths nor errors.
 */
export function parseLaunchArgs(args: readonly string[], cwd: string): LaunchArgs {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { 'user-data': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const userData = values['user-data'];
  const paths: string[] = [];
  const missing: string[] = [];
  for (const word of positionals) {
    if (word === '') continue;
    const path = isAbsolute(word) ? word : resolve(cwd, word);
    if (existsSync(path)) {
      if (!paths.includes(path)) paths.push(path);
    } else missing.push(path);
  }
  return {
    userData: typeof userData === 'string' ? resolve(cwd, userData) : null,
    paths,
    missing,
  };
}
