import { useEffect, useRef, useState } from 'react';
import { onAppCommand } from '../actions/app-commands';
import { addToLibrary, pickFolders } from '../actions/library-actions';

/** "Add folder…": the native dialog in Electron, a path field in the web shell. */
export function AddFolder() {
  const [asking, setAsking] = useState(false);
  const [path, setPath] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const start = () => void pickFolders().then((done) => setAsking(!done));
  // The menu's Add Folder… (Ctrl/Cmd+O): the dialog, or the path field (focused if open).
  useEffect(
    () =>
      onAppCommand('add-folder', () => {
        if (field.current) field.current.focus();
        else void pickFolders().then((done) => setAsking(!done));
      }),
    [],
  );
  if (!asking) {
    return <button onClick={start}>Add folder…</button>;
  }
  return (
    <form
      className="add-folder"
      aria-label="Add folder"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = path.trim();
        if (!trimmed) return;
        // After an error the typed path stays, to be corrected rather than typed again.
        void addToLibrary([trimmed]).then((added) => {
          if (!added) return;
          setPath('');
          setAsking(false);
        });
      }}
    >
      <input
        ref={field}
        autoFocus
        aria-label="Folder path"
        placeholder="~/Samples or /path/to/samples"
        value={path}
        onChange={(event) => setPath(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && setAsking(false)}
      />
      <button type="submit">Add</button>
    </form>
  );
}
