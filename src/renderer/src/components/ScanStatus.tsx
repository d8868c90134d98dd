import { libraryActions } from '../actions/library-actions';
import { useLibraryStore } from '../stores/library';

export function ScanStatus({ onShowProblems }: { onShowProblems: () => void }) {
  const scan = useLibraryStore((s) => s.state?.scan);
  const errors = useLibraryStore((s) => s.state?.errors ?? 0);
  return (
    <div className="scan-status">
      {scan?.active && (
        <div role="status" aria-label="Scan progress" className="scan-progress">
          <progress max={Math.max(1, scan.found)} value={scan.read} />
          <span>
            Scanning: {scan.read} of {scan.found} files read
            {scan.currentDir ? ` · ${scan.currentDir}` : ''}
          </span>
          <button onClick={() => void libraryActions.cancelScan()}>Cancel</button>
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
