import { settingsActions, useSettingsStore } from '../../stores/settings';

/** Settings → Library: watching folders, hidden files. Each applies at once. */
export function LibrarySettings() {
  const { watchFolders, hiddenFiles } = useSettingsStore((s) => s.preferences);
  return (
    <fieldset className="settings-group">
      <legend>Library</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={watchFolders}
          onChange={(e) => void settingsActions.set({ watchFolders: e.target.checked })}
        />
        Watch library folders for changes
      </label>
      <p className="muted settings-help">
        Files added, changed or removed on disk show up without a rescan. Turned off, nothing is
        watched; turned on again, every folder is checked for what changed meanwhile.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={hiddenFiles}
          onChange={(e) => void settingsActions.set({ hiddenFiles: e.target.checked })}
        />
        Include hidden files and folders
      </label>
      <p className="muted settings-help">
        Names that start with a dot (“.trash”, “._loop.wav”) are skipped unless this is on. Changing
        it checks every folder again.
      </p>
    </fieldset>
  );
}
