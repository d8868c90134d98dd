import type { Preferences } from '../../shared/contract';
import type { LoudnessMatch } from '../audio/player';
import type { SettingsStore } from './settings-store';

/** Where each preference takes effect. */
export interface PreferenceTargets {
  setNoteNaming(naming: Preferences['noteNaming']): void;
  setWatching(on: boolean): void;
  setHiddenFiles(on: boolean): void;
  setLoudnessMatch(match: LoudnessMatch): void;
}

const pick = ({
  noteNaming,
  watchFolders,
  hiddenFiles,
  matchLoudness,
  loudnessTarget,
}: Preferences): Preferences => ({
  noteNaming,
  watchFolders,
  hiddenFiles,
  matchLoudness,
  loudnessTarget,
});

/**
 * The Settings screen's app-level preferences: kept in settings.json with the rest, applied
 * where they act (the monitor, the library) at start and on every change, and told to every
 * window. Values arrive checked by the contract's schema.
 */
export class PreferencesService {
  constructor(
    private readonly options: {
      store: SettingsStore;
      targets: PreferenceTargets;
      onChanged: (preferences: Preferences) => void;
    },
  ) {}

  get(): Preferences {
    return pick(this.options.store.get());
  }

  /** Puts the saved preferences into effect (at start, once settings.json is read). */
  restore(saved: Preferences): void {
    this.apply(pick(saved));
  }

  /** Applies and keeps a change; resolves once it is on disk (or its failure was told). */
  async set(change: Partial<Preferences>): Promise<Preferences> {
    // A key sent as undefined (structured clone keeps it) changes nothing.
    const given = Object.fromEntries(
      Object.entries(change).filter(([, value]) => value !== undefined),
    ) as Partial<Preferences>;
    const next = { ...this.get(), ...given };
    this.apply(next);
    await this.options.store.update(given);
    this.options.onChanged(next);
    return next;
  }

  private apply(preferences: Preferences): void {
    const { targets } = this.options;
    targets.setNoteNaming(preferences.noteNaming);
    targets.setWatching(preferences.watchFolders);
    targets.setHiddenFiles(preferences.hiddenFiles);
    targets.setLoudnessMatch({
      on: preferences.matchLoudness,
      targetLufs: preferences.loudnessTarget,
    });
  }
}
