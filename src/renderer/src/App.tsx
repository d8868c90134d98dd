import { useEffect, useState } from 'react';
import { ClockHealthPanel } from './components/ClockHealthPanel';
import { ConnectionBanner } from './components/ConnectionBanner';

import { FileList } from './components/FileList';
import { MarksRecoveryNotice } from './components/MarksDialog';
import { LearnView } from './components/LearnView';
import { MidiMonitor } from './components/MidiMonitor';
import { SequencerView } from './components/SequencerView';

import { Notices } from './components/Notices';
import { PlayerBar } from './components/PlayerBar';
import { ProblemsPanel } from './components/ProblemsPanel';
import { Sidebar } from './components/Sidebar';
import { SystemNotices } from './components/SystemNotices';
import { SystemPanel } from './components/SystemPanel';
import { TransportStrip } from './components/TransportStrip';
import { playerActions } from './stores/player';

/** Space plays or pauses and Escape stops, wherever focus is, except where keys mean text. */
function usePlayerKeys(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, button, [role="dialog"], [data-keys]')) return;

      if (event.key === ' ') {
        event.preventDefault();
        void playerActions.toggle();
      } else if (event.key === 'Escape') {
        void playerActions.stop();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}

export function App() {
  const [panel, setPanel] = useState<'system' | 'problems' | 'health' | null>(null);
  const [view, setView] = useState<'samples' | 'monitor' | 'sequencer' | 'learn'>('samples');
  const close = () => setPanel(null);
  usePlayerKeys(panel === null);
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Sampledeck</h1>
        <TransportStrip />
        {/* Kept free for more buttons: the scan's status is in the sidebar, by the library. */}
        <span className="topbar-spacer" />
        <button onClick={() => setPanel('health')}>Clock health</button>
        <button aria-label="About / System" onClick={() => setPanel('system')}>
          About
        </button>
      </header>
      <ConnectionBanner />
      <Sidebar onShowProblems={() => setPanel('problems')} />
      <div className="main-area">
        <SystemNotices />
        <MarksRecoveryNotice />
        <div role="tablist" aria-label="Views" className="tabs">
          <button role="tab" aria-selected={view === 'samples'} onClick={() => setView('samples')}>
            Samples
          </button>
          <button role="tab" aria-selected={view === 'monitor'} onClick={() => setView('monitor')}>
            MIDI monitor
          </button>
          <button
            role="tab"
            aria-selected={view === 'sequencer'}
            onClick={() => setView('sequencer')}
          >
            Sequencer
          </button>
          <button role="tab" aria-selected={view === 'learn'} onClick={() => setView('learn')}>
            MIDI learn
          </button>
        </div>
        {view === 'samples' && <FileList />}
        {view === 'monitor' && <MidiMonitor />}
        {view === 'sequencer' && <SequencerView />}
        {view === 'learn' && <LearnView />}
      </div>
      <PlayerBar />
      <Notices />
      {panel === 'system' && <SystemPanel onClose={close} />}
      {panel === 'problems' && <ProblemsPanel onClose={close} />}
      {panel === 'health' && <ClockHealthPanel onClose={close} />}
    </div>
  );
}
