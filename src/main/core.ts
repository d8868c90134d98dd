import { join } from 'node:path';
import { AppError } from '../shared/app-error';
import type { EventListener, ShellKind, SubsystemStatus, SystemInfo } from '../shared/contract';
import { EventBus } from '../shared/event-bus';
import { AudioEngine } from './audio/audio-engine';
import type { LaunchAudioProcess } from './audio/audio-protocol';
import { createDispatcher, type Dispatch } from './dispatcher';
import { HeaderPool } from './library/header-pool';
import { LibraryService } from './library/library-service';
import { probeRtMidi } from './midi/rtmidi-probe';
import { SystemStatus } from './system/system-status';

/** Everything the core needs from its shell, as plain values: it never imports electron. */
export interface CoreDeps {
  appVersion: string;
  shell: ShellKind;
  versions: SystemInfo['versions'];
  userDataDir: string;
  launchAudioProcess: LaunchAudioProcess | null;
  /** out/main/header-worker.js: the library's header-reading worker threads. */
  headerWorkerPath: string;
  probeMidi?: () => Promise<SubsystemStatus>;
  /** A native folder picker, where the shell has one (Electron). */
  pickFolders?: () => Promise<string[]>;
  /** Watch library folders for changes (default true). */
  watchFolders?: boolean;
  log?: (message: string) => void;
}

export interface Core {
  dispatch: Dispatch;
  library: LibraryService;
  /** Resolves once the cached library is loaded (its verification scan may still run). */
  ready: Promise<void>;
  subscribe(listener: EventListener): () => void;
  dispose(): Promise<void>;
}

export function createCore(deps: CoreDeps): Core {
  const bus = new EventBus();
  const status = new SystemStatus(
    {
      appName: 'Sampledeck',
      appVersion: deps.appVersion,
      shell: deps.shell,
      versions: deps.versions,
      platform: process.platform,
      arch: process.arch,
    },
    bus,
  );

  const audio = new AudioEngine({
    launch: deps.launchAudioProcess,
    onStatus: (s) => status.setAudio(s),
  });
  audio.start();

  // The MIDI backend is created lazily: only once someone asks about the system.
  let midiProbe: Promise<void> | null = null;
  const ensureMidi = (): Promise<void> =>
    (midiProbe ??= (deps.probeMidi ?? probeRtMidi)().then((s) => status.setMidi(s)));

  const log = deps.log ?? ((message: string) => console.error(message));
  const pool = new HeaderPool(deps.headerWorkerPath);
  const library = new LibraryService({
    cacheFile: join(deps.userDataDir, 'library.json'),
    pool,
    watch: deps.watchFolders,
    log,
    onChanged: (state) => {
      bus.emit('library:changed', state);
      const info = status.get().library;
      if (info.folders !== state.folders.length || info.files !== state.total) {
        status.setLibrary({ folders: state.folders.length, files: state.total });
      }
    },
  });
  const ready = library.load();

  const dispatch = createDispatcher({
    'system:info': async () => {
      await ensureMidi();
      return status.get();
    },
    'library:add': async ({ paths }) => {
      await ready;
      return library.add(paths);
    },
    'library:remove': ({ path }) => library.remove(path),
    'library:rescan': ({ path }) => library.rescan(path),
    'library:cancel-scan': () => library.cancelScan(),
    'library:state': () => library.state(),
    'library:query': ({ query, offset, limit }) => library.page(query, offset, limit),
    'library:position': ({ query, id }) => library.position(query, id),
    'library:facets': () => library.facets(),
    'library:tree': () => library.tree(),
    'library:problems': ({ limit }) => library.problems(limit),
    'dialog:pick-folders': () => {
      if (!deps.pickFolders) {
        throw new AppError('UNAVAILABLE', 'no folder dialog in this shell: type the folder path');
      }
      return deps.pickFolders();
    },
  });

  return {
    dispatch,
    library,
    ready,
    subscribe: (listener) => bus.subscribe(listener),
    dispose: async () => {
      audio.dispose();
      await library.dispose();
      await pool.close();
    },
  };
}
