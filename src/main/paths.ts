import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the app keeps its data outside Electron (Electron passes app.getPath('userData')). */
export function defaultUserDataDir(): string {
  if (process.platform === 'win32') {
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Sampledeck');
  }
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'Sampledeck');
  }
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Sampledeck');
}

/**
 * Built entry points sit side by side in out/main; the renderer in out/renderer. In the packaged
 * app these are inside app.asar (electron-builder.yml `files`; test/unit/packaging-files.test.ts
 * checks each one is packed), so they load with Electron's asar support as they are.
 */
export const builtPaths = {
  audioProcess: join(__dirname, 'audio-process.js'),
  fileWorker: join(__dirname, 'file-worker.js'),
  clockWorker: join(__dirname, 'clock-worker.js'),
  marksWorker: join(__dirname, 'marks-worker.js'),
  analysisWorker: join(__dirname, 'analysis-worker.js'),

  preload: join(__dirname, '..', 'preload', 'index.js'),
  renderer: join(__dirname, '..', 'renderer'),
  /** The icon under the pointer in a native drag out (made by scripts/make-drag-icon.ts). */
  dragIcon: join(__dirname, '..', '..', 'resources', 'drag-icon.png'),
  /** The window's icon on Linux (macOS and Windows take theirs from the app bundle). */
  windowIcon: join(__dirname, '..', '..', 'resources', 'icons', '512x512.png'),
};
