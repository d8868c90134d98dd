// Handled in src/main/handlers/settings-handlers.ts.
import { z } from 'zod';
import { LOUDNESS_TARGET_RANGE } from '../loudness-match';
import { NOTE_NAMINGS } from '../note-name';
import { noArgs, request } from './request';

/**
 * The app-level preferences of the Settings screen that belong to no feature's own requests
 * (the MIDI set-up, the monitor and the player keep theirs), kept in settings.json.
 */
export const preferencesSchema = z.strictObject({
  /** What note 60 is called: 'C3' or 'C4' (see src/shared/note-name.ts). */
  noteNaming: z.enum(NOTE_NAMINGS),
  /** Follow library folders on disk (fs.watch) between scans. */
  watchFolders: z.boolean(),
  /** Scans include files and folders whose names start with a dot. */
  hiddenFiles: z.boolean(),
  /** The player plays every file at `loudnessTarget` (by its analysis), peaks kept under -1 dBTP. */
  matchLoudness: z.boolean(),
  /** LUFS. */
  loudnessTarget: z.number().min(LOUDNESS_TARGET_RANGE.min).max(LOUDNESS_TARGET_RANGE.max),
});

export type Preferences = z.infer<typeof preferencesSchema>;

export const settingsRequests = {
  'settings:get': request<Preferences>()(noArgs),
  /** Changes the preferences given (at least one); answers with all of them. */
  'settings:set': request<Preferences>()(
    preferencesSchema
      .partial()
      .refine((change) => Object.keys(change).length > 0, 'give at least one preference'),
  ),
};

export interface SettingsEvents {
  /** The preferences after any change (from any window). */
  'settings:changed': Preferences;
}
