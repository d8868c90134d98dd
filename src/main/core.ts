import { join } from 'node:path';
import { AppError } from '../shared/app-error';
import type { EventListener, ShellKind, SubsystemStatus, SystemInfo } from '../shared/contract';
import { EventBus } from '../shared/event-bus';
import { AudioEngine } from './audio/audio-engine';
import type { LaunchAudioProcess } from './audio/audio-protocol';
import { PeaksService } from './audio/peaks-service';
import { Player } from './audio/player';
import { createDispatcher, type Dispatch } from './dispatcher';
import { WorkerPool } from './library/worker-pool';
import { LibraryService } from './library/library-service';
import { probeRtMidi } from './midi/rtmidi-probe';
import { SettingsStore } from './settings';
import { SystemStatus } from './system/system-status';

/** Everything the core needs from its shell, as plain values: it never imports electron. */
export interface CoreDeps {
  appVersion: string;
  shell: ShellKind;
  versions: SystemInfo['versions'];
  userDataDir: string;
  launchAudioProcess: LaunchAudioProcess | null;
  /** out/main/file-worker.js: worker threads that read headers and waveform peaks. */
  fileWorkerPath: string;
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
  player: Player;
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

  const settings = new SettingsStore(join(deps.userDataDir, 'settings.json'));
  const audio = new AudioEngine({
    launch: deps.launchAudioProcess,
    onStatus: (s) => status.setAudio(s),
    // Only ever called once the process has started, by which time the player exists.
    onMessage: (message) => player.onMessage(message),
    onLost: (reason) => player.onLost(reason),
  });
  audio.start();

  // The MIDI backend is created lazily: only once someone asks about the system.
  let midiProbe: Promise<void> | null = null;
  const ensureMidi = (): Promise<void> =>
    (midiProbe ??= (deps.probeMidi ?? probeRtMidi)().then((s) => status.setMidi(s)));

  const log = deps.log ?? ((message: string) => console.error(message));
  const pool = new WorkerPool(deps.fileWorkerPath);
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
  const player = new Player({
    engine: audio,
    lookup: (id) => library.index.getById(id),
    onState: (state) => bus.emit('player:state', state),
    onProgress: (progress) => bus.emit('player:progress', progress),
    initial: settings.get(),
    persist: (change) => void settings.update(change),
  });
  const peaks = new PeaksService(pool, join(deps.userDataDir, 'peaks'));
  const ready = Promise.all([
    library.load(),
    settings.load().then((saved) => player.restore(saved)),
  ]).then(() => undefined);

  const libraryFile = (id: number) => {
    const file = library.index.getById(id);
    if (!file) throw new AppError('NOT_FOUND', `no file with id ${id} in the library`);
    return file;
  };

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
    'player:play': ({ id, startSec }) => player.play(id, startSec),
    'player:toggle': () => player.toggle(),
    'player:stop': () => player.stop(),
    'player:seek': ({ seconds }) => player.seek(seconds),
    'player:set-loop': ({ loop }) => player.setLoop(loop),
    'player:set-volume': ({ db }) => player.setVolume(db),
    'player:state': () => player.get(),
    'peaks:get': async ({ id, buckets }) => {
      const file = libraryFile(id);
      if (file.status !== 'ok' || !file.playable) {
        throw new AppError(
          'UNAVAILABLE',
          `no waveform for ${file.name}: ${file.error ?? 'not a playable file'}`,
        );
      }
      return { id, buckets, peaks: await peaks.get(file, buckets) };
    },
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
    player: player,
    ready,
    subscribe: (listener) => bus.subscribe(listener),
    dispose: async () => {
      audio.dispose();
      await Promise.all([library.dispose(), settings.flush()]);
      await pool.close();
    },
  };
}
