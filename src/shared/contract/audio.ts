// Handled in src/main/handlers/audio-handlers.ts.
import { z } from 'zod';
import { noArgs, request } from './request';

/** One output a user can choose: `id` is what speaker opens (an ALSA PCM name on Linux). */
export interface AudioDeviceChoice {
  id: string;
  label: string;
  /** What the system says about it (card, driver), or null. */
  detail: string | null;
}

/** Where preview audio goes. A device id of null is the system default. */
export interface AudioOutputState {
  /** What the user chose, kept in settings.json even while it is missing. */
  chosen: string | null;
  /** What playback went to last (null: the system default); the chosen one until a play says otherwise. */
  current: string | null;
  /** Why the chosen device is not the current one, naming it; null when it is. */
  fallback: string | null;
  /** false where speaker cannot choose (macOS, Windows): only the system default. */
  canChoose: boolean;
}

export interface AudioDevices extends AudioOutputState {
  /** The devices found now, the system default not among them (it is always offered). */
  devices: AudioDeviceChoice[];
  /** Why the list is what it is (no aplay, a platform without a choice), or null. */
  note: string | null;
}

/** An ALSA PCM name as typed or listed: `plughw:CARD=USB,DEV=0`, `pipewire`, `my_pcm`. */
export const audioDeviceId = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[^\s\p{Cc}]+$/u, 'a device name has no spaces or control characters');

export const audioRequests = {
  /** The devices found now (listed afresh on every call), with the choice and what is in use. */
  'audio:devices': request<AudioDevices>()(noArgs),
  /** Chooses the output (null: the system default); what plays moves to it. */
  'audio:set-device': request<AudioOutputState>()(z.strictObject({ id: audioDeviceId.nullable() })),
};

export interface AudioEvents {
  /** The choice changed, or playback fell back to the default or came back to the choice. */
  'audio:output': AudioOutputState;
}
