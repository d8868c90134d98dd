import { CLOCK_PORT_ID } from '../../../shared/midi/internal-ports';
import { midiActions, useMidiStore } from '../stores/midi';
import { ClockOutputToggle, ClockSourceSelect, ThruRoutes } from './MidiRouting';

export function MidiPorts() {
  const state = useMidiStore((s) => s.state);
  const hardware = state?.hardware;
  return (
    <>
      {hardware?.state === 'unavailable' && (
        <p className="notice" role="status">
          MIDI hardware unavailable: {hardware.reason}
        </p>
      )}
      {hardware?.state === 'available' && <p className="muted">{hardware.detail}</p>}
      <h4>Inputs</h4>
      <ul className="ports" aria-label="MIDI inputs">
        {state?.inputs.map((p) => (
          <li key={p.id} className={p.connected ? '' : 'disconnected'}>
            <label>
              <input
                type="checkbox"
                checked={p.open}
                disabled={!p.connected}
                onChange={(e) => void midiActions.setInputOpen(p.id, e.target.checked)}
              />
              {p.name}
              {!p.connected && <span className="muted"> (disconnected)</span>}
            </label>
          </li>
        ))}
      </ul>
      <label className="clock-source">
        Clock from <ClockSourceSelect />
      </label>
      <h4>Outputs</h4>
      <ul className="ports" aria-label="MIDI outputs">
        {state?.outputs.map((p) =>
          p.id === CLOCK_PORT_ID ? (
            <li key={p.id}>{p.name}</li>
          ) : (
            <li key={p.id} className={p.connected ? '' : 'disconnected'}>
              <ClockOutputToggle port={p}>
                {p.name} <span className="muted">clock</span>
              </ClockOutputToggle>
            </li>
          ),
        )}
      </ul>
      <h4>Thru</h4>
      <ThruRoutes />
      <button
        disabled={hardware?.state !== 'available'}
        title={
          hardware?.state === 'available'
            ? 'Other programs can send to it'
            : 'Needs MIDI hardware support'
        }
        onClick={() => void midiActions.createVirtualInput('Sampledeck In')}
      >
        Create virtual input
      </button>
    </>
  );
}
