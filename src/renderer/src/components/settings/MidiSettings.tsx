import { useState } from 'react';
import { CLOCK_PORT_ID } from '../../../../shared/midi/internal-ports';
import { NOTE_NAMINGS, noteName, type NoteNaming } from '../../../../shared/note-name';
import { midiActions, NO_PORTS, useMidiStore } from '../../stores/midi';
import { settingsActions, useNoteNaming } from '../../stores/settings';
import { ClockOutputToggle, ClockSourceSelect, ThruRoutes } from '../MidiRouting';

const NAMING_USERS: Record<NoteNaming, string> = {
  C3: 'Ableton Live, Logic, Cubase, Bitwig, Yamaha',
  C4: 'scientific pitch; Roland, Reaper',
};

const CAPACITY = { min: 100, max: 1_000_000 } as const;

function NoteNamingChoice() {
  const naming = useNoteNaming();
  return (
    <fieldset className="settings-group">
      <legend>Note names</legend>
      {NOTE_NAMINGS.map((choice) => (
        <label key={choice} className="check">
          <input
            type="radio"
            name="note-naming"
            value={choice}
            checked={naming === choice}
            onChange={() => void settingsActions.set({ noteNaming: choice })}
          />
          Middle C (note 60) is {noteName(60, choice)}{' '}
          <span className="muted">({NAMING_USERS[choice]})</span>
        </label>
      ))}
    </fieldset>
  );
}

function MonitorCapacity() {
  const capacity = useMidiStore((s) => s.settings.capacity);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? String(capacity);
  const number = Number(value);
  const valid = Number.isInteger(number) && number >= CAPACITY.min && number <= CAPACITY.max;
  return (
    <form
      className="settings-row"
      aria-label="Monitor size"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        void midiActions.configure({ capacity: number }).then(() => setText(null));
      }}
    >
      <label>
        The MIDI monitor keeps the last{' '}
        <input
          type="number"
          aria-label="Monitor capacity"
          aria-invalid={!valid}
          min={CAPACITY.min}
          max={CAPACITY.max}
          step={100}
          value={value}
          onChange={(e) => setText(e.target.value)}
        />{' '}
        messages
      </label>{' '}
      <button type="submit" disabled={!valid || number === capacity}>
        Apply
      </button>
      {!valid && (
        <p className="notice" role="alert">
          The monitor size must be a whole number from 100 to 1,000,000 (got “{value}”).
        </p>
      )}
    </form>
  );
}

/** Settings → MIDI: note names, the clock, thru routes and the monitor's size. */
export function MidiSettings() {
  const outputs = useMidiStore((s) => s.state?.outputs ?? NO_PORTS);
  const clockOutputs = outputs.filter((p) => p.id !== CLOCK_PORT_ID);
  return (
    <>
      <NoteNamingChoice />
      <fieldset className="settings-group">
        <legend>Clock</legend>
        <label className="settings-row">
          Follow the clock of <ClockSourceSelect />
        </label>
        <p className="muted">Sampledeck’s clock goes to “Sampledeck Clock” and to:</p>
        <ul className="ports" aria-label="Clock outputs">
          {clockOutputs.map((p) => (
            <li key={p.id} className={p.connected ? '' : 'disconnected'}>
              <ClockOutputToggle port={p} />
            </li>
          ))}
          {clockOutputs.length === 0 && <li className="muted">no other MIDI outputs</li>}
        </ul>
      </fieldset>
      <fieldset className="settings-group">
        <legend>Thru routes</legend>
        <ThruRoutes />
      </fieldset>
      <fieldset className="settings-group">
        <legend>Monitor</legend>
        <MonitorCapacity />
      </fieldset>
    </>
  );
}
