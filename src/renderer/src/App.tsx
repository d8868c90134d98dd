import { useState } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { FileList } from './components/FileList';
import { PlayerBar } from './components/PlayerBar';
import { Sidebar } from './components/Sidebar';
import { SystemPanel } from './components/SystemPanel';
import { TransportStrip } from './components/TransportStrip';

export function App() {
  const [systemOpen, setSystemOpen] = useState(false);
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Sampledeck</h1>
        <TransportStrip />
        <button onClick={() => setSystemOpen(true)}>About / System</button>
      </header>
      <ConnectionBanner />
      <Sidebar />
      <FileList />
      <PlayerBar />
      {systemOpen && <SystemPanel onClose={() => setSystemOpen(false)} />}
    </div>
  );
}
