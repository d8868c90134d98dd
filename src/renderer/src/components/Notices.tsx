import { dismissNotice, useNoticeStore } from '../stores/notices';

export function Notices() {
  const notices = useNoticeStore((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <p key={n.id} className={`toast ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          {n.text}
          {n.action && (
            <button
              className="toast-action"
              onClick={() => {
                dismissNotice(n.id);
                n.action?.run();
              }}
            >
              {n.action.label}
            </button>
          )}
        </p>
      ))}
    </div>
  );
}
