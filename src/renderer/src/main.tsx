import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { api } from './ipc/api';
import { libraryFeed } from './stores/library';
import { connectMidiStore } from './stores/midi';
import { connectPlayerStore } from './stores/player';
import { connectSequencerStore } from './stores/sequencer';

import { connectThumbnails } from './stores/thumbnails';
import { connectSystemStore } from './stores/system';
import './styles.css';

connectSystemStore(api);
libraryFeed.connect(api);
connectPlayerStore(api);
connectThumbnails(api);
connectMidiStore(api);
connectSequencerStore(api);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
