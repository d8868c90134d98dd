/** The whole surface the window gets: a few functions, no raw ipcRenderer. */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../shared/contract';
import {
  IPC_DRAG_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_SUBSCRIBE_CHANNEL,
} from '../shared/ipc-channels';

const bridge: Bridge = {
  invoke: (channel, args) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, args),
  subscribe: (listener) => {
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown) =>
      listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
  setEvents: (names) => ipcRenderer.send(IPC_SUBSCRIBE_CHANNEL, names),
  // Dropped files carry no path in the page since Electron 32; only the preload can ask.
  pathForFile: (file) => webUtils.getPathForFile(file as File),
  // Main resolves the ids to the library's paths: the page never names a path to drag.
  startDrag: (ids) => ipcRenderer.send(IPC_DRAG_CHANNEL, ids),
};

contextBridge.exposeInMainWorld('bridge', bridge);
