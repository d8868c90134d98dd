import { useState } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { FileList } from './components/FileList';
import { Notices } from './components/Notices';
import { PlayerBar } from './components/PlayerBar';
import { ProblemsPanel } from './components/ProblemsPanel';
import { ScanStatus } from './components/ScanStatus';
import { Sidebar } from './components/Sidebar';
import { SystemPanel } from './components/SystemPanel';
import { TransportStrip } from './components/TransportStrip';

export function App() {
  const [panel, setPanel] = useState<'system' | 'problems' | null>(null);
  const close = () => setPanel(null);
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Sampledeck</h1>
        <TransportStrip />
        <ScanStatus onShowProblems={() => setPanel('problems')} />
        <button onClick={() => setPanel('system')}>About / System</button>
      </header>
      <ConnectionBanner />
      <Sidebar />
      <FileList />
      <PlayerBar />
      <Notices />
      {panel === 'system' && <SystemPanel onClose={close} />}
      {panel === 'problems' && <ProblemsPanel onClose={close} />}
    </div>
  );
}
