import type { AudioDevices, AudioOutputState } from '../../shared/contract';
import type { AudioEngine } from './audio-engine';
import type { AudioProcessMessage } from './audio-protocol';
import { listAudioDevices, type DeviceListing } from './audio-devices';

export interface AudioOutputOptions {
  engine: Pick<AudioEngine, 'setDevice'>;
  /** Keeps the choice (settings.json). */
  persist: (audioDevice: string | null) => void;
  onState: (state: AudioOutputState) => void;
  /** Told to the user once each time the chosen device is given up for the default. */
  notice: (message: string) => void;
  /** The devices found now (default: listAudioDevices on this machine). */
  list?: () => Promise<DeviceListing>;
  /** false where speaker cannot choose an output (macOS, Windows). Default: on Linux only. */
  canChoose?: boolean;
}

/**
 * The user's choice of output and what the audio process actually opened. A chosen device that
 * cannot be opened (gone, busy, misspelt) is kept: playback goes to the system default with one
 * notice, and the next device the process opens is the chosen one again if it can be.
 */
export class AudioOutput {
  private state: AudioOutputState;

  constructor(private readonly options: AudioOutputOptions) {
    const canChoose = options.canChoose ?? process.platform === 'linux';
    this.state = { chosen: null, current: null, fallback: null, canChoose };
  }

  get(): AudioOutputState {
    return this.state;
  }

  /** The saved choice, once the settings are read (ignored where nothing can be chosen). */
  restore(saved: string | null): void {
    const chosen = this.state.canChoose ? saved : null;
    this.options.engine.setDevice(chosen);
    this.set({ chosen, current: chosen, fallback: null });
  }

  choose(id: string | null): AudioOutputState {
    this.options.persist(id);
    this.options.engine.setDevice(id);
    return this.set({ chosen: id, current: id, fallback: null });
  }

  async devices(): Promise<AudioDevices> {
    const listing = await (this.options.list ?? listAudioDevices)();
    return { ...this.state, devices: listing.devices, note: listing.note };
  }

  /** The audio process's word on which device it opened. */
  onMessage(message: AudioProcessMessage): void {
    if (message.type !== 'device' || message.requested !== this.state.chosen) return;
    const { requested, opened } = message;
    if (opened === requested) {
      if (this.state.current !== opened || this.state.fallback !== null) {
        this.set({ current: opened, fallback: null });
      }
      return;
    }
    const fallback = `the audio device '${requested}' is not available (${message.reason ?? 'unknown error'}): playing through the system default`;
    if (this.state.fallback === null) {
      this.options.notice(
        `${capitalise(fallback)}. Your choice is kept: Sampledeck goes back to it as soon as it opens again.`,
      );
    }
    this.set({ current: opened, fallback });
  }

  private set(change: Partial<AudioOutputState>): AudioOutputState {
    this.state = { ...this.state, ...change };
    this.options.onState(this.state);
    return this.state;
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
