import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../shared/app-error';
import { describeMissingOrFsError } from './fs-error';
import { fsPath } from './fs-path';

export interface LaunchCommand {
  command: string;
  args: string[];
}

/**
 * The platform's file manager showing a file: Finder and Explorer select it; on Linux the
 * desktop's file manager opens its folder (xdg-open has no way to select a file).
 */
export function revealCommand(path: string, platform: NodeJS.Platform): LaunchCommand {
  if (platform === 'darwin') return { command: 'open', args: ['-R', path] };
  if (platform === 'win32') return { command: 'explorer.exe', args: [`/select,${path}`] };
  return { command: 'xdg-open', args: [dirname(path)] };
}

/**
 * Starts a program on its own (detached, no pipes, not waited for): resolves once it has
 * started, rejects with a sentence naming it when it cannot be started at all.
 */
export function launchDetached({ command, args }: LaunchCommand): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? 'it is not installed' : error.message;
      reject(new AppError('UNAVAILABLE', `could not start ${command} (${why})`));
    });
  });
}

/** Shows a file in the file manager: the shell's own way when it has one (Electron's shell). */
export async function revealFile(
  path: string,
  options: { revealPath?: (path: string) => void; platform?: NodeJS.Platform } = {},
): Promise<{ revealed: boolean }> {
  try {
    await stat(fsPath(path));
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot show ${path}: ${describeMissingOrFsError(error)}`);
  }
  if (options.revealPath) {
    options.revealPath(path);
    return { revealed: true };
  }
  const command = revealCommand(path, options.platform ?? process.platform);
  try {
    await launchDetached(command);
  } catch (error) {
    throw new AppError(
      'UNAVAILABLE',
      `cannot show ${path} in the file manager: ${(error as Error).message}`,
    );
  }
  return { revealed: true };
}
