/**
 * Arrow-key navigation for widgets that are one Tab stop each (the folder tree, tabs, the short
 * lists of the sidebar, the column headers, the waveform slider): pure functions from a key to
 * where focus (or the playhead) goes, and a roving-tabindex hook over them.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { FolderNode } from '../../../shared/contract';

/** Where a key moves focus in a list of `count` items (clamped, no wrap); null: not a move key. */
export function listKeyTarget(
  count: number,
  index: number,
  key: string,
  orientation: 'horizontal' | 'vertical',
): number | null {
  if (count === 0) return null;
  const next = orientation === 'horizontal' ? 'ArrowRight' : 'ArrowDown';
  const prev = orientation === 'horizontal' ? 'ArrowLeft' : 'ArrowUp';
  if (key === next) return Math.min(count - 1, index + 1);
  if (key === prev) return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/**
 * One item of the tree as shown: "All files" (no node) first, then the folders whose parents are
 * all open, in order. `parent` is the index of the parent item, -1 at the top level.
 */
export interface FlatItem {
  key: string;
  node: FolderNode | null;
  depth: number;
  parent: number;
  expandable: boolean;
  open: boolean;
  posInSet: number;
  setSize: number;
}

/** The key of "All files": folder paths are absolute, never empty. */
export const ALL_FILES_KEY = '';

/** The visible items of the tree; `isOpen(node, depth)` says whether a folder shows its children. */
export function flattenTree(
  roots: FolderNode[],
  isOpen: (node: FolderNode, depth: number) => boolean,
): FlatItem[] {
  const flat: FlatItem[] = [
    {
      key: ALL_FILES_KEY,
      node: null,
      depth: 0,
      parent: -1,
      expandable: false,
      open: false,
      posInSet: 1,
      setSize: roots.length + 1,
    },
  ];
  const walk = (nodes: FolderNode[], depth: number, parent: number, offset: number) => {
    nodes.forEach((node, i) => {
      const expandable = node.children.length > 0;
      const open = expandable && isOpen(node, depth);
      const index = flat.length;
      flat.push({
        key: node.path,
        node,
        depth,
        parent,
        expandable,
        open,
        posInSet: i + 1 + offset,
        setSize: nodes.length + offset,
      });
      if (open) walk(node.children, depth + 1, index, 0);
    });
  };
  // "All files" is the first of the top level's items.
  walk(roots, 0, -1, 1);
  return flat;
}

export type TreeAction =
  | { kind: 'focus'; index: number }
  | { kind: 'open' | 'close' | 'select' | 'remove'; index: number };

/**
 * What a key does on the tree item at `index`: Up/Down the previous/next visible item, Right
 * opens a closed folder or enters an open one, Left closes an open folder or goes to its parent,
 * Home/End the first/last item, Enter selects, Delete asks to remove a library folder (a top-level
 * one). Space is not the tree's: it plays and pauses, as everywhere in the window.
 */
export function treeKeyTarget(flat: FlatItem[], index: number, key: string): TreeAction | null {
  const item = flat[index];
  if (!item) return null;
  const move = listKeyTarget(flat.length, index, key, 'vertical');
  if (move !== null) return { kind: 'focus', index: move };
  switch (key) {
    case 'ArrowRight':
      if (!item.expandable) return null;
      return item.open ? { kind: 'focus', index: index + 1 } : { kind: 'open', index };
    case 'ArrowLeft':
      if (item.open) return { kind: 'close', index };
      return item.parent >= 0 ? { kind: 'focus', index: item.parent } : null;
    case 'Enter':
      return { kind: 'select', index };
    case 'Delete':
      return item.node !== null && item.depth === 0 ? { kind: 'remove', index } : null;
    default:
      return null;
  }
}

/**
 * Where a key moves the playhead, in seconds; null: not the slider's key. Arrows step 1 s, or 5 %
 * of a short sample; Page Up/Down 10 s, or a quarter; Home/End the start and the end.
 */
export function seekKeyTarget(
  key: string,
  positionSec: number,
  durationSec: number,
): number | null {
  const step = Math.min(1, durationSec * 0.05);
  const page = Math.min(10, durationSec * 0.25);
  const moves: Record<string, number> = {
    ArrowRight: positionSec + step,
    ArrowUp: positionSec + step,
    ArrowLeft: positionSec - step,
    ArrowDown: positionSec - step,
    PageUp: positionSec + page,
    PageDown: positionSec - page,
    Home: 0,
    End: durationSec,
  };
  const target = moves[key];
  return target === undefined ? null : Math.min(durationSec, Math.max(0, target));
}

/**
 * A roving tabindex over `keys`: the active item has tabIndex 0, the others -1, and arrow keys
 * (Home, End) move focus along them. `selected`, when given, is always the item Tab lands on (the
 * shown tab: tabs follow the focus). `onKeyDown` returns the key it moved to.
 */
export function useRoving(
  keys: string[],
  orientation: 'horizontal' | 'vertical',
  selected?: string,
) {
  const [active, setActive] = useState<string | null>(null);
  const elements = useRef(new Map<string, HTMLElement>());
  const current =
    selected !== undefined && keys.includes(selected)
      ? selected
      : active !== null && keys.includes(active)
        ? active
        : (keys[0] ?? null);
  const itemProps = (key: string) => ({
    ref: (element: HTMLElement | null) => {
      if (element) elements.current.set(key, element);
      else elements.current.delete(key);
    },
    tabIndex: key === current ? 0 : -1,
    onFocus: () => setActive(key),
  });
  const onKeyDown = (event: KeyboardEvent): string | null => {
    // Only the items' own keys: not those of a menu or dialog opened from one of them.
    if (elements.current.get(current ?? '') !== event.target) return null;
    const target = listKeyTarget(keys.length, keys.indexOf(current ?? ''), event.key, orientation);
    const key = target === null ? undefined : keys[target];
    if (key === undefined) return null;
    event.preventDefault();
    setActive(key);
    elements.current.get(key)?.focus();
    return key;
  };
  return { itemProps, onKeyDown };
}

/** The Menu key or Shift+F10 on a list item opens the menu of its "⋯" button (not a Tab stop). */
export function openItemMenu(event: KeyboardEvent): void {
  if (event.key !== 'ContextMenu' && !(event.shiftKey && event.key === 'F10')) return;
  event.preventDefault();
  event.currentTarget.parentElement?.querySelector<HTMLButtonElement>('.menu-button')?.click();
}
