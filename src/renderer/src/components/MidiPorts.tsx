import { useState } from 'react';
import { CLOCK_PORT_ID } from '../../../shared/midi/internal-ports';
import { midiActions, NO_PORTS, useMidiStore } from '../stores/midi';
import { PortSelect } from './PortSelect';

const NO_OUTPUTS: string[] = [];

function ThruForm() {
  const inputs = useMidiStore((s) => s.state?.inputs ?? NO_PORTS);
  const outputs = useMidiStore((s) => s.state?.outputs ?? NO_PORTS);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [channel, setChannel] = useState('');
  return (
    <form
      className="thru-form"
      aria-label="Add MIDI thru"
      onSubmit={(e) => {
        e.preventDefault();
        if (from && to) void midiActions.addThru(from, to, channel ? Number(channel) : null);
      }}
    >
      <PortSelect
        label="Thru from"
        none="from…"
        ports={inputs}
        value={from}
        onChange={(id) => setFrom(id ?? '')}
      />
      <PortSelect
        label="Thru to"
        none="to…"
        ports={outputs}
        value={to}
        onChange={(id) => setTo(id ?? '')}
      />
      <select
        aria-label="Thru channel"
        value={channel}
        onChange={(e) => setChannel(e.target.value)}
      >
        <option value="">all ch</option>
        {Array.from({ length: 16 }, (_, i) => (
          <option key={i + 1} value={i + 1}>
            ch {i + 1}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!from || !to}>
        Thru
      </button>
    </form>
  );
}

export function MidiPorts() {
  const state = useMidiStore((s) => s.state);
  const hardware = state?.hardware;
  const clockOutputs = useMidiStore((s) => s.clock?.generator.outputs ?? NO_OUTPUTS);

  const nameOf = (id: string) =>
    [...(state?.inputs ?? []), ...(state?.outputs ?? [])].find((p) => p.id === id)?.name ?? id;
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
        Clock from{' '}
        <PortSelect
          label="Clock source"
          none="first that sends"
          ports={state?.inputs ?? NO_PORTS}
          value={state?.clockSource ?? null}
          onChange={(id) => void midiActions.setClockSource(id)}
        />
      </label>
      <h4>Outputs</h4>
      <ul className="ports" aria-label="MIDI outputs">
        {state?.outputs.map((p) =>
          p.id === CLOCK_PORT_ID ? (
            <li key={p.id}>{p.name}</li>
          ) : (
            <li key={p.id} className={p.connected ? '' : 'disconnected'}>
              <label title="Send Sampledeck's clock here">
                <input
                  type="checkbox"
                  aria-label={`Send clock to ${p.name}`}
                  checked={clockOutputs.includes(p.id)}
                  disabled={!p.connected}
                  onChange={(e) =>
                    void midiActions.configureClock({
                      outputs: e.target.checked
                        ? [...clockOutputs, p.id]
                        : clockOutputs.filter((id) => id !== p.id),
                    })
                  }
                />
                {p.name} <span className="muted">clock</span>
              </label>
            </li>
          ),
        )}
      </ul>
      <h4>Thru</h4>
      <ul className="ports" aria-label="MIDI thru routes">
        {state?.thru.map((r) => (
          <li key={r.id}>
            {nameOf(r.from)} → {nameOf(r.to)}
            {r.channel ? ` (ch ${r.channel})` : ''}{' '}
            <button
              className="link"
              aria-label="Remove route"
              onClick={() => void midiActions.removeThru(r.id)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <ThruForm />
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
