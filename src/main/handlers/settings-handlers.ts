import type { settingsRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { PreferencesService } from '../settings/preferences';

/** The Settings screen's app-level preferences (the MIDI set-up has its own requests). */
export function settingsHandlers(
  preferences: PreferencesService,
): HandlersOf<typeof settingsRequests> {
  return {
    'settings:get': () => preferences.get(),
    'settings:set': (change) => preferences.set(change),
  };
}
