import { useState } from 'react';
import { marksActions } from '../actions/marks-actions';
import { tagTerm } from '../actions/search-terms';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { useMarksStore } from '../stores/marks';
import { MarksButton } from './MarksDialog';
import { MenuButton } from './MenuButton';
import { NameDialog } from './NameDialog';
import { openItemMenu, useRoving } from './keyboard-nav';

type Editing = { kind: 'rename' | 'merge'; tag: string } | null;

function TagItem({
  name,
  count,
  onEdit,
  roving,
}: {
  name: string;
  count: number;
  onEdit: (e: Editing) => void;
  roving: ReturnType<ReturnType<typeof useRoving>['itemProps']>;
}) {
  const term = tagTerm(name);
  const active = useLibraryStore((s) => s.query.search === term);
  return (
    <li className={`side-item${active ? ' selected' : ''}`}>
      <button
        className="side-label"
        aria-pressed={active}
        title={`Show ${term}`}
        {...roving}
        onKeyDown={openItemMenu}
        onClick={() => libraryFeed.setQuery({ search: active ? '' : term })}
      >
        {name} <span className="muted">{count}</span>
      </button>
      <MenuButton
        label={`Tag ${name}`}
        tabIndex={-1}
        items={[
          { label: 'Rename…', run: () => onEdit({ kind: 'rename', tag: name }) },
          { label: 'Merge into…', run: () => onEdit({ kind: 'merge', tag: name }) },
          { label: 'Delete tag', run: () => void marksActions.deleteTag(name) },
        ]}
      />
    </li>
  );
}

/** Every tag in use: click shows its files; ⋯ renames, merges or deletes it everywhere. */
export function TagsPanel() {
  const tags = useMarksStore((s) => s.state?.tags ?? null);
  const [editing, setEditing] = useState<Editing>(null);
  const { itemProps, onKeyDown } = useRoving(tags?.map((t) => t.name) ?? [], 'vertical');
  if (tags === null) return null;
  return (
    <section aria-label="Tags" className="sidebar-section">
      <h3>Tags</h3>
      {tags.length === 0 ? (
        <p className="muted small">None yet: right-click files, “Tags…”.</p>
      ) : (
        <ul className="side-list" onKeyDown={onKeyDown}>
          {tags.map((t) => (
            <TagItem
              key={t.name}
              name={t.name}
              count={t.count}
              onEdit={setEditing}
              roving={itemProps(t.name)}
            />
          ))}
        </ul>
      )}
      <MarksButton />
      {editing && (
        <NameDialog
          label={
            editing.kind === 'rename' ? `Rename tag ${editing.tag}` : `Merge ${editing.tag} into`
          }
          action={editing.kind === 'rename' ? 'Rename' : 'Merge'}
          initial={editing.kind === 'rename' ? editing.tag : ''}
          suggestions={tags.map((t) => t.name).filter((t) => t !== editing.tag)}
          onClose={() => setEditing(null)}
          onDone={(name) =>
            void (editing.kind === 'rename'
              ? marksActions.renameTag(editing.tag, name)
              : marksActions.mergeTags([editing.tag], name))
          }
        />
      )}
    </section>
  );
}
