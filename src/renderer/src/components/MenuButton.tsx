import { useRef, useState } from 'react';
import { ContextMenu, type MenuItem } from './ContextMenu';

/** A small "⋯" button that opens a menu under itself; focus comes back to it when it closes. */
export function MenuButton({
  label,
  items,
  tabIndex,
}: {
  label: string;
  items: MenuItem[];
  /** -1 in a list that is one Tab stop: its item opens the menu with the Menu key. */
  tabIndex?: number;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  return (
    <>
      <button
        ref={ref}
        className="menu-button"
        tabIndex={tabIndex}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={at !== null}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          setAt({ x: box.left, y: box.bottom });
        }}
      >
        ⋯
      </button>
      {at && (
        <ContextMenu
          label={label}
          x={at.x}
          y={at.y}
          items={items}
          onClose={() => {
            setAt(null);
            ref.current?.focus();
          }}
        />
      )}
    </>
  );
}
