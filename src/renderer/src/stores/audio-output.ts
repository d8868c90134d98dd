import { create } from 'zustand';
import type { AudioDeviceChoice, AudioDevices, AudioOutputState } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';

interface AudioOutputStore {
  /** The devices found at the last listing, and why the list is what it is. */
  devices: AudioDeviceChoice[];
  note: string | null;
  /** The choice and what plays through now (kept current by the `audio:output` event). */
  output: AudioOutputState | null;
  listing: boolean;
}

export const useAudioOutputStore = create<AudioOutputStore>(() => ({
  devices: [],
  note: null,
  output: null,
  listing: false,
}));

/** The picker's value for the system default (a device id is never empty). */
export const SYSTEM_DEFAULT = '';

export interface DeviceOption {
  value: string;
  label: string;
  /** The chosen device is not among those found (unplugged, or typed by hand). */
  missing: boolean;
}

/**
 * What the picker offers: the system default, each device found, and the chosen one even when
 * it was not found, so the choice the user made is shown, never silently replaced.
 */
export function deviceOptions(
  devices: readonly AudioDeviceChoice[],
  chosen: string | null,
): DeviceOption[] {
  const options: DeviceOption[] = [
    { value: SYSTEM_DEFAULT, label: 'System default', missing: false },
    ...devices.map((d) => ({ value: d.id, label: d.label, missing: false })),
  ];
  if (chosen !== null && !devices.some((d) => d.id === chosen)) {
    options.push({ value: chosen, label: `${chosen} (not found)`, missing: true });
  }
  return options;
}

/** What a typed ALSA name becomes: trimmed; empty is the system default. */
export function typedDevice(text: string): string | null {
  const id = text.trim();
  return id === '' ? null : id;
}

export const audioOutputActions = {
  /** Lists the devices afresh (the Refresh button, and each time the section opens). */
  async refresh(): Promise<void> {
    useAudioOutputStore.setState({ listing: true });
    const found = await perform((a) => a.invoke('audio:devices', {}), {
      label: 'The audio devices could not be listed',
    });
    useAudioOutputStore.setState(found ? fromListing(found) : { listing: false });
  },

  async choose(id: string | null): Promise<void> {
    const output = await perform((a) => a.invoke('audio:set-device', { id }), {
      label: 'The audio device could not be chosen',
    });
    if (output) useAudioOutputStore.setState({ output });
  },
};

function fromListing(found: AudioDevices): Partial<AudioOutputStore> {
  const { devices, note, ...output } = found;
  return { devices, note, output, listing: false };
}

/** Feeds the store while the section is shown: a listing now and at each reconnect, then events. */
export function connectAudioOutputStore(client: Client): Disposable {
  const unsubscribe = client.on('audio:output', (output) =>
    useAudioOutputStore.setState({ output }),
  );
  const offConnected = onConnected(() => void audioOutputActions.refresh());
  return toDisposable(() => {
    unsubscribe();
    offConnected();
  });
}
