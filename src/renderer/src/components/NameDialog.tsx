import { useId, useState } from 'react';
import { Dialog } from './Dialog';

/** Asks for a name (a new collection, a tag's new name); empty or unchanged does nothing. */
export function NameDialog(props: {
  label: string;
  initial?: string;
  action: string;
  /** Names to complete from (the tags in use). */
  suggestions?: string[];
  onDone: (name: string) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState(props.initial ?? '');
  const listId = useId();
  const submit = () => {
    const trimmed = name.trim();
    props.onClose();
    if (trimmed && trimmed !== props.initial) props.onDone(trimmed);
  };
  return (
    <Dialog label={props.label} onClose={props.onClose}>
      <form
        className="name-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <input
          aria-label="Name"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          list={props.suggestions ? listId : undefined}
          autoFocus
        />
        {props.suggestions && (
          <datalist id={listId}>
            {props.suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        )}
        <button type="submit">{props.action}</button>
      </form>
    </Dialog>
  );
}
