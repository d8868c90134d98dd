import { useEffect, useRef } from 'react';

/**
 * A drop-down of checkboxes: several values of one kind at once (the monitor's types,
 * channels, ports); none ticked means all. Closes on Escape and on a click outside it.
 */
export function FilterMenu<T extends string | number>(props: {
  /** Names the group of checkboxes ("Message types"). */
  label: string;
  /** What the summary says when none is ticked ("All types"). */
  all: string;
  options: { value: T; label: string }[];
  chosen: T[];
  onChange: (chosen: T[]) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) ref.current.open = false;
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);
  const names = props.options.filter((o) => props.chosen.includes(o.value)).map((o) => o.label);
  const summary = names.length === 0 ? props.all : names.join(', ');
  return (
    <details
      ref={ref}
      className="filter-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && ref.current?.open) {
          event.stopPropagation();
          ref.current.open = false;
        }
      }}
    >
      <summary title={summary}>{summary}</summary>
      <div role="group" aria-label={props.label} className="filter-options">
        {props.options.map((o) => (
          <label key={o.value} className="check">
            <input
              type="checkbox"
              checked={props.chosen.includes(o.value)}
              onChange={(event) =>
                props.onChange(
                  event.target.checked
                    ? [...props.chosen, o.value]
                    : props.chosen.filter((v) => v !== o.value),
                )
              }
            />
            {o.label}
          </label>
        ))}
        {props.chosen.length > 0 && (
          <button className="link" onClick={() => props.onChange([])}>
            {props.all}
          </button>
        )}
      </div>
    </details>
  );
}
