/**
 * The MIDI set-up's controls, shown in the sidebar's ports and in Settings → MIDI alike: the
 * clock source, where Sampledeck's clock goes, and thru routes. Each acts through the one
 * request that owns it (midi:set-clock-source, clock:configure, midi:thru-add/remove).
 */
import { useState, type ReactNode } from 'react';
import type { MidiPort } from '../../../shared/contract';
import { midiActions, NO_PORTS, useMidiStore } from '../stores/midi';
import { PortSelect } from './PortSelect';

const NO_OUTPUTS: string[] = [];

/** The input whose clock is followed; none chosen: the first that sends. */
export function ClockSourceSelect() {
  const inputs = useMidiStore((s) => s.state?.inputs ?? NO_PORTS);
  const source = useMidiStore((s) => s.state?.clockSource ?? null);
  // Chosen before a restart, its device not (yet) there: still shown as the choice.
  const missing: MidiPort[] =
    source !== null && !inputs.some((p) => p.id === source)
      ? [
          {
            id: source,
            name: `${source.replace(/^[^:]*:/, '')} (not connected)`,
            kind: 'hardware',
            connected: false,
            open: false,
          },
        ]
      : [];
  return (
    <PortSelect
      label="Clock source"
      none="first that sends"
      ports={missing.length ? [...inputs, ...missing] : inputs}
      value={source}
      onChange={(id) => void midiActions.setClockSource(id)}
    />
  );
}

/** A checkbox: whether Sampledeck's clock goes to `port` too. */
export function ClockOutputToggle(props: { port: MidiPort; children?: ReactNode }) {
  const { port } = props;
  const outputs = useMidiStore((s) => s.clock?.generator.outputs ?? NO_OUTPUTS);
  return (
    <label title="Send Sampledeck's clock here">
      <input
        type="checkbox"
        aria-label={`Send clock to ${port.name}`}
        checked={outputs.includes(port.id)}
        disabled={!port.connected}
        onChange={(e) =>
          void midiActions.configureClock({
            outputs: e.target.checked
              ? [...outputs, port.id]
              : outputs.filter((id) => id !== port.id),
          })
        }
      />
      {props.children ?? port.name}
    </label>
  );
}

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

/** The thru routes, each with its remove button, and the form that adds one. */
export function ThruRoutes() {
  const state = useMidiStore((s) => s.state);
  const nameOf = (id: string) =>
    [...(state?.inputs ?? []), ...(state?.outputs ?? [])].find((p) => p.id === id)?.name ?? id;
  return (
    <>
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
    </>
  );
}
