import type { EventListener, ShellKind, SubsystemStatus, SystemInfo } from '../shared/contract';
import { EventBus } from '../shared/event-bus';
import { AudioEngine } from './audio/audio-engine';
import type { LaunchAudioProcess } from './audio/audio-protocol';
import { createDispatcher, type Dispatch } from './dispatcher';
import { probeRtMidi } from './midi/rtmidi-probe';
import { SystemStatus } from './system/system-status';

/** Everything the core needs from its shell, as plain values: it never imports electron. */
export interface CoreDeps {
  appVersion: string;
  shell: ShellKind;
  versions: SystemInfo['versions'];
  userDataDir: string;
  launchAudioProcess: LaunchAudioProcess | null;
  probeMidi?: () => Promise<SubsystemStatus>;
}

export interface Core {
  dispatch: Dispatch;
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

  const dispatch = createDispatcher({
    'system:info': async () => {
      await ensureMidi();
      return status.get();
    },
  });

  return {
    dispatch,
    subscribe: (listener) => bus.subscribe(listener),
    dispose: async () => {
      audio.dispose();
    },
  };
}
