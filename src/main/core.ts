import { join } from 'node:path';
import { AppError } from '../shared/app-error';
import {
  VOLUME_DB_RANGE,
  type EventListener,
  type ShellKind,
  type SystemInfo,
} from '../shared/contract';
import { EventBus, type EventFilter } from '../shared/event-bus';
import { AudioEngine } from './audio/audio-engine';
import type { AudioProcessMessage, LaunchAudioProcess } from './audio/audio-protocol';

import { PeaksService } from './audio/peaks-service';
import { Player } from './audio/player';
import { createDispatcher, type Dispatch } from './dispatcher';
import { clockHandlers } from './handlers/clock-handlers';
import { libraryHandlers } from './handlers/library-handlers';
import { midiHandlers } from './handlers/midi-handlers';
import { playerHandlers } from './handlers/player-handlers';
import { sequencerHandlers } from './handlers/sequencer-handlers';
import { systemHandlers } from './handlers/system-handlers';
import { WorkerPool } from './workers/worker-pool';
import { LibraryService } from './library/library-service';
import { InternalBus } from './midi/internal-bus';
import { LearnService } from './midi/learn-service';
import { createMidi, type Midi } from './midi/midi-feature';
import { RtMidiBackend } from './midi/rtmidi-backend';
import { SamplerService } from './midi/sampler-service';
import type { SequencerChange } from './midi/sequencer-service';
import { SettingsStore } from './settings/settings-store';
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
  /** out/main/clock-worker.js: the MIDI clock's own thread. */
  clockWorkerPath: string;

  /** RtMidi, created on first use; tests without MIDI hardware pass one that rejects. */
  createMidiHardware?: () => Promise<RtMidiBackend>;
  /** A native folder picker, where the shell has one (Electron). */
  pickFolders?: () => Promise<string[]>;
  /** Watch library folders for changes (default true). */
  watchFolders?: boolean;
  log?: (message: string) => void;
  /** Sees every message from the audio process too (benchmarks time the first write). */
  onAudioMessage?: (message: AudioProcessMessage) => void;
}

export interface Core {
  dispatch: Dispatch;
  library: LibraryService;
  player: Player;
  midi: Midi;
  /** Sampledeck's own MIDI ports (the clock, the sequencer, the loopback). */
  bus: InternalBus;
  /** Resolves once the cached library is loaded (its verification scan may still run). */
  ready: Promise<void>;
  /** `wants`: which events the listener takes now (absent: all); see EventBus. */
  subscribe(listener: EventListener, wants?: EventFilter): () => void;
  dispose(): Promise<void>;
}

export function createCore(deps: CoreDeps): Core {
  const events = new EventBus();
  const status = new SystemStatus(
    {
      appName: 'Sampledeck',
      appVersion: deps.appVersion,
      shell: deps.shell,
      versions: deps.versions,
      platform: process.platform,
      arch: process.arch,
    },
    events,
  );

  const log = deps.log ?? ((message: string) => console.error(message));
  /** Told to the user in the window (kept until dismissed) and written to the log. */
  const notice = (message: string) => {
    log(message);
    status.notice(message);
  };
  const settings = new SettingsStore({
    file: join(deps.userDataDir, 'settings.json'),
    onNotice: notice,
  });
  const audio = new AudioEngine({
    launch: deps.launchAudioProcess,
    onStatus: (s) => status.setAudio(s),
    // Only ever called once the process has started, by which time the player exists.
    onMessage: (message) => {
      deps.onAudioMessage?.(message);
      player.onMessage(message);
    },
    onLost: (reason) => player.onLost(reason),
  });
  audio.start();

  const bus = new InternalBus();
  const sampler = new SamplerService({
    inputs: () => midi.state().inputs,
    fileByPath: (path) => library.index.get(path),
    fileById: (id) => libraryFile(id),
    playFile: (file, velocity) => {
      try {
        player.play(file.id, 0, undefined, velocity);
      } catch (error) {
        log(`sampler: ${(error as Error).message}`);
      }
    },
    playSelected: (velocity) =>
      events.emit('control:fired', { action: 'sampler', value: velocity / 127 }),
    persist: (change) => void settings.update(change),
    onState: (state) => events.emit('sampler:state', state),
  });
  // Its errors carry their codes (bad patterns, a thread that is down, or a bug).
  const configureSequencer = (change: SequencerChange) =>
    midi.master.thread.configureSequencer(change);
  const learn = new LearnService({
    mappings: [],
    persist: (mappings) => void settings.update({ mappings }),
    onState: (state) => events.emit('learn:state', state),
    onAction: (action, value) => {
      // Main acts on what it owns; the window on the selection and auto-play.
      if (action === 'volume') {
        const { min, max } = VOLUME_DB_RANGE;
        player.setVolume(Math.round(min + (max - min) * value));
      } else if (action === 'transport-start-stop') {
        midi.master.transport(midi.master.running ? 'stop' : 'start');
      }
      events.emit('control:fired', { action, value });
    },
  });
  const midi = createMidi({
    bus,
    onPersistable: (values) => void settings.update(values),
    onSequencerState: (state) => events.emit('sequencer:state', state),
    onMessage: (port, message) => {
      learn.handle(port, message);
      sampler.handle(port, message);
    },
    createHardware: deps.createMidiHardware ?? (() => RtMidiBackend.create()),
    onState: (state) => events.emit('midi:state', state),
    onBatch: (batch) => events.emit('midi:messages', batch),
    hasMonitorListener: () => events.hasListener('midi:messages'),
    onClock: (clock) => events.emit('clock:state', clock),
    onHardwareStatus: (s) => status.setMidi(s),
    clockWorkerPath: deps.clockWorkerPath,
    log,
  });
  // RtMidi is created lazily: once someone asks about the system or about MIDI.
  const ensureMidi = () => midi.registry.ensureHardware();

  const pool = new WorkerPool(deps.fileWorkerPath);
  const library = new LibraryService({
    cacheFile: join(deps.userDataDir, 'library.json'),
    pool,
    watch: deps.watchFolders,
    log,
    onNotice: notice,
    onChanged: (state) => {
      events.emit('library:changed', state);
      const info = status.get().library;
      if (info.folders !== state.folders.length || info.files !== state.total) {
        status.setLibrary({ folders: state.folders.length, files: state.total });
      }
    },
  });
  const player = new Player({
    engine: audio,
    lookup: (id) => library.index.getById(id),
    onState: (state) => events.emit('player:state', state),
    onProgress: (progress) => events.emit('player:progress', progress),
    initial: settings.get(),
    persist: (change) => void settings.update(change),
  });
  const peaks = new PeaksService(pool, join(deps.userDataDir, 'peaks'), {
    isKept: (path) => library.index.get(path) !== undefined,
    log,
  });
  // Nothing that reads or writes user data is served before it is loaded (see dispatch).
  const ready = Promise.allSettled([
    library.load(),
    settings.load().then(async (saved) => {
      player.restore(saved);
      learn.restore(saved.mappings);
      sampler.restore(saved);
      for (const problem of midi.setup.restore(saved)) log(`MIDI set-up: ${problem}`);
      if (saved.patterns.length) {
        await configureSequencer({ patterns: saved.patterns }).catch((error: Error) =>
          log(`saved patterns not loaded: ${error.message}`),
        );
      }
    }),
  ]).then((loads) => {
    // Each load on its own: one that fails never lets requests in before the other is done.
    for (const load of loads) {
      if (load.status === 'rejected') {
        notice(`Sampledeck did not start cleanly: ${(load.reason as Error).message}`);
      }
    }
  });

  const libraryFile = (id: number) => {
    const file = library.index.getById(id);
    if (!file) throw new AppError('NOT_FOUND', `no file with id ${id} in the library`);
    return file;
  };

  const dispatchNow = createDispatcher({
    ...systemHandlers({ status, ensureMidi, pickFolders: deps.pickFolders }),
    ...libraryHandlers({ library, peaks, libraryFile }),
    ...playerHandlers({ player, following: midi.following }),
    ...midiHandlers(midi),
    ...clockHandlers(midi),
    ...sequencerHandlers({
      sequencer: midi.master.thread,
      sampler,
      learn,
      configureSequencer,
      persistPatterns: (patterns) => void settings.update({ patterns }),
    }),
  });

  const dispatch: Dispatch = async (channel, args) => {
    await ready;
    return dispatchNow(channel, args);
  };

  return {
    dispatch,
    library,
    player,
    midi,
    bus,
    ready,

    subscribe: (listener, wants) => events.subscribe(listener, wants),
    dispose: async () => {
      audio.dispose();
      await midi.dispose();
      bus.dispose();

      await Promise.all([library.dispose(), settings.flush()]);
      await pool.close();
    },
  };
}
