import { useLibraryStore } from '../stores/library';

export function ProblemsPanel({ onClose }: { onClose: () => void }) {
  const problems = useLibraryStore((s) => s.problems);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <section
        role="dialog"
        aria-label="Scan problems"
        className="dialog wide"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
      >
        <header className="dialog-header">
          <h2>
            {problems?.total ?? 0} {problems?.total === 1 ? 'file' : 'files'} could not be read
          </h2>
          <button onClick={onClose} aria-label="Close" autoFocus>
            ×
          </button>
        </header>
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
      </section>
    </div>
  );
}
