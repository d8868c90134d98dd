/** Electron entry: lifecycle and the window. All real work is in the core (./core.ts). */
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  powerSaveBlocker,
  session,
  shell,
  type OpenDialogOptions,
} from 'electron';
import { DisposableStore } from '../shared/lifecycle';
import { createCore, type Core } from './core';
import { attachElectronHost, utilityAudioLauncher } from './host/electron-host';
import { PendingOpens, rendererDevServer } from './electron/launch';
import { POWER_GUARD_EVENTS, PowerGuard } from './electron/power-guard';
import {
  loadWindowState,
  MIN_WINDOW_SIZE,
  WINDOW_STATE_FILE,
  WindowStateKeeper,
} from './electron/window-state';
import { installAppMenu } from './host/electron-menu';
import { guardPermissions } from './host/electron-permissions';
import { keepWindowState, readWindowState, windowPlacement } from './host/electron-window';
import { appArguments, parseLaunchArgs } from './host/launch-paths';
import { quitAfterDispose } from './host/quit-after-dispose';
import { acquireInstanceLock } from './platform/instance-lock';
import { builtPaths } from './paths';

const devServerUrl = rendererDevServer({ isPackaged: app.isPackaged, env: process.env });
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
let windowState: WindowStateKeeper | null = null;
/** Folders macOS asks us to open ("Open With", the Dock), added once the core exists. */
const pendingOpens = new PendingOpens();
/** What the app started (the lock, the core, the IPC host), released newest first on quit. */
const disposables = new DisposableStore();

/** What a second launch sends the first (Electron's own argv may carry switches it added). */
interface LaunchRequest {
  args: string[];
  cwd: string;
}

function isLaunchRequest(data: unknown): data is LaunchRequest {
  const request = data as Partial<LaunchRequest> | null;
  return (
    typeof request?.cwd === 'string' &&
    Array.isArray(request.args) &&
    request.args.every((arg) => typeof arg === 'string')
  );
}

/** Adds the folders and files a command line names to the library. */
function addFromCommandLine(args: readonly string[], cwd: string): void {
  const { paths, missing } = parseLaunchArgs(args, cwd);
  for (const path of missing) console.error(`Sampledeck: ${path}: no such file or folder`);
  if (paths.length === 0 || !core) return;
  void core.dispatch('library:add', { paths }).then((response) => {
    if (!response.ok)
      console.error(`Sampledeck: could not add ${paths.join(', ')}: ${response.error.message}`);
  });
}

function showFirstWindow(): void {
  const window = BrowserWindow.getAllWindows()[0];
  if (!window) return createWindow();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function createWindow(): void {
  const placement = windowPlacement(windowState?.latest ?? null);
  const window = new BrowserWindow({
    ...placement.bounds,
    fullscreen: placement.fullScreen,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Sampledeck',
    show: false,
    backgroundColor: '#16181d',
    // Linux takes the window's icon from here; macOS and Windows from the package.
    ...(process.platform === 'linux' ? { icon: builtPaths.windowIcon } : {}),
    webPreferences: {
      preload: builtPaths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  if (placement.maximized) window.maximize();
  if (windowState) keepWindowState(window, windowState);
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(join(builtPaths.renderer, 'index.html'));
}

const launch: LaunchRequest = {
  args: appArguments(process.argv, process.defaultApp === true),
  cwd: process.cwd(),
};
// `--user-data DIR` as in the web shell; the single-instance lock is per user-data folder.
const userData = parseLaunchArgs(launch.args, launch.cwd).userData;
if (userData) app.setPath('userData', userData);
// One instance per user-data folder: a second launch hands its command line to the first and quits.
if (!app.requestSingleInstanceLock(launch)) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const request = isLaunchRequest(additionalData)
      ? additionalData
      : { args: appArguments(argv, process.defaultApp === true), cwd: workingDirectory };
    addFromCommandLine(request.args, request.cwd);
    showFirstWindow();
  });
  // Before ready: macOS sends the folder a launch was for before the app is ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    pendingOpens.open(path);
  });
  start();
}

function start(): void {
  app.enableSandbox();
  void app.whenReady().then(async () => {
    // A web shell on the same folder is not seen by Electron's single-instance lock.
    try {
      // Released last, after the core's last writes.
      disposables.add(acquireInstanceLock(app.getPath('userData'), 'electron'));
    } catch (error) {
      dialog.showErrorBox('Sampledeck cannot start', (error as Error).message);
      app.exit(1);
      return;
    }
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
      marksWorkerPath: builtPaths.marksWorker,
      revealPath: (path) => shell.showItemInFolder(path),
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
    disposables.add(core);
    disposables.add(attachElectronHost(core, devServerUrl));
    // Not suspended while audio plays or a clock runs (App Nap, Windows' modern standby).
    const powerGuard = disposables.add(
      new PowerGuard({
        start: () => powerSaveBlocker.start('prevent-app-suspension'),
        stop: (id) => powerSaveBlocker.stop(id),
      }),
    );
    disposables.add(
      core.subscribe(powerGuard.onEvent, (name) => POWER_GUARD_EVENTS.includes(name)),
    );
    guardPermissions(session.defaultSession, devServerUrl);
    installAppMenu(app);
    const windowStateFile = join(app.getPath('userData'), WINDOW_STATE_FILE);
    const log = (message: string) => console.error(`Sampledeck: ${message}`);
    windowState = new WindowStateKeeper({
      file: windowStateFile,
      read: () => (mainWindow ? readWindowState(mainWindow) : null),
      log,
      initial: await loadWindowState(windowStateFile, log),
    });
    disposables.add(windowState);
    createWindow();
    addFromCommandLine(launch.args, launch.cwd);
    // Paths macOS gives are absolute, as `sampledeck FOLDER` would give them.
    pendingOpens.attach((paths) => {
      addFromCommandLine(paths, '/');
      showFirstWindow();
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // The last settings and library writes must land before the process goes (and the lock
  // is released after them).
  quitAfterDispose(app, () => disposables.dispose());
}
