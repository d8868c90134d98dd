import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FolderNode } from '../../../shared/contract';
import { libraryActions } from '../actions/library-actions';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { Dialog } from './Dialog';
import { ALL_FILES_KEY, flattenTree, treeKeyTarget, type FlatItem } from './keyboard-nav';

/** Removing a folder asks first: it takes every file under it out of the list. */
function ConfirmRemove({ node, onClose }: { node: FolderNode; onClose: () => void }) {
  return (
    <Dialog label="Remove folder" title="Remove this folder from the library?" onClose={onClose}>
      <p>
        <span className="problem-path">{node.path}</span>
        <br />
        Its {node.files} files leave the list; nothing is deleted from the disk, and their
        favourites, ratings and tags come back if you add the folder again.
      </p>
      <div className="dialog-actions">
        <button onClick={onClose}>Cancel</button>
        <button
          className="danger"
          onClick={() => {
            onClose();
            void libraryActions.remove(node.path);
          }}
        >
          Remove
        </button>
      </div>
    </Dialog>
  );
}

/** One row of the tree: the roving focus target; its rescan and remove buttons are for the mouse. */
function TreeRow({
  item,
  active,
  selected,
  onToggle,
  onRemove,
  focusRef,
  onFocus,
}: {
  item: FlatItem;
  active: boolean;
  selected: boolean;
  onToggle: () => void;
  onRemove: () => void;
  focusRef: (element: HTMLDivElement | null) => void;
  onFocus: () => void;
}) {
  const node = item.node;
  return (
    <div
      ref={focusRef}
      role="treeitem"
      aria-label={
        node ? `${node.name}, ${node.files} ${node.files === 1 ? 'file' : 'files'}` : 'All files'
      }
      aria-level={item.depth + 1}
      aria-setsize={item.setSize}
      aria-posinset={item.posInSet}
      aria-expanded={item.expandable ? item.open : undefined}
      aria-selected={selected}
      tabIndex={active ? 0 : -1}
      className={`tree-row${selected ? ' selected' : ''}`}
      style={{ paddingLeft: item.depth * 12 }}
      title={node?.path}
      onFocus={onFocus}
      onClick={() => libraryFeed.setQuery({ folder: selected ? null : (node?.path ?? null) })}
    >
      {item.expandable ? (
        <span
          className="twisty"
          aria-hidden="true"
          onClick={(event) => {
            event.stopPropagation();
            onToggle();
          }}
        >
          {item.open ? '▾' : '▸'}
        </span>
      ) : (
        <span className="twisty" aria-hidden="true" />
      )}
      <span className="tree-label">
        {node ? node.name : 'All files'} {node && <span className="muted">{node.files}</span>}
      </span>
      {node && item.depth === 0 && (
        <span className="tree-actions" onClick={(event) => event.stopPropagation()}>
          <button
            tabIndex={-1}
            aria-label={`Rescan ${node.path}`}
            title="Rescan"
            onClick={() => void libraryActions.rescan(node.path)}
          >
            ↻
          </button>
          <button
            tabIndex={-1}
            aria-label={`Remove ${node.path}`}
            title="Remove from the library (Delete)"
            onClick={onRemove}
          >
            ✕
          </button>
        </span>
      )}
    </div>
  );
}

/**
 * The library's folders as one tree widget, one Tab stop: arrow keys move and open, Enter shows a
 * folder's files, Delete asks to remove a library folder (keyboard-nav.ts says which key does what).
 */
export function FolderTree() {
  const tree = useLibraryStore((s) => s.tree);
  const folder = useLibraryStore((s) => s.query.folder);
  // Library folders start open, their subfolders closed; a folder toggled leaves its default.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<FolderNode | null>(null);
  const elements = useRef(new Map<string, HTMLDivElement>());
  const focusAfterRender = useRef<string | null>(null);
  const flat = flattenTree(tree, (node, depth) => (depth === 0) !== toggled.has(node.path));
  const selectedKey = folder ?? ALL_FILES_KEY;
  const has = (key: string | null) => key !== null && flat.some((item) => item.key === key);
  const current = has(activeKey) ? activeKey : has(selectedKey) ? selectedKey : ALL_FILES_KEY;

  useEffect(() => {
    const key = focusAfterRender.current;
    if (key === null) return;
    focusAfterRender.current = null;
    elements.current.get(key)?.focus();
  });

  if (tree.length === 0) return <p className="muted">No folders yet.</p>;
  const toggle = (path: string) => {
    const next = new Set(toggled);
    if (!next.delete(path)) next.add(path);
    setToggled(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Keys typed in the remove confirmation (a portal drawn from here) are not the tree's.
    if ((event.target as HTMLElement).getAttribute('role') !== 'treeitem') return;
    const index = flat.findIndex((item) => item.key === current);
    const action = treeKeyTarget(flat, index, event.key);
    const item = action && flat[action.index];
    if (!action || !item) return;
    event.preventDefault();
    if (action.kind === 'focus') {
      setActiveKey(item.key);
      focusAfterRender.current = item.key;
      elements.current.get(item.key)?.focus();
    } else if ((action.kind === 'open' || action.kind === 'close') && item.node) {
      toggle(item.node.path);
    } else if (action.kind === 'select') {
      libraryFeed.setQuery({ folder: item.node?.path ?? null });
    } else if (action.kind === 'remove' && item.node) {
      setConfirming(item.node);
    }
  };
  return (
    <div role="tree" aria-label="Folders" className="tree" onKeyDown={onKeyDown}>
      {flat.map((item) => (
        <TreeRow
          key={item.key}
          item={item}
          active={item.key === current}
          selected={item.key === selectedKey}
          onToggle={() => item.node && toggle(item.node.path)}
          onRemove={() => item.node && setConfirming(item.node)}
          focusRef={(element) => {
            if (element) elements.current.set(item.key, element);
            else elements.current.delete(item.key);
          }}
          onFocus={() => setActiveKey(item.key)}
        />
      ))}
      {confirming && <ConfirmRemove node={confirming} onClose={() => setConfirming(null)} />}
    </div>
  );
}
