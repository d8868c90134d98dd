import {
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** How many dialogs are open: the window behind stays inert until the last one closes. */
let openDialogs = 0;

function setWindowInert(inert: boolean) {
  const root = document.getElementById('root');
  if (root) root.inert = inert;
}

/**
 * A modal panel: closes on Escape, on its × and on a click outside it. It is drawn at the end of
 * the page, so no part of the window opened later (the grid's rows) can cover it. Focus moves into
 * it (its field, else its ×), Tab and Shift+Tab stay inside it, the window behind is
 * inert, and focus goes back to what had it when it closes (the grid when that is gone).
 */
export function Dialog(props: {
  label: string;
  title?: ReactNode;
  wide?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  // Read while rendering: by the time effects run, autoFocus has already moved the focus.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);

  useLayoutEffect(() => {
    openDialogs += 1;
    setWindowInert(true);
    // Normally autoFocus has put it on the dialog's field or its ×; not when StrictMode remounts.
    if (!ref.current?.contains(document.activeElement)) {
      const field = ref.current?.querySelector<HTMLElement>('input, textarea, select');
      (field ?? ref.current)?.focus();
    }
    return () => {
      openDialogs -= 1;
      if (openDialogs === 0) setWindowInert(false);
      const back = opener?.isConnected ? opener : document.querySelector<HTMLElement>('.grid');
      back?.focus();
    };
  }, [opener]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onClose();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(TABBABLE)].filter(
      (element) => element.getClientRects().length > 0,
    );
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    const inside = ref.current.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" onClick={props.onClose}>
      <section
        ref={ref}
        role="dialog"
        aria-modal="true"
        // Named by its heading; by its label where the heading says more ("3 files could not…").
        aria-labelledby={props.title === undefined ? titleId : undefined}
        aria-label={props.title === undefined ? undefined : props.label}
        tabIndex={-1}
        className={`dialog${props.wide ? ' wide' : ''}`}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{props.title ?? props.label}</h2>
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
