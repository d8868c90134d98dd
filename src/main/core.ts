import { dirname, join } from 'node:path';
import type { EventListener, ShellKind, SystemInfo } from '../shared/contract';
import { Emitter } from '../shared/emitter';
import { EventBus, type EventFilter } from '../shared/event-bus';
import { DisposableStore, type Disposable } from '../shared/lifecycle';
import type { MidiMessage } from '../shared/midi/midi-message';
import { AudioEngine } from './audio/audio-engine';
import { AudioOutput } from './audio/audio-output';
import type { AudioProcessMessage, LaunchAudioProcess } from './audio/audio-protocol';
import { PeaksService } from './audio/peaks-service';
import { Player } from './audio/player';
import { ControlActions, type ClockTransport } from './control/control-actions';
import { createDispatcher, type Dispatch } from './dispatcher';
import { analysisHandlers } from './handlers/analysis-handlers';
import type { AnalysisService } from './analysis/analysis-service';
import { createAnalysis } from './analysis/create-analysis';
import { audioHandlers } from './handlers/audio-handlers';
import { clockHandlers } from './handlers/clock-handlers';
import { libraryHandlers } from './handlers/library-handlers';
import { marksHandlers } from './handlers/marks-handlers';
import { midiHandlers } from './handlers/midi-handlers';
import { playerHandlers } from './handlers/player-handlers';
import { sequencerHandlers } from './handlers/sequencer-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { systemHandlers } from './handlers/system-handlers';
import { LibraryService } from './library/library-service';
import { MarksService } from './marks/marks-service';
import { MarksMirror } from './marks/marks-view';
import type { MarksFollow } from './library/move-follower';
import { revealFile } from './platform/reveal-file';
import { InternalBus } from './midi/internal-bus';
import { LearnService } from './midi/learn-service';
import { createMidi, type Midi } from './midi/midi-feature';
import { RtMidiBackend } from './midi/rtmidi-backend';
import { SamplerService } from './midi/sampler-service';
import { PreferencesService } from './settings/preferences';
import { SettingsStore } from './settings/settings-store';
import { SystemStatus } from './system/system-status';
import { WorkerPool } from './workers/worker-pool';

/** Where benchmarks look inside a running core; production shells pass none. */
export interface CoreProbe {
  /** Every message from the audio process, before the player sees it (the first write's time). */
  audioMessage?: (message: AudioProcessMessage) => void;
}

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
  /** out/main/marks-worker.js (default: beside fileWorkerPath): the marks database's thread. */
  marksWorkerPath?: string;
  /** out/main/analysis-worker.js (default: beside fileWorkerPath): analysis.db's thread. */
  analysisWorkerPath?: string;

  /** RtMidi, created on first use; tests without MIDI hardware pass one that rejects. */
  createMidiHardware?: () => Promise<RtMidiBackend>;
  /** Shows a file in the file manager the shell's own way (Electron: shell.showItemInFolder). */
  revealPath?: (path: string) => void;
  /** A native folder picker, where the shell has one (Electron). */
  pickFolders?: () => Promise<string[]>;
  /** Watch library folders for changes (default true). */
  watchFolders?: boolean;
  log?: (message: string) => void;
  probe?: CoreProbe;
}

export interface Core extends Disposable {
  dispatch: Dispatch;
  library: LibraryService;
  /** The user's marks, tags and collections (moves of marked files go through it). */
  marks: MarksService;
  /** The background analysis (find by sound) and what it found. */
  analysis: AnalysisService;
  player: Player;
  midi: Midi;
  /** Sampledeck's own MIDI ports (the clock, the sequencer, the loopback). */
  bus: InternalBus;
  /** Resolves once the cached library is loaded (its verification scan may still run). */
  ready: Promise<void>;
  /**
   * Core events until the returned Disposable is disposed; `wants`: which events the listener
   * takes now (absent: all), so a source can skip building what nobody takes (see EventBus).
   */
  subscribe(listener: EventListener, wants?: EventFilter): Disposable;
  /** Stops everything it started, newest first, and resolves once the last writes are on disk. */
  dispose(): Promise<void>;
}

/** What every part of the core reports to: the events, the status, the log and the user. */
interface Reporting {
  events: EventBus;
  status: SystemStatus;
  log: (message: string) => void;
  /** Told to the user in the window (kept until dismissed) and written to the log. */
  notice: (message: string) => void;
}

function createReporting(deps: CoreDeps): Reporting {
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
  const notice = (message: string) => {
    log(message);
    status.notice(message);
  };
  return { events, status, log, notice };
}

function createLibrary(
  deps: CoreDeps,
  pool: WorkerPool,
  { events, status, log, notice }: Reporting,
  marks: MarksMirror,
  follow: MarksFollow,
  analysis: AnalysisService,
) {
  return new LibraryService({
    cacheFile: join(deps.userDataDir, 'library.json'),
    pool,
    marks,
    follow,
    watch: deps.watchFolders,
    analysis,
    log,
    onNotice: notice,
    onChanged: (state) => {
      events.emit('library:changed', state);
      analysis.libraryChanged(state.scan.active);
      status.setLibrary({ folders: state.folders.length, files: state.total });
    },
  });
}

/** The player, fed by the audio process's messages (and the probe's, first). */
function createPlayer(
  audio: AudioEngine,
  library: LibraryService,
  analysis: AnalysisService,
  settings: SettingsStore,
  { events, notice }: Reporting,
  disposables: DisposableStore,
  probe?: CoreProbe,
): Player {
  const player = new Player({
    engine: audio,
    lookup: (id) => library.index.getById(id),
    onState: (state) => events.emit('player:state', state),
    onProgress: (progress) => events.emit('player:progress', progress),
    initial: settings.get(),
    persist: (change) => void settings.update(change),
    onNotice: notice,
    loudnessOf: (path) => analysis.of(path),
  });
  const { audioMessage } = probe ?? {};
  if (audioMessage) disposables.add(audio.onMessage(audioMessage));
  disposables.add(audio.onMessage((message) => player.onMessage(message)));
  disposables.add(audio.onLost((reason) => player.onLost(reason)));
  return player;
}

/** MIDI learn and the sampler, acting through the control actions on what MIDI delivers. */
function createControls(
  actions: ControlActions,
  midi: Midi,
  library: LibraryService,
  settings: SettingsStore,
  { events }: Reporting,
) {
  const learn = new LearnService({
    mappings: [],
    persist: (mappings) => void settings.update({ mappings }),
    onState: (state) => events.emit('learn:state', state),
    onAction: (action, value) => actions.learned(action, value),
  });
  const sampler = new SamplerService({
    inputs: () => midi.state().inputs,
    fileByPath: (path) => library.index.get(path),
    fileById: (id) => library.fileById(id),
    playFile: (file, velocity) => actions.playFile(file, velocity),
    playSelected: (velocity) => actions.playSelected(velocity),
    persist: (change) => void settings.update(change),
    onState: (state) => events.emit('sampler:state', state),
  });
  return { learn, sampler };
}

/**
 * Resolves once the saved library and settings are loaded and handed to their services; a load
 * that fails is told to the user, and never lets requests in before the other is done. The
 * marks load meanwhile and after (their requests wait for them): the first page does not.
 */
function loadUserData(
  library: LibraryService,
  settings: SettingsStore,
  marks: MarksService,
  restore: {
    player: Player;
    output: AudioOutput;
    learn: LearnService;
    sampler: SamplerService;
    midi: Midi;
    preferences: PreferencesService;
  },
  { log, notice }: Reporting,
): Promise<void> {
  const { player, output, learn, sampler, midi, preferences } = restore;
  // Never rejects; 'marks:changed' tells the window when they are here.
  void marks.open();
  // The library's scans wait for the preferences they follow (hidden files, watching): a few
  // ms for settings.json, and no scan that a moment later must be undone.
  const saved = settings.load().then((values) => {
    preferences.restore(values);
    return values;
  });
  return Promise.allSettled([
    // settings.json read or not (its failure is told below), the library loads.
    saved.then(
      () => library.load(),
      () => library.load(),
    ),
    saved.then(async (saved) => {
      player.restore(saved);
      output.restore(saved.audioDevice);
      learn.restore(saved.mappings);
      sampler.restore(saved);
      for (const problem of midi.setup.restore(saved)) log(`MIDI set-up: ${problem}`);
      if (saved.patterns.length) {
        await midi.master.thread
          .configureSequencer({ patterns: saved.patterns })
          .catch((error: Error) => log(`saved patterns not loaded: ${error.message}`));
      }
    }),
  ]).then((loads) => {
    for (const load of loads) {
      if (load.status === 'rejected') {
        notice(`Sampledeck did not start cleanly: ${(load.reason as Error).message}`);
      }
    }
  });
}

/** The MIDI feature: its events to the window, a controller's messages to `controllerInput`. */
function wireMidi(
  deps: CoreDeps,
  bus: InternalBus,
  controllerInput: Emitter<[port: string, message: MidiMessage]>,
  settings: SettingsStore,
  { events, status, log }: Reporting,
): Midi {
  return createMidi({
    bus,
    onPersistable: (values) => void settings.update(values),
    onSequencerState: (state) => events.emit('sequencer:state', state),
    onMessage: (port, message) => controllerInput.fire(port, message),
    createHardware: deps.createMidiHardware ?? (() => RtMidiBackend.create()),
    onState: (state) => events.emit('midi:state', state),
    onBatch: (batch) => events.emit('midi:messages', batch),
    hasMonitorListener: () => events.hasListener('midi:messages'),
    onClock: (clock) => events.emit('clock:state', clock),
    onHardwareStatus: (s) => status.setMidi(s),
    clockWorkerPath: deps.clockWorkerPath,
    log,
  });
}

/** Sampledeck's own clock, as a control starts and stops it. */
function clockTransportOf(midi: Midi): ClockTransport {
  return {
    isRunning: () => midi.master.running,
    transport: (action) => midi.master.transport(action),
  };
}

/** Every request's handler, by feature. */
function handlersOf(
  deps: CoreDeps,
  services: {
    status: SystemStatus;
    library: LibraryService;
    peaks: PeaksService;
    player: Player;
    output: AudioOutput;
    midi: Midi;
    learn: LearnService;
    sampler: SamplerService;
    settings: SettingsStore;
    marks: MarksService;
    preferences: PreferencesService;
    analysis: AnalysisService;
  },
) {
  const {
    status,
    library,
    peaks,
    player,
    output,
    midi,
    learn,
    sampler,
    settings,
    marks,
    preferences,
    analysis,
  } = services;
  // RtMidi is created lazily: once someone asks about the system or about MIDI.
  const ensureMidi = () => midi.registry.ensureHardware();
  return {
    ...systemHandlers({ status, ensureMidi, pickFolders: deps.pickFolders }),
    ...libraryHandlers({
      library,
      peaks,
      libraryFile: (id) => library.fileById(id),
      reveal: (path) => revealFile(path, { revealPath: deps.revealPath }),
    }),
    ...marksHandlers(marks),
    ...playerHandlers({ player, following: midi.following }),
    ...audioHandlers(output),
    ...midiHandlers(midi),
    ...clockHandlers(midi),
    ...sequencerHandlers({
      sequencer: midi.master.thread,
      sampler,
      learn,
      // Its errors carry their codes (bad patterns, a thread that is down, or a bug).
      configureSequencer: (change) => midi.master.thread.configureSequencer(change),
      persistPatterns: (patterns) => void settings.update({ patterns }),
    }),
    ...settingsHandlers(preferences),
    ...analysisHandlers(analysis),
  };
}

export function createCore(deps: CoreDeps): Core {
  // Everything the core starts, released newest first: a service before what it was built on.
  const disposables = new DisposableStore();
  const reporting = createReporting(deps);
  const { events, status, log } = reporting;

  const settings = disposables.add(
    new SettingsStore({
      file: join(deps.userDataDir, 'settings.json'),
      onNotice: reporting.notice,
    }),
  );
  const pool = disposables.add(new WorkerPool(deps.fileWorkerPath));
  // One mirror of the marks: the marks service writes it after each commit, the index reads it.
  const mirror = new MarksMirror();
  // The library is built before the marks service (which resolves ids through it): moves of
  // marked files reach the service through this late-bound set. The scan at start runs while
  // the marks load, and waits for them before it looks for files moved while the app was closed.
  const follow: MarksFollow = {
    ready: () => marks.open(),
    candidatesOfSize: (size) => marks.candidatesOfSize(size),
    moved: (from, to) => marks.moved(from, to),
  };
  // Built before the library, which tells it of every change (its files are read late-bound).
  const analysis: AnalysisService = disposables.add(
    createAnalysis({
      pool,
      workerPath:
        deps.analysisWorkerPath ?? join(dirname(deps.fileWorkerPath), 'analysis-worker.js'),
      userDataDir: deps.userDataDir,
      library: () => library,
      onProgress: (progress) => events.emit('analysis:progress', progress),
      onNotice: reporting.notice,
      log,
    }),
  );
  const library = disposables.add(createLibrary(deps, pool, reporting, mirror, follow, analysis));
  const marks: MarksService = disposables.add(
    new MarksService({
      userDataDir: deps.userDataDir,
      workerPath: deps.marksWorkerPath ?? join(dirname(deps.fileWorkerPath), 'marks-worker.js'),
      mirror,
      pathOf: (id) => library.fileById(id).path,
      onChanged: (state) => events.emit('marks:changed', state),
      onNotice: reporting.notice,
      log,
    }),
  );
  const peaks = disposables.add(
    new PeaksService(pool, join(deps.userDataDir, 'peaks'), {
      isKept: (path) => library.index.get(path) !== undefined,
      log,
    }),
  );

  const audio = disposables.add(
    new AudioEngine({ launch: deps.launchAudioProcess, onStatus: (s) => status.setAudio(s) }),
  );
  const player = createPlayer(
    audio,
    library,
    analysis,
    settings,
    reporting,
    disposables,
    deps.probe,
  );
  const output = new AudioOutput({
    engine: audio,
    persist: (audioDevice) => void settings.update({ audioDevice }),
    onState: (state) => events.emit('audio:output', state),
    notice: reporting.notice,
  });
  disposables.add(audio.onMessage((message) => output.onMessage(message)));
  audio.start();

  // A controller's messages go to learn and the sampler, which are built on MIDI (its ports).
  const controllerInput = new Emitter<[port: string, message: MidiMessage]>('controller input');
  const bus = disposables.add(new InternalBus());
  const midi = disposables.add(wireMidi(deps, bus, controllerInput, settings, reporting));
  const actions = new ControlActions({
    player,
    clock: clockTransportOf(midi),
    fired: (fired) => events.emit('control:fired', fired),
    log,
  });
  const { learn, sampler } = createControls(actions, midi, library, settings, reporting);
  disposables.add(controllerInput.listen((port, message) => learn.handle(port, message)));
  disposables.add(controllerInput.listen((port, message) => sampler.handle(port, message)));

  const preferences = new PreferencesService({
    store: settings,
    targets: {
      setNoteNaming: (naming) => (midi.monitor.noteNaming = naming),
      setWatching: (on) => library.setWatching(on),
      setHiddenFiles: (on) => library.setHiddenFiles(on),
      setLoudnessMatch: (match) => player.setLoudnessMatch(match),
    },
    onChanged: (values) => events.emit('settings:changed', values),
  });

  // Nothing that reads or writes user data is served before it is loaded (see dispatch).
  const services = {
    status,
    library,
    peaks,
    player,
    output,
    midi,
    learn,
    sampler,
    settings,
    marks,
    preferences,
    analysis,
  };
  const ready = loadUserData(library, settings, marks, services, reporting);
  const dispatchNow = createDispatcher(handlersOf(deps, services));
  // Stored results load, and missing ones are queued, once the library's cache is in.
  void ready.then(() => analysis.open());

  return {
    dispatch: async (channel, args) => {
      await ready;
      return dispatchNow(channel, args);
    },
    library,
    marks,
    analysis,
    player,
    midi,
    bus,
    ready,
    subscribe: (listener, wants) => events.subscribe(listener, wants),
    dispose: () => disposables.dispose(),
  };
}
