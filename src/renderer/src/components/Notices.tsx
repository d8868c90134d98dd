import { useNoticeStore } from '../stores/notices';

export function Notices() {
  const notices = useNoticeStore((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <p key={n.id} className={`toast ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          {n.text}
        </p>
      ))}
    </div>
  );
}
