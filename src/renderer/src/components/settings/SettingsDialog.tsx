import { useEffect, useState, type ComponentType } from 'react';
import { onAppCommand, runAppCommand } from '../../actions/app-commands';
import { settingsActions, useSettingsStore } from '../../stores/settings';
import { Dialog } from '../Dialog';
import { AudioSettings } from './AudioSettings';
import { LibrarySettings } from './LibrarySettings';
import { MidiSettings } from './MidiSettings';

export interface SettingsSection {
  id: string;
  label: string;
  Panel: ComponentType;
}

/** The dialog's sections, in the order shown: adding one is one line here. */
export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  { id: 'audio', label: 'Audio', Panel: AudioSettings },
  { id: 'midi', label: 'MIDI', Panel: MidiSettings },
  { id: 'library', label: 'Library', Panel: LibrarySettings },
];

/** The Settings dialog: its sections as tabs down the side, the chosen one beside them. */
export function SettingsDialog(props: { onClose: () => void }) {
  const [current, setCurrent] = useState(SETTINGS_SECTIONS[0]?.id);
  const section = SETTINGS_SECTIONS.find((s) => s.id === current) ?? SETTINGS_SECTIONS[0];
  return (
    <Dialog label="Settings" wide onClose={props.onClose}>
      <div className="settings">
        <div role="tablist" aria-label="Settings sections" aria-orientation="vertical">
          {SETTINGS_SECTIONS.map((s) => (
            <button
              key={s.id}
              role="tab"
              id={`settings-tab-${s.id}`}
              aria-selected={s.id === section?.id}
              aria-controls={`settings-panel-${s.id}`}
              onClick={() => setCurrent(s.id)}
            >
              {s.label}
            </button>
          ))}
        </div>
        {section && (
          <div
            role="tabpanel"
            className="settings-panel"
            id={`settings-panel-${section.id}`}
            aria-labelledby={`settings-tab-${section.id}`}
          >
            <section.Panel />
          </div>
        )}
      </div>
    </Dialog>
  );
}

/** Where a key means text: Ctrl+, there is left to the field. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(target.type)
  );
}

/**
 * Opens Settings on the `preferences` command (the menu's Preferences… in Electron) and on
 * Ctrl/Cmd+, pressed anywhere in the window but a text field; shows the dialog while open.
 */
export function SettingsHost() {
  const open = useSettingsStore((s) => s.open);
  useEffect(() => onAppCommand('preferences', settingsActions.open), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== ',' || !(event.ctrlKey || event.metaKey)) return;
      if (event.altKey || event.shiftKey || isTextField(event.target)) return;
      event.preventDefault();
      runAppCommand('preferences');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return open ? <SettingsDialog onClose={settingsActions.close} /> : null;
}

/** The top bar's way in. */
export function SettingsButton() {
  return (
    <button
      onClick={settingsActions.open}
      title="Settings (Ctrl+,)"
      aria-keyshortcuts="Control+Comma"
    >
      <span aria-hidden="true">⚙</span> Settings
    </button>
  );
}
