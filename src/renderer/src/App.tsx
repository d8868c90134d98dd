import { useCallback, useEffect, useRef, useState } from 'react';
import { libraryActions } from './actions/library-actions';
import { ClockHealthPanel } from './components/ClockHealthPanel';
import { ConnectionBanner } from './components/ConnectionBanner';

import { FileList } from './components/FileList';
import { MarksRecoveryNotice } from './components/MarksDialog';
import { LearnView } from './components/LearnView';
import { MidiMonitor } from './components/MidiMonitor';
import { SequencerView } from './components/SequencerView';
import { SettingsButton, SettingsHost } from './components/settings/SettingsDialog';

import { Notices } from './components/Notices';
import { PlayerBar } from './components/PlayerBar';
import { ProblemsPanel } from './components/ProblemsPanel';
import { Sidebar } from './components/Sidebar';
import { SystemNotices } from './components/SystemNotices';
import { SystemPanel } from './components/SystemPanel';
import { TransportStrip } from './components/TransportStrip';
import { playerActions } from './stores/player';
import { onAppCommand, runAppCommand } from './actions/app-commands';
import { useRoving } from './components/keyboard-nav';

/**
 * Where Space keeps its own meaning: text fields (and selects) type or open with it, a focused
 * button or checkbox is pressed by it, as in desktop players; a modal dialog owns its keys, and so
 * does a widget marked `data-keys` (the transport starts the clock with it). Anywhere else (the
 * grid, the folder tree, tabs, sliders, the page) Space plays or pauses.
 */
const KEEPS_SPACE =
  'input:not([type="range"]), textarea, select, button:not([role="tab"]), [role="checkbox"], [contenteditable="true"], [aria-modal="true"], [data-keys]';

/** Space plays or pauses and Escape stops, wherever focus is, except where keys mean text. */
function usePlayerKeys(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      // A widget that used the key (the tree's Enter, the slider's arrows) said so.
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      if (target.closest(KEEPS_SPACE)) return;

      if (event.key === ' ') {
        event.preventDefault();
        runAppCommand('play-stop');
      } else if (event.key === 'Escape') {
        void playerActions.stop();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
  // Play/Stop is also the menu's (Electron), whatever is open.
  useEffect(() => onAppCommand('play-stop', () => void playerActions.toggle()), []);
}

/**
 * Ctrl/Cmd+F: the search box (not the browser's find bar), unless a modal dialog is open. From
 * another view it shows the samples first, then finds once the search box is there.
 */
function useFindKey(showSamples: () => void) {
  const pending = useRef(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== 'f') return;
      event.preventDefault();
      if (document.querySelector('[aria-modal="true"]') || runAppCommand('find')) return;
      pending.current = true;
      showSamples();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [showSamples]);
  // After the render that showed the search box (its effect registered `find` before this one).
  useEffect(() => {
    if (pending.current && runAppCommand('find')) pending.current = false;
  });
}

/**
 * Ctrl/Cmd+Shift+S: find similar (the Electron menu takes the key itself; the web shell has no
 * menu). Shift+S with Ctrl/Cmd types nothing in the search box, and browsers leave it free.
 */
function useFindSimilarKey() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || !event.shiftKey) return;
      if (event.key.toLowerCase() !== 's' || document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      runAppCommand('find-similar');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

type View = 'samples' | 'monitor' | 'sequencer' | 'learn';
const VIEWS: { id: View; label: string }[] = [
  { id: 'samples', label: 'Samples' },
  { id: 'monitor', label: 'MIDI monitor' },
  { id: 'sequencer', label: 'Sequencer' },
  { id: 'learn', label: 'MIDI learn' },
];

/** The views as tabs: one Tab stop; Left/Right (Home/End) move to another view and show it. */
function ViewTabs({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  const { itemProps, onKeyDown } = useRoving(
    VIEWS.map((v) => v.id),
    'horizontal',
    view,
  );
  return (
    <div
      role="tablist"
      aria-label="Views"
      className="tabs"
      onKeyDown={(event) => {
        const moved = VIEWS.find((v) => v.id === onKeyDown(event));
        if (moved) onChange(moved.id);
      }}
    >
      {VIEWS.map((v) => (
        <button
          key={v.id}
          role="tab"
          aria-selected={view === v.id}
          {...itemProps(v.id)}
          onClick={() => onChange(v.id)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}

export function App() {
  const [panel, setPanel] = useState<'system' | 'problems' | 'health' | null>(null);
  const [view, setView] = useState<View>('samples');
  const close = () => setPanel(null);
  const showSamples = useCallback(() => setView('samples'), []);
  usePlayerKeys(panel === null);
  // The application menu's commands this component owns (others: the components they act on).
  useEffect(() => {
    const off = [
      onAppCommand('about', () => setPanel('system')),
      onAppCommand('rescan', () => void libraryActions.rescanAll()),
    ];
    return () => off.forEach((unregister) => unregister());
  }, []);
  useFindKey(showSamples);
  useFindSimilarKey();
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Sampledeck</h1>
        <TransportStrip />
        {/* Kept free for more buttons: the scan's status is in the sidebar, by the library. */}
        <span className="topbar-spacer" />
        <button onClick={() => setPanel('health')}>Clock health</button>
        <SettingsButton />
        <button aria-label="About / System" onClick={() => setPanel('system')}>
          About
        </button>
      </header>
      <ConnectionBanner />
      <Sidebar onShowProblems={() => setPanel('problems')} />
      <div className="main-area">
        <SystemNotices />
        <MarksRecoveryNotice />
        <ViewTabs view={view} onChange={setView} />
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
      <SettingsHost />
    </div>
  );
}
