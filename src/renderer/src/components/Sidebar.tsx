import { useSystemStore } from '../stores/system';

function MidiSection() {
  const midi = useSystemStore((s) => s.info?.midi);
  return (
    <section aria-label="MIDI ports" className="sidebar-section">
      <h3>MIDI ports</h3>
      {midi?.state === 'unavailable' && (
        <p className="notice" role="status">
          MIDI hardware unavailable: {midi.reason}
        </p>
      )}
      {midi?.state === 'available' && <p className="muted">{midi.detail}</p>}
      <p className="muted">Internal ports: Sampledeck Clock, Sampledeck Sequencer</p>
    </section>
  );
}

export function Sidebar() {
  const folders = useSystemStore((s) => s.info?.library.folders ?? 0);
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <section aria-label="Library folders" className="sidebar-section">
        <h3>Library</h3>
        {folders === 0 ? <p className="muted">No folders yet.</p> : <p>{folders} folders</p>}
      </section>
      <MidiSection />
    </aside>
  );
}
