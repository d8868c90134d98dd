import { useState } from 'react';
import { addToLibrary, pickFolders } from '../actions/library-actions';

/** "Add folder…": the native dialog in Electron, a path field in the web shell. */
export function AddFolder() {
  const [asking, setAsking] = useState(false);
  const [path, setPath] = useState('');
  if (!asking) {
    return (
      <button
        onClick={() => {
          void pickFolders().then((done) => setAsking(!done));
        }}
      >
        Add folder…
      </button>
    );
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
