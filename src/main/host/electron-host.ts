import { BrowserWindow, ipcMain, utilityProcess, type WebFrameMain } from 'electron';
import { subscribeFrame, type InvokeResult } from '../../shared/contract';
import {
  IPC_DRAG_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_SUBSCRIBE_CHANNEL,
} from '../../shared/ipc-channels';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import type { AudioChild, LaunchAudioProcess } from '../audio/audio-protocol';
import type { Core } from '../core';
import { isOwnPage } from '../electron/permissions';
import { builtPaths } from '../paths';
import { startFileDrag } from './file-drag';

/** Only our own renderer (its file:// page, or the dev server in development) may call in. */
export function isTrustedFrame(frame: WebFrameMain | null, devServerUrl: string | undefined) {
  if (!frame || frame.parent !== null) return false;
  return isOwnPage(frame.url, devServerUrl);
}

/** Serves the core to the windows over IPC until disposed. */
export function attachElectronHost(core: Core, devServerUrl: string | undefined): Disposable {
  const disposables = new DisposableStore();
  ipcMain.handle(
    IPC_INVOKE_CHANNEL,
    async (event, channel: unknown, args: unknown): Promise<InvokeResult<unknown>> => {
      if (!isTrustedFrame(event.senderFrame, devServerUrl)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender frame' } };
      }
      return core.dispatch(channel, args);
    },
  );
  disposables.defer(() => ipcMain.removeHandler(IPC_INVOKE_CHANNEL));
  // The events each window has listeners for; a window that has not said yet gets them all.
  const wanted = new Map<number, ReadonlySet<string>>();
  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, (event, names: unknown) => {
    if (!isTrustedFrame(event.senderFrame, devServerUrl)) return;
    const parsed = subscribeFrame.shape.events.safeParse(names);
    if (!parsed.success) return;
    const contents = event.sender;
    if (!wanted.has(contents.id)) contents.once('destroyed', () => wanted.delete(contents.id));
    wanted.set(contents.id, new Set(parsed.data));
  });
  disposables.defer(() => void ipcMain.removeAllListeners(IPC_SUBSCRIBE_CHANNEL));
  // A row dragged out of the window: a native drag of the real files (a DAW, the file manager).
  ipcMain.on(IPC_DRAG_CHANNEL, (event, ids: unknown) => {
    if (!isTrustedFrame(event.senderFrame, devServerUrl)) return;
    const pathOf = (id: number) => core.library.index.getById(id)?.path;
    startFileDrag(event.sender, ids, pathOf, builtPaths.dragIcon);
  });
  disposables.defer(() => void ipcMain.removeAllListeners(IPC_DRAG_CHANNEL));
  // Sources (the monitor) build nothing for an event no window wants.
  const wantedByAnyWindow = (name: string) =>
    BrowserWindow.getAllWindows().some(
      (window) => !window.isDestroyed() && wanted.get(window.webContents.id)?.has(name) !== false,
    );
  const subscription = core.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (window.isDestroyed()) continue;
      if (wanted.get(window.webContents.id)?.has(name) === false) continue;
      window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  }, wantedByAnyWindow);
  disposables.add(subscription);
  return disposables;
}

/** The audio process under Electron: a utilityProcess, so it is a Node child without Chromium. */
export function utilityAudioLauncher(modulePath: string): LaunchAudioProcess {
  return () => {
    const child = utilityProcess.fork(modulePath, [], {
      stdio: 'pipe',
      serviceName: 'Sampledeck Audio',
    });
    child.stderr?.setEncoding('utf8');
    const audioChild: AudioChild = {
      pid: child.pid,
      send: (command) => child.postMessage(command),
      onMessage: (listener) => child.on('message', listener),
      onStderr: (listener) => child.stderr?.on('data', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code, null)),
      kill: () => child.kill(),
    };
    return audioChild;
  };
}
