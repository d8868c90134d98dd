import type { MidiPort } from '../../../shared/contract';

/**
 * A choice of MIDI port (or none): the one list every picker of inputs or outputs shows.
 * `value` is a port's id, or its name where `by` says so (the monitor filters by name).
 */
export function PortSelect(props: {
  label: string;
  ports: readonly MidiPort[];
  value: string | null;
  onChange: (value: string | null) => void;
  /** The first option's text, meaning no port. */
  none: string;
  by?: 'id' | 'name';
  /** Before each port's name ("+ " where a port is added to others). */
  prefix?: string;
  className?: string;
}) {
  const key = props.by ?? 'id';
  return (
    <select
      aria-label={props.label}
      className={props.className}
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.target.value || null)}
    >
      <option value="">{props.none}</option>
      {props.ports.map((p) => (
        <option key={p.id} value={p[key]}>
          {props.prefix}
          {p.name}
        </option>
      ))}
    </select>
  );
}
