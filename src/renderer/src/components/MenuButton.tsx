import { useRef, useState } from 'react';
import { ContextMenu, type MenuItem } from './ContextMenu';

/** A small "⋯" button that opens a menu under itself; focus comes back to it when it closes. */
export function MenuButton({ label, items }: { label: string; items: MenuItem[] }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  return (
    <>
      <button
        ref={ref}
        className="menu-button"
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
