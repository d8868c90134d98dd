import { systemActions, useSystemStore } from '../stores/system';

/** What main needs the user to know (recovered settings or library, a save that failed): kept until dismissed. */
export function SystemNotices() {
  const notices = useSystemStore((s) => s.info?.notices);
  if (!notices?.length) return null;
  return (
    <section className="system-notices" aria-label="Notices">
      {notices.map((n) => (
        <div key={n.id} className="system-notice" role="alert">
          <p>{n.message}</p>
          <button
            aria-label="Dismiss notice"
            onClick={() => void systemActions.dismissNotice(n.id)}
          >
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
