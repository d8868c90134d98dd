import { AddFolder } from './AddFolder';
import { FolderTree } from './FolderTree';
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
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <section aria-label="Library folders" className="sidebar-section">
        <h3>Library</h3>
        <FolderTree />
        <AddFolder />
      </section>
      <MidiSection />
    </aside>
  );
}
