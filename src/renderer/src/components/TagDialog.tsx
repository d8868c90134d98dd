import { useId, useState } from 'react';
import { marksActions } from '../actions/marks-actions';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { useMarksStore } from '../stores/marks';
import { Dialog } from './Dialog';

/**
 * Tags on many files at once: each tag the files carry, with how many of them do and a ✕ that
 * takes it off them all; a field (completing from the tags in use) adds a tag to them all.
 */
export function TagDialog({ ids, onClose }: { ids: number[]; onClose: () => void }) {
  // Re-read on every change of the rows: 'marks:changed' refreshes them.
  useLibraryStore((s) => s.rows);
  const known = useMarksStore((s) => s.state?.tags ?? []);
  const [text, setText] = useState('');
  const listId = useId();
  const rows = libraryFeed.rowsOf(ids);
  const counts = new Map<string, number>();
  for (const row of rows)
    for (const tag of row.marks.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const add = () => {
    const names = text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    setText('');
    void marksActions.tag(ids, names);
  };
  return (
    <Dialog
      label="Tags"
      title={`Tags of ${ids.length === 1 ? (rows[0]?.name ?? '1 file') : `${ids.length} files`}`}
      onClose={onClose}
    >
      <ul className="tag-list" aria-label="Tags on these files">
        {[...counts].map(([tag, count]) => (
          <li key={tag} className="tag-chip">
            {tag}
            {ids.length > 1 && (
              <span className="muted"> {count === rows.length ? 'all' : count}</span>
            )}
            <button
              aria-label={`Remove tag ${tag}`}
              onClick={() => void marksActions.tag(ids, [], [tag])}
            >
              ✕
            </button>
          </li>
        ))}
        {counts.size === 0 && <li className="muted">No tags yet.</li>}
      </ul>
      <form
        className="name-form"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <input
          aria-label="Add tags"
          placeholder="kick, 808, dark"
          list={listId}
          value={text}
          onChange={(event) => setText(event.target.value)}
          autoFocus
        />
        <datalist id={listId}>
          {known.map((t) => (
            <option key={t.name} value={t.name}>{`${t.count}`}</option>
          ))}
        </datalist>
        <button type="submit">Add</button>
      </form>
    </Dialog>
  );
}
