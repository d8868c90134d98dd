import { useEffect, useId, useState } from 'react';
import { currentClient } from '../../actions/dispatcher';
import {
  audioOutputActions,
  connectAudioOutputStore,
  deviceOptions,
  SYSTEM_DEFAULT,
  typedDevice,
  useAudioOutputStore,
} from '../../stores/audio-output';
import { LoudnessMatchSettings } from './LoudnessMatchSettings';

/**
 * The Settings dialog's audio output section: the devices found, the one chosen, and why
 * playback is on the system default when the chosen one is not available.
 */
export function AudioSettings() {
  const devices = useAudioOutputStore((s) => s.devices);
  const note = useAudioOutputStore((s) => s.note);
  const output = useAudioOutputStore((s) => s.output);
  const listing = useAudioOutputStore((s) => s.listing);
  const [typed, setTyped] = useState('');
  const id = useId();

  useEffect(() => {
    const connection = connectAudioOutputStore(currentClient());
    return () => void connection.dispose();
  }, []);

  const chosen = output?.chosen ?? null;
  const options = deviceOptions(devices, chosen);
  const canChoose = output?.canChoose ?? true;
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Audio output</h3>
      <div className="settings-row">
        <label htmlFor={`${id}-device`}>Output device</label>
        <select
          id={`${id}-device`}
          value={chosen ?? SYSTEM_DEFAULT}
          disabled={!output || !canChoose}
          onChange={(e) => void audioOutputActions.choose(e.target.value || null)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="button" disabled={listing} onClick={() => void audioOutputActions.refresh()}>
          {listing ? 'Listing…' : 'Refresh'}
        </button>
      </div>
      {canChoose && (
        <form
          className="settings-row"
          onSubmit={(e) => {
            e.preventDefault();
            void audioOutputActions.choose(typedDevice(typed));
          }}
        >
          <label htmlFor={`${id}-typed`}>Other ALSA device</label>
          <input
            id={`${id}-typed`}
            type="text"
            spellCheck={false}
            placeholder="e.g. plughw:CARD=USB,DEV=0"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" disabled={typedDevice(typed) === null}>
            Use
          </button>
        </form>
      )}
      {output?.fallback && (
        <p className="settings-warning" role="status">
          {output.fallback}. The choice is kept: Sampledeck goes back to it as soon as it opens.
        </p>
      )}
      {note && <p className="settings-note">{note}</p>}
      <LoudnessMatchSettings />
    </section>
  );
}
