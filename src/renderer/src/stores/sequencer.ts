import { request } from '../request';
import { create } from 'zustand';
import type {
  ControlAction,
  LearnState,
  Pattern,
  SamplerState,
  SequencerState,
} from '../../../shared/contract';
import type { PatternEdit } from '../../../shared/sequencer/pattern-edit';

import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';
import { libraryFeed, useLibraryStore } from './library';
import { playerActions, usePlayerStore } from './player';

interface SequencerStore {
  sequencer: SequencerState | null;
  learn: LearnState | null;
  sampler: SamplerState;
}

export const useSequencerStore = create<SequencerStore>(() => ({
  sequencer: null,
  learn: null,
  sampler: { input: null, notes: [] },
}));

const setSampler = (sampler: SamplerState | undefined) =>
  sampler && useSequencerStore.setState({ sampler });

const setSequencer = (sequencer: SequencerState | undefined) =>
  sequencer && useSequencerStore.setState({ sequencer });
const setLearn = (learn: LearnState | undefined) => learn && useSequencerStore.setState({ learn });

export const sequencerActions = {
  configure: (change: {
    enabled?: boolean;
    patterns?: Pattern[];
    queue?: number;
    outputs?: string[];
  }) => request((a) => a.invoke('sequencer:configure', change)).then(setSequencer),
  /** One edit, applied in main after those sent before it: quick edits never undo each other. */
  edit: (edit: PatternEdit) => request((a) => a.invoke('sequencer:edit', edit)).then(setSequencer),
  /** Flips one step of the pattern shown; `track` is a drum track index, or 'bass'. */
  toggleStep: (pattern: number, track: number | 'bass', step: number) =>
    sequencerActions.edit({ type: 'toggle-step', pattern, track, step }),
  /** Gives a track an output port of its own (null: only the sequencer's outputs). */
  setTrackPort: (pattern: number, track: number | 'bass', port: string | null) =>
    sequencerActions.edit({ type: 'set-track', pattern, track, port }),
  /** Sets a bass step's note (and turns the step on). */
  setBassNote: (pattern: number, step: number, note: number) =>
    sequencerActions.edit({ type: 'set-bass-step', pattern, step, note, on: true }),
  addPattern() {
    const state = useSequencerStore.getState().sequencer;
    if (!state || state.patterns.length >= 16) return;
    void sequencerActions.edit({ type: 'add-pattern', copyOf: state.current });
  },
  learn: (action: ControlAction) =>
    request((a) => a.invoke('learn:start', { action })).then(setLearn),
  cancelLearn: () => request((a) => a.invoke('learn:cancel', {})).then(setLearn),
  removeMapping: (id: number) => request((a) => a.invoke('learn:remove', { id })).then(setLearn),
  setSamplerInput: (input: string | null) =>
    request((a) => a.invoke('sampler:configure', { input })).then(setSampler),
  /** Maps a note to the selected file (or unmaps it with null). */
  mapSamplerNote: (note: number, id: number | null) =>
    request((a) => a.invoke('sampler:configure', { map: { note, id } })).then(setSampler),
};

/** What a mapped control asks of the window: the selection and auto-play live here. */
function perform(action: ControlAction | 'sampler', value: number): void {
  const { selectedIndex } = useLibraryStore.getState();
  const { autoPlay } = usePlayerStore.getState();
  const move = async (by: number) => {
    const row = await libraryFeed.select(Math.max(0, selectedIndex + by));
    if (autoPlay && row?.status === 'ok' && row.playable) await playerActions.play(row.id);
  };
  switch (action) {
    case 'next-file':
      void move(1);
      break;
    case 'previous-file':
      void move(-1);
      break;
    case 'play-selected': {
      const row = useLibraryStore.getState().rows.get(selectedIndex);
      if (row) void playerActions.play(row.id);
      break;
    }
    case 'stop':
      void playerActions.stop();
      break;
    case 'sampler': {
      const row = useLibraryStore.getState().rows.get(selectedIndex);
      const velocity = Math.max(1, Math.round(value * 127));
      if (row) void playerActions.play(row.id, { velocity });
      break;
    }
    case 'toggle-auto-play':
      void playerActions.setAutoPlay(!autoPlay);
      break;
    default:
      // volume and transport are done in main
      break;
  }
}

export function connectSequencerStore(client: Client): void {
  client.on('sequencer:state', (sequencer) => useSequencerStore.setState({ sequencer }));
  client.on('learn:state', (learn) => useSequencerStore.setState({ learn }));
  client.on('sampler:state', (sampler) => useSequencerStore.setState({ sampler }));
  client.on('control:fired', ({ action, value }) => perform(action, value));
  onConnected(() => {
    void request((a) => a.invoke('sequencer:state', {})).then(setSequencer);
    void request((a) => a.invoke('learn:state', {})).then(setLearn);
    void request((a) => a.invoke('sampler:state', {})).then(setSampler);
  });
}
