/**
 * Commands the application menu (Electron) and the window's own shortcuts share. The menu sends
 * one as the `app:command` event; the renderer runs it through the same handler a key would.
 */
export const APP_COMMANDS = [
  'add-folder',
  'find',
  /** Files that sound like the focused one (Ctrl/Cmd+Shift+S: types nothing in a text field). */
  'find-similar',
  'play-stop',
  'rescan',
  'preferences',
  'about',
] as const;

export type AppCommand = (typeof APP_COMMANDS)[number];

export function isAppCommand(value: unknown): value is AppCommand {
  return typeof value === 'string' && (APP_COMMANDS as readonly string[]).includes(value);
}
