import { useState, type DragEvent } from 'react';
import type { Collection } from '../../../shared/contract';
import { marksActions } from '../actions/marks-actions';
import { draggedRows } from '../actions/row-drag';
import { collectionTerm } from '../actions/search-terms';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { useMarksStore } from '../stores/marks';
import { MenuButton } from './MenuButton';
import { NameDialog } from './NameDialog';
import { openItemMenu, useRoving } from './keyboard-nav';

type Editing = { kind: 'new' } | { kind: 'rename'; collection: Collection } | null;

function CollectionItem({
  collection,
  onRename,
  roving,
}: {
  collection: Collection;
  onRename: () => void;
  roving: ReturnType<ReturnType<typeof useRoving>['itemProps']>;
}) {
  const term = collectionTerm(collection.name);
  const active = useLibraryStore((s) => s.query.search === term);
  const [over, setOver] = useState(false);
  // Rows dragged from the list are added where they are dropped; anything else is not taken.
  const onDragOver = (event: DragEvent) => {
    if (draggedRows().length === 0) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (event: DragEvent) => {
    setOver(false);
    const ids = draggedRows();
    if (ids.length === 0) return;
    event.preventDefault();
    event.stopPropagation();
    void marksActions.addToCollection(collection.id, ids);
  };
  return (
    <li className={`side-item${active ? ' selected' : ''}${over ? ' drop-over' : ''}`}>
      <button
        className="side-label"
        aria-pressed={active}
        title={`Show ${term}`}
        {...roving}
        onKeyDown={openItemMenu}
        // A collection is an ordered list: shown in its own order, until left.
        onClick={() =>
          libraryFeed.setQuery(
            active ? { search: '', sort: 'name' } : { search: term, sort: 'position' },
          )
        }
        onDragOver={onDragOver}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        {collection.name} <span className="muted">{collection.count}</span>
      </button>
      <MenuButton
        label={`Collection ${collection.name}`}
        tabIndex={-1}
        items={[
          { label: 'Rename…', run: onRename },
          {
            label: 'Add the selected files',
            run: () => void marksActions.addToCollection(collection.id, libraryFeed.targets()),
          },
          {
            label: 'Delete collection',
            run: () => void marksActions.deleteCollection(collection.id),
          },
        ]}
      />
    </li>
  );
}

/** The user's collections: click shows one, drop rows on one to add them, ⋯ renames or deletes. */
export function CollectionsPanel() {
  const collections = useMarksStore((s) => s.state?.collections ?? null);
  const [editing, setEditing] = useState<Editing>(null);
  const { itemProps, onKeyDown } = useRoving(
    collections?.map((c) => String(c.id)) ?? [],
    'vertical',
  );
  if (collections === null) return null;
  return (
    <section aria-label="Collections" className="sidebar-section">
      <h3 className="section-head">
        Collections
        <button
          className="menu-button"
          aria-label="New collection"
          title="New collection"
          onClick={() => setEditing({ kind: 'new' })}
        >
          +
        </button>
      </h3>
      {collections.length === 0 ? (
        <p className="muted small">None yet: right-click files, “Add to collection”.</p>
      ) : (
        <ul className="side-list" onKeyDown={onKeyDown}>
          {collections.map((c) => (
            <CollectionItem
              key={c.id}
              roving={itemProps(String(c.id))}
              collection={c}
              onRename={() => setEditing({ kind: 'rename', collection: c })}
            />
          ))}
        </ul>
      )}
      {editing?.kind === 'new' && (
        <NameDialog
          label="New collection"
          action="Create"
          onClose={() => setEditing(null)}
          onDone={(name) => void marksActions.createCollection(name)}
        />
      )}
      {editing?.kind === 'rename' && (
        <NameDialog
          label="Rename collection"
          action="Rename"
          initial={editing.collection.name}
          onClose={() => setEditing(null)}
          onDone={(name) => {
            const id = editing.collection.id;
            const wasShown =
              useLibraryStore.getState().query.search === collectionTerm(editing.collection.name);
            void marksActions.renameCollection(id, name).then((state) => {
              if (state && wasShown) libraryFeed.setQuery({ search: collectionTerm(name) });
            });
          }}
        />
      )}
    </section>
  );
}
