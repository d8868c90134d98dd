import type { ReactNode } from 'react';

/** A modal panel: closes on Escape, on its × and on a click outside it. */
export function Dialog(props: {
  label: string;
  title?: ReactNode;
  wide?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className="dialog-backdrop" onClick={props.onClose}>
      <section
        role="dialog"
        aria-label={props.label}
        className={`dialog${props.wide ? ' wide' : ''}`}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && props.onClose()}
      >
        <header className="dialog-header">
          <h2>{props.title ?? props.label}</h2>
          <button onClick={props.onClose} aria-label="Close" autoFocus>
            ×
          </button>
        </header>
        {props.children}
      </section>
    </div>
  );
}
