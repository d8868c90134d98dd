/** Messages between main and the audio process (never seen by the renderer). */
import type { EpochMs, Frames } from '../../shared/unit-types';

export type AudioCommand =
  | {
      type: 'play';
      playId: number;
      path: string;
      startFrame: Frames;
      loop: boolean;
      gain: number;
      /** Epoch ms: hold the first sample until then (a bar line of the clock). */
      startAt?: EpochMs;
    }
  | { type: 'pause'; playId: number }
  | { type: 'resume'; playId: number }
  | { type: 'seek'; playId: number; frame: Frames }
  | { type: 'stop' }
  | { type: 'set-loop'; loop: boolean }
  | { type: 'set-gain'; gain: number }
  /** The output to open from now on (null: the system default); what plays moves to it. */
  | { type: 'set-device'; device: string | null }
  | { type: 'shutdown' };

export type AudioProcessMessage =
  | { type: 'ready'; device: string; speakerVersion: string }
  | { type: 'fatal'; message: string }
  /** The file is open and its first frames are on their way to the device. */
  | { type: 'started'; playId: number; frames: Frames; sampleRate: number; channels: number }
  /** Where the device is in the file, about 40 times a second while anything sounds. */
  | { type: 'position'; playId: number; frame: Frames }
  /** The first chunk went through to the device (epoch ms, performance.timeOrigin + now()). */
  | { type: 'first-write'; playId: number; at: EpochMs }
  | { type: 'ended'; playId: number }
  /** A damaged frame was skipped at `frame`; playback goes on (`detail`: the decoder's words). */
  | { type: 'notice'; playId: number; frame: Frames; detail: string }
  | { type: 'error'; playId: number; message: string }
  /**
   * A device was opened: `opened` is `requested` unless that one could not be opened (`reason`
   * says why) and the system default (null) was opened instead.
   */
  | { type: 'device'; requested: string | null; opened: string | null; reason?: string };

/** The handle main holds on the audio process, the same under utilityProcess and fork(). */
export interface AudioChild {
  readonly pid: number | undefined;
  send(command: AudioCommand): void;
  onMessage(listener: (message: unknown) => void): void;
  onStderr(listener: (text: string) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type LaunchAudioProcess = () => AudioChild;

const MESSAGE_TYPES = new Set([
  'ready',
  'fatal',
  'started',
  'position',
  'first-write',
  'ended',
  'error',
  'notice',
  'device',
]);

export function isAudioProcessMessage(value: unknown): value is AudioProcessMessage {
  if (typeof value !== 'object' || value === null) return false;
  return MESSAGE_TYPES.has((value as { type?: unknown }).type as string);
}
