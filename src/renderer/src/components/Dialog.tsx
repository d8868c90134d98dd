import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A modal panel: closes on Escape, on its × and on a click outside it. It is drawn at the end of
 * the page, so no part of the window opened later (the grid's rows) can cover it.
 */
export function Dialog(props: {
  label: string;
  title?: ReactNode;
  wide?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  return createPortal(
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
    </div>,
    document.body,
  );
}
