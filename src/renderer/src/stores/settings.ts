import { create } from 'zustand';
import type { Preferences } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { DEFAULT_LOUDNESS_TARGET } from '../../../shared/loudness-match';
import { DEFAULT_NOTE_NAMING } from '../../../shared/note-name';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';

interface SettingsStore {
  /** The app-level preferences as the core has them (defaults until it answers). */
  preferences: Preferences;
  /** Whether the Settings dialog is shown. */
  open: boolean;
}

export const useSettingsStore = create<SettingsStore>(() => ({
  preferences: {
    noteNaming: DEFAULT_NOTE_NAMING,
    watchFolders: true,
    hiddenFiles: false,
    matchLoudness: false,
    loudnessTarget: DEFAULT_LOUDNESS_TARGET,
  },
  open: false,
}));

/** How notes are named now, for every component that shows one. */
export const useNoteNaming = () => useSettingsStore((s) => s.preferences.noteNaming);

export const settingsActions = {
  open: () => useSettingsStore.setState({ open: true }),
  close: () => useSettingsStore.setState({ open: false }),
  /** Shown at once (a control never snaps back while main answers); put back if refused. */
  set: async (change: Partial<Preferences>) => {
    const before = useSettingsStore.getState().preferences;
    useSettingsStore.setState({ preferences: { ...before, ...change } });
    const answer = await perform((a) => a.invoke('settings:set', change), {
      label: 'Could not change the setting',
    });
    useSettingsStore.setState({ preferences: answer ?? before });
  },
};

/** The preferences from the core: read on every (re)connect, then each change as its event. */
export function connectSettingsStore(client: Client): Disposable {
  const off = client.on('settings:changed', (preferences) =>
    useSettingsStore.setState({ preferences }),
  );
  const offConnected = onConnected(() => {
    void perform((a) => a.invoke('settings:get', {})).then(
      (preferences) => preferences && useSettingsStore.setState({ preferences }),
    );
  });
  return toDisposable(() => {
    off();
    offConnected();
  });
}
