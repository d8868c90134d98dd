import { isAppCommand } from '../../../shared/app-commands';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { runAppCommand } from '../actions/app-commands';
import type { Client } from '../ipc/client';

/**
 * Runs the commands the application menu sends (Electron only: main sends `app:command` to the
 * focused window) through the handler the window's own shortcut runs.
 */
export function connectAppCommands(api: Client): Disposable {
  const unsubscribe = api.on('app:command', ({ command }) => {
    // From main, not the page: still only a command the window knows runs.
    if (isAppCommand(command)) runAppCommand(command);
  });
  return toDisposable(unsubscribe);
}
