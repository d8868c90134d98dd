import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  label: string;
  /** Run when chosen; the whole menu closes after it. */
  run?: () => void;
  /** A submenu, opened by Enter, → or a click. */
  items?: MenuItem[];
  disabled?: boolean;
  /** Shown with a check (the current rating, the current colour). */
  checked?: boolean;
}

/**
 * A popup menu (role="menu") at a point: ↑/↓ move, Enter or Space chooses, → opens a submenu
 * and ← or Escape closes it, Escape or a click outside closes the menu. It stays inside the
 * window.
 */
export function ContextMenu(props: {
  label: string;
  x: number;
  y: number;
  items: MenuItem[];
  /** Closes every menu (something was chosen, or the user clicked away). */
  onClose: () => void;
  /** A submenu: back to its parent (← or Escape). */
  onBack?: () => void;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const [place, setPlace] = useState({ left: props.x, top: props.y });
  /** The open submenu: its item's index and where that item is. */
  const [open, setOpen] = useState<{ index: number; x: number; y: number } | null>(null);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    setPlace({
      left: Math.max(0, Math.min(props.x, window.innerWidth - width - 4)),
      top: Math.max(0, Math.min(props.y, window.innerHeight - height - 4)),
    });
    menu.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [props.x, props.y]);

  const entries = () => [
    ...(ref.current?.querySelectorAll<HTMLElement>(':scope > li > [role="menuitem"]') ?? []),
  ];
  const openSub = (index: number) => {
    const box = entries()[index]?.getBoundingClientRect();
    if (box) setOpen({ index, x: box.right - 2, y: box.top - 4 });
  };
  const choose = (index: number) => {
    const item = props.items[index];
    if (!item || item.disabled) return;
    if (item.items) openSub(index);
    else {
      props.onClose();
      item.run?.();
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    const all = entries();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (by: number) => all[(at + by + all.length) % all.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Home':
        all[0]?.focus();
        break;
      case 'End':
        all.at(-1)?.focus();
        break;
      case 'Enter':
      case ' ':
        if (at >= 0) choose(at);
        break;
      case 'ArrowRight':
        if (at >= 0 && props.items[at]?.items) choose(at);
        break;
      case 'ArrowLeft':
        props.onBack?.();
        break;
      case 'Escape':
        (props.onBack ?? props.onClose)();
        break;
      case 'Tab':
        props.onClose();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <>
      {!props.onBack && (
        <div
          className="menu-backdrop"
          onMouseDown={props.onClose}
          onContextMenu={(event) => {
            event.preventDefault();
            props.onClose();
          }}
        />
      )}
      <ul
        ref={ref}
        role="menu"
        aria-label={props.label}
        className="context-menu"
        style={place}
        onKeyDown={onKeyDown}
        onContextMenu={(event) => event.preventDefault()}
      >
        {props.items.map((item, index) => (
          <li key={item.label} role="none">
            <div
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              aria-haspopup={item.items ? 'menu' : undefined}
              aria-expanded={item.items ? open?.index === index : undefined}
              className="menu-item"
              onMouseEnter={(event) => {
                event.currentTarget.focus();
                if (item.items) openSub(index);
                else if (open !== null) setOpen(null);
              }}
              onClick={() => choose(index)}
            >
              <span className="menu-check">{item.checked ? '✓' : ''}</span>
              {item.label}
              {item.items && <span className="menu-more">▸</span>}
            </div>
            {open?.index === index && item.items && (
              <ContextMenu
                label={item.label}
                x={open.x}
                y={open.y}
                items={item.items}
                onClose={props.onClose}
                onBack={() => {
                  setOpen(null);
                  entries()[index]?.focus();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
