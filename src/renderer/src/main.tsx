import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DisposableStore } from '../../shared/lifecycle';
import { App } from './App';
import { connectControls } from './actions/controls';
import { connectDispatcher } from './actions/dispatcher';
import { api, watchConnection } from './ipc/api';
import { connectAnalysisStore } from './stores/analysis';
import { connectAppCommands } from './stores/app-commands';
import { useConnectionStore } from './stores/connection';
import { connectLearnStore } from './stores/learn';
import { libraryFeed } from './stores/library';
import { connectMarksStore } from './stores/marks';
import { connectMidiStore } from './stores/midi';
import { connectPlayerStore } from './stores/player';
import { connectSamplerStore } from './stores/sampler';
import { connectSequencerStore } from './stores/sequencer';
import { connectSettingsStore } from './stores/settings';
import { connectSystemStore } from './stores/system';
import { connectThumbnails } from './stores/thumbnails';
import './styles.css';

/**
 * Everything the window connects to the core, in one owner. Released on `pagehide`, the one
 * event every way of leaving fires (closed, reloaded, navigated away, or kept in the back/forward
 * cache; `unload` misses the last and is deprecated): the listeners stop before the page goes,
 * so a leaving page handles no event and starts no request.
 */
const connections = new DisposableStore();
// First: every store below reads the connection's state when it connects.
connections.defer(watchConnection((state) => useConnectionStore.setState({ state })));
connections.add(connectDispatcher(api));
connections.add(connectSystemStore(api));
connections.add(libraryFeed.connect(api));
connections.add(connectMarksStore(api));
connections.add(connectAnalysisStore(api));
connections.add(connectPlayerStore(api));
connections.add(connectThumbnails());
connections.add(connectMidiStore(api));
connections.add(connectSequencerStore(api));
connections.add(connectLearnStore(api));
connections.add(connectSamplerStore(api));
connections.add(connectSettingsStore(api));
connections.add(connectControls(api));
connections.add(connectAppCommands(api));
window.addEventListener('pagehide', () => void connections.dispose(), { once: true });
// Brought back from that cache, the page has nothing connected: start it afresh.
window.addEventListener('pageshow', (event) => event.persisted && window.location.reload());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
