import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/app-commands';
import type { Events } from '../../shared/contract';
import { IPC_EVENT_CHANNEL } from '../../shared/ipc-channels';
import { buildAppMenu } from '../electron/app-menu';

/** Sets the application menu; its items send `app:command` to the focused window. */
export function installAppMenu(app: { isPackaged: boolean; name: string }): void {
  const send = (command: AppCommand) => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (!window || window.isDestroyed()) return;
    const payload: Events['app:command'] = { command };
    window.webContents.send(IPC_EVENT_CHANNEL, 'app:command', payload);
  };
  const template: MenuItemConstructorOptions[] = buildAppMenu({
    platform: process.platform,
    packaged: app.isPackaged,
    appName: app.name,
    send,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
