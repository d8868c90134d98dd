/**
 * One handler per app command, registered by the component that owns it (the search box owns
 * `find`), run by the menu's `app:command` event and by the window's own shortcuts alike.
 */
import type { AppCommand } from '../../../shared/app-commands';

const handlers = new Map<AppCommand, () => void>();

/** Registers the handler of `command`; the returned function unregisters it. */
export function onAppCommand(command: AppCommand, handler: () => void): () => void {
  handlers.set(command, handler);
  return () => {
    if (handlers.get(command) === handler) handlers.delete(command);
  };
}

/** Runs `command`; false when nothing on screen handles it now. */
export function runAppCommand(command: AppCommand): boolean {
  const handler = handlers.get(command);
  if (!handler) return false;
  handler();
  return true;
}
