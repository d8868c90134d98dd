/**
 * The application menu as a template (the shape of Electron's MenuItemConstructorOptions), a
 * pure function of the platform: src/main/host/electron-menu.ts builds the real menu from it.
 * Our own items only send an AppCommand to the window, which runs it as its shortcuts do.
 */
import type { AppCommand } from '../../shared/app-commands';

/** The Electron roles the menu uses (each one of Electron's own `role` names). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'windowMenu';

export interface MenuTemplateItem {
  /** Our own items: the AppCommand they send (Menu.getMenuItemById finds them). */
  id?: string;
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  /** false: the accelerator is shown but the key is not taken from the page. */
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Packaged apps get no reload or developer tools. */
  packaged: boolean;
  appName: string;
  /** Sends the command to the window (Electron main: the focused one). */
  send: (command: AppCommand) => void;
}

const separator: MenuTemplateItem = { type: 'separator' };

export function buildAppMenu({
  platform,
  packaged,
  appName,
  send,
}: AppMenuOptions): MenuTemplateItem[] {
  const isMac = platform === 'darwin';
  const command = (label: string, name: AppCommand, accelerator?: string): MenuTemplateItem => ({
    id: name,
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(name),
  });
  // Our About opens the System panel (versions, audio and MIDI status) on every platform.
  const about = command(`About ${appName}`, 'about');
  const preferences = command(isMac ? 'Settings…' : 'Preferences…', 'preferences', 'CmdOrCtrl+,');

  const appMenu: MenuTemplateItem = {
    label: appName,
    submenu: [
      about,
      separator,
      preferences,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide', accelerator: 'Cmd+H' },
      { role: 'hideOthers', accelerator: 'Alt+Cmd+H' },
      { role: 'unhide' },
      separator,
      { role: 'quit', accelerator: 'Cmd+Q' },
    ],
  };
  const file: MenuTemplateItem = {
    label: '&File',
    submenu: [
      command('Add Folder…', 'add-folder', 'CmdOrCtrl+O'),
      // Ctrl/Cmd+R: the key that reloads a browser page reads the folders again here.
      command('Rescan', 'rescan', 'CmdOrCtrl+R'),
      separator,
      ...(isMac
        ? [{ role: 'close', accelerator: 'Cmd+W' } as const]
        : [preferences, separator, { role: 'quit', accelerator: 'Ctrl+Q' } as const]),
    ],
  };
  const edit: MenuTemplateItem = {
    label: '&Edit',
    // The roles make the text fields' keys work on macOS, where they come from the menu.
    submenu: [
      { role: 'undo', accelerator: 'CmdOrCtrl+Z' },
      { role: 'redo', accelerator: platform === 'win32' ? 'Ctrl+Y' : 'Shift+CmdOrCtrl+Z' },
      separator,
      { role: 'cut', accelerator: 'CmdOrCtrl+X' },
      { role: 'copy', accelerator: 'CmdOrCtrl+C' },
      { role: 'paste', accelerator: 'CmdOrCtrl+V' },
      { role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
    ],
  };
  const view: MenuTemplateItem = {
    label: '&View',
    submenu: [
      command('Find…', 'find', 'CmdOrCtrl+F'),
      command('Find Similar', 'find-similar', 'Shift+CmdOrCtrl+S'),
      separator,
      ...(packaged
        ? []
        : [
            // Not `reload` (Ctrl/Cmd+R is Rescan).
            { role: 'forceReload', accelerator: 'Shift+CmdOrCtrl+R' } as const,
            {
              role: 'toggleDevTools',
              accelerator: isMac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I',
            } as const,
            separator,
          ]),
      { role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      separator,
      { role: 'togglefullscreen', accelerator: isMac ? 'Ctrl+Cmd+F' : 'F11' },
    ],
  };
  const playback: MenuTemplateItem = {
    label: '&Playback',
    submenu: [
      {
        id: 'play-stop',
        label: 'Play/Stop',
        // Shown, not registered: a registered Space would be taken from every text field.
        // The window handles Space itself and knows when focus is in one.
        accelerator: 'Space',
        registerAccelerator: false,
        click: () => send('play-stop'),
      },
    ],
  };
  const window: MenuTemplateItem = { label: '&Window', role: 'windowMenu' };
  const help: MenuTemplateItem = { label: '&Help', submenu: [about] };

  return isMac
    ? [appMenu, file, edit, view, playback, window]
    : [file, edit, view, playback, window, help];
}

const modifierOrder = ['Cmd', 'Ctrl', 'Alt', 'Shift'];

/**
 * One spelling per key chord on a platform (CmdOrCtrl is Cmd on macOS, Ctrl elsewhere; the
 * modifiers sorted), so two items that would take the same keys compare equal.
 */
export function acceleratorKey(accelerator: string, platform: NodeJS.Platform): string {
  // "CmdOrCtrl+Plus" and "CmdOrCtrl++" are the same key.
  const spelled = accelerator.endsWith('++') ? `${accelerator.slice(0, -1)}Plus` : accelerator;
  const parts = spelled.split('+').map((part) => {
    const word = part.toLowerCase();
    if (word === 'cmdorctrl' || word === 'commandorcontrol')
      return platform === 'darwin' ? 'Cmd' : 'Ctrl';
    if (word === 'cmd' || word === 'command' || word === 'super' || word === 'meta') return 'Cmd';
    if (word === 'ctrl' || word === 'control') return 'Ctrl';
    if (word === 'alt' || word === 'option') return 'Alt';
    if (word === 'shift') return 'Shift';
    return part.length === 1 ? part.toUpperCase() : part;
  });
  const modifiers = parts.filter((p) => modifierOrder.includes(p));
  const keys = parts.filter((p) => !modifierOrder.includes(p));
  modifiers.sort((a, b) => modifierOrder.indexOf(a) - modifierOrder.indexOf(b));
  return [...modifiers, ...keys].join('+');
}

/** Every item of a template, depth first. */
export function menuItems(template: readonly MenuTemplateItem[]): MenuTemplateItem[] {
  return template.flatMap((item) => [item, ...menuItems(item.submenu ?? [])]);
}
