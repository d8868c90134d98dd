import { Dialog } from './Dialog';
import { useLibraryStore } from '../stores/library';

export function ProblemsPanel({ onClose }: { onClose: () => void }) {
  const problems = useLibraryStore((s) => s.problems);
  return (
    <Dialog
      label="Scan problems"
      title={
        <>
          {problems?.total ?? 0} {problems?.total === 1 ? 'file' : 'files'} could not be read
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
