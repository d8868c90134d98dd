import { useEffect, useRef, useState, type DragEvent } from 'react';
import { onAppCommand } from '../actions/app-commands';
import { findSimilar } from '../actions/find-similar';
import { addToLibrary } from '../actions/library-actions';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { notify } from '../stores/notices';
import { EmptyResult } from './EmptyResult';
import { FileTable } from './FileTable';
import { LibraryToolbar } from './LibraryToolbar';
import { SimilarBar } from './SimilarBar';

function droppedPaths(event: DragEvent): string[] | null {
  const pathForFile = window.bridge?.pathForFile;
  if (!pathForFile) return null;
  return [...event.dataTransfer.files].map((file) => pathForFile(file)).filter(Boolean);
}

export function FileList() {
  const libraryTotal = useLibraryStore((s) => s.state?.total ?? 0);
  const scanning = useLibraryStore((s) => s.state?.scan.active ?? false);
  const nothingMatches = useLibraryStore((s) => s.settled && s.total === 0);
  const searchRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  // Find similar (Ctrl/Cmd+Shift+S, the menu's View > Find Similar): from the focused file.
  useEffect(() => onAppCommand('find-similar', () => void findSimilar()), []);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const paths = droppedPaths(event);
    if (paths === null) {
      notify(
        'The browser does not tell the web shell where dropped folders are: use "Add folder…" and type the path.',
        'error',
      );
      return;
    }
    void addToLibrary(paths);
  };

  return (
    <main
      className={`file-list${dragging ? ' dragging' : ''}`}
      aria-label="Files"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <LibraryToolbar searchRef={searchRef} />
      <SimilarBar />
      {libraryTotal === 0 && !scanning ? (
        <div className="empty-state">
          <p className="empty-title">Drop a folder of audio here</p>
          <p className="muted">
            or use “Add folder…” in the sidebar. WAV and AIFF files are read; the list fills as the
            folder is scanned.
          </p>
        </div>
      ) : nothingMatches ? (
        <EmptyResult />
      ) : (
        <FileTable
          onTypeAhead={(key) => {
            libraryFeed.setQuery({ search: useLibraryStore.getState().query.search + key });
            searchRef.current?.focus();
          }}
        />
      )}
    </main>
  );
}
