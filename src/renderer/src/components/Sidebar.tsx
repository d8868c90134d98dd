import { AddFolder } from './AddFolder';
import { AnalysisStatus } from './AnalysisStatus';
import { CollectionsPanel } from './CollectionsPanel';
import { FolderTree } from './FolderTree';
import { MidiPorts } from './MidiPorts';
import { ScanStatus } from './ScanStatus';
import { TagsPanel } from './TagsPanel';

function MidiSection() {
  return (
    <section aria-label="MIDI ports" className="sidebar-section">
      <h3>MIDI ports</h3>
      <MidiPorts />
    </section>
  );
}

export function Sidebar({ onShowProblems }: { onShowProblems: () => void }) {
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <section aria-label="Library folders" className="sidebar-section">
        <h3>Library</h3>
        <ScanStatus onShowProblems={onShowProblems} />
        <AnalysisStatus />
        <FolderTree />
        <AddFolder />
      </section>
      <CollectionsPanel />
      <TagsPanel />
      <MidiSection />
    </aside>
  );
}
