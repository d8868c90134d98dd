import { useEffect, useState } from 'react';
import type { ScanProblem } from '../../../shared/contract';
import { perform } from '../actions/dispatcher';
import { Dialog } from './Dialog';
import { useLibraryStore } from '../stores/library';

interface Problems {
  total: number;
  problems: ScanProblem[];
}

/** Files named with what went wrong: the scan's, or the analysis's. */
function ProblemList({
  label,
  what,
  problems,
  onClose,
}: {
  label: string;
  what: string;
  problems: Problems | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      label={label}
      title={
        <>
          {problems?.total ?? 0} {problems?.total === 1 ? 'file' : 'files'} {what}
        </>
      }
      wide
      onClose={onClose}
    >
      <ul className="problems">
        {problems?.problems.map((p) => (
          <li key={p.path}>
            <span className="problem-path">{p.path}</span>
            <span className="problem-reason">{p.reason}</span>
          </li>
        ))}
      </ul>
      {problems && problems.total > problems.problems.length && (
        <p className="muted">and {problems.total - problems.problems.length} more</p>
      )}
    </Dialog>
  );
}

export function ProblemsPanel({ onClose }: { onClose: () => void }) {
  const problems = useLibraryStore((s) => s.problems);
  return (
    <ProblemList
      label="Scan problems"
      what="could not be read"
      problems={problems}
      onClose={onClose}
    />
  );
}

/** The files the analysis could not read, asked for when the list opens. */
export function AnalysisProblemsPanel({ onClose }: { onClose: () => void }) {
  const [problems, setProblems] = useState<Problems | null>(null);
  useEffect(() => {
    let open = true;
    void perform((api) => api.invoke('analysis:failures', { limit: 1000 }), {
      label: 'Could not list the files the analysis could not read',
    }).then((result) => {
      if (open && result) setProblems(result);
    });
    return () => {
      open = false;
    };
  }, []);
  return (
    <ProblemList
      label="Analysis problems"
      what="could not be analysed"
      problems={problems}
      onClose={onClose}
    />
  );
}
