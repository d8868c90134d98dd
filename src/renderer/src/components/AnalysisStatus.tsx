import { useState } from 'react';
import { analysisActions, useAnalysisStore } from '../stores/analysis';
import { AnalysisProblemsPanel } from './ProblemsPanel';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The analysis's progress, under the scan's: Cancel while it runs, Resume once cancelled. Only
 * a status line: the list stays usable, and its rows fill in as files are analysed.
 */
export function AnalysisStatus() {
  const progress = useAnalysisStore((s) => s.progress);
  const [listing, setListing] = useState(false);
  if (!progress || progress.total === 0) return null;
  const { active, paused, done, total, failed, current } = progress;
  const failures = failed > 0 && (
    <>
      {' '}
      <button className="link" onClick={() => setListing(true)}>
        ({count(failed)} could not be analysed)
      </button>
      {listing && <AnalysisProblemsPanel onClose={() => setListing(false)} />}
    </>
  );
  if (active) {
    return (
      <div role="status" aria-label="Analysis progress" className="analysis-progress">
        <progress max={Math.max(1, total)} value={done} />
        <button onClick={() => void analysisActions.cancel()}>Cancel</button>
        <span className="analysis-text" title={current ?? undefined}>
          Analysing {count(done)} of {count(total)}
          {failures}
        </span>
      </div>
    );
  }
  const left = total - done - failed;
  return (
    <div role="status" aria-label="Analysis progress" className="analysis-progress">
      <span className="analysis-text muted">
        {paused
          ? `Analysis paused: ${count(done)} of ${count(total)}`
          : left > 0
            ? `Analysed ${count(done)} of ${count(total)}`
            : `Analysed ${count(done)} files`}
        {failures}
      </span>
      {(paused || left > 0) && (
        <button onClick={() => void analysisActions.start()}>
          {paused ? 'Resume' : 'Analyse'}
        </button>
      )}
    </div>
  );
}
