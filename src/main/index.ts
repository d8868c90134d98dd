/** Electron entry: lifecycle and the window. All real work is in the core (./core.ts). */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, shell, type OpenDialogOptions } from 'electron';
import { createCore, type Core } from './core';
import { attachElectronHost, utilityAudioLauncher } from './host/electron-host';
import { builtPaths } from './paths';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
let core: Core | null = null;

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    title: 'Sampledeck',
    show: false,
    backgroundColor: '#16181d',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(join(builtPaths.renderer, 'index.html'));
}

app.enableSandbox();
void app.whenReady().then(() => {
  core = createCore({
    appVersion: app.getVersion(),
    shell: 'electron',
    versions: {
      node: process.versions.node,
      v8: process.versions.v8,
      electron: process.versions.electron,
      chrome: process.versions.chrome,
    },
    userDataDir: app.getPath('userData'),
    launchAudioProcess: utilityAudioLauncher(builtPaths.audioProcess),
    fileWorkerPath: builtPaths.fileWorker,
    clockWorkerPath: builtPaths.clockWorker,
    pickFolders: async () => {
      const window = BrowserWindow.getFocusedWindow();
      const options: OpenDialogOptions = {
        title: 'Add folders to the library',
        properties: ['openDirectory', 'multiSelections'],
      };
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
  });
  attachElectronHost(core, devServerUrl);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => {
  void core?.dispose();
});
