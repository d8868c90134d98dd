import { useState } from 'react';
import type { FolderNode } from '../../../shared/contract';
import { libraryActions } from '../actions/library-actions';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { Dialog } from './Dialog';

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

function Node({ node, depth, root }: { node: FolderNode; depth: number; root: boolean }) {
  const [open, setOpen] = useState(root);
  const [confirming, setConfirming] = useState(false);
  const selected = useLibraryStore((s) => s.query.folder === node.path);
  return (
    <li
      role="treeitem"
      aria-expanded={node.children.length ? open : undefined}
      aria-selected={selected}
    >
      <div className={`tree-row${selected ? ' selected' : ''}`} style={{ paddingLeft: depth * 12 }}>
        {node.children.length > 0 ? (
          <button
            className="twisty"
            aria-label={open ? 'Collapse' : 'Expand'}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" />
        )}
        <button
          className="tree-label"
          title={node.path}
          onClick={() => libraryFeed.setQuery({ folder: selected ? null : node.path })}
        >
          {node.name} <span className="muted">{node.files}</span>
        </button>
        {root && (
          <span className="tree-actions">
            <button
              aria-label={`Rescan ${node.path}`}
              title="Rescan"
              onClick={() => void libraryActions.rescan(node.path)}
            >
              ↻
            </button>
            <button
              aria-label={`Remove ${node.path}`}
              title="Remove from the library"
              onClick={() => setConfirming(true)}
            >
              ✕
            </button>
          </span>
        )}
      </div>
      {confirming && <ConfirmRemove node={node} onClose={() => setConfirming(false)} />}
      {open && node.children.length > 0 && (
        <ul role="group">
          {node.children.map((child) => (
            <Node key={child.path} node={child} depth={depth + 1} root={false} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function FolderTree() {
  const tree = useLibraryStore((s) => s.tree);
  const folder = useLibraryStore((s) => s.query.folder);
  if (tree.length === 0) return <p className="muted">No folders yet.</p>;
  return (
    <ul role="tree" aria-label="Folders" className="tree">
      <li role="treeitem" aria-selected={folder === null}>
        <div className={`tree-row${folder === null ? ' selected' : ''}`}>
          <span className="twisty" />
          <button className="tree-label" onClick={() => libraryFeed.setQuery({ folder: null })}>
            All files
          </button>
        </div>
      </li>
      {tree.map((node) => (
        <Node key={node.path} node={node} depth={0} root />
      ))}
    </ul>
  );
}
