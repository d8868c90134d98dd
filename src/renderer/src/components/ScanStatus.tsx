import { libraryActions } from '../actions/library-actions';
import { useLibraryStore } from '../stores/library';

/** The scan's progress, by the library folders; the folder it is in truncates (whole in the title). */
export function ScanStatus({ onShowProblems }: { onShowProblems: () => void }) {
  const scan = useLibraryStore((s) => s.state?.scan);
  const errors = useLibraryStore((s) => s.state?.errors ?? 0);
  return (
    <div className="scan-status">
      {scan?.active && (
        <div role="status" aria-label="Scan progress" className="scan-progress">
          <progress max={Math.max(1, scan.found)} value={scan.read} />
          <button onClick={() => void libraryActions.cancelScan()}>Cancel</button>
          <span className="scan-text">
            Scanning: {scan.read} of {scan.found} files read
          </span>
          {scan.currentDir && (
            <span className="scan-dir muted" title={scan.currentDir}>
              {scan.currentDir}
            </span>
          )}
        </div>
      )}
      {!scan?.active && scan?.cancelled && <span className="muted">Scan cancelled.</span>}
      {errors > 0 && (
        <button className="problems-button" onClick={onShowProblems}>
          {errors === 1 ? '1 file could not be read' : `${errors} files could not be read`}
        </button>
      )}
    </div>
  );
}
