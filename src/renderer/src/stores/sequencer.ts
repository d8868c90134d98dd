import { create } from 'zustand';
import type { Pattern, SequencerState } from '../../../shared/contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { PatternEdit } from '../../../shared/sequencer/pattern-edit';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { followState } from './follow-state';

interface SequencerStore {
  sequencer: SequencerState | null;
}

export const useSequencerStore = create<SequencerStore>(() => ({ sequencer: null }));

/**
 * Every change reaches the window once, as the `sequencer:state` event the core sends for it
 * (before its answer): answers are not applied again. A failure goes to the error policy.
 */
export const sequencerActions = {
  configure: async (change: {
    enabled?: boolean;
    patterns?: Pattern[];
    queue?: number;
    outputs?: string[];
  }): Promise<void> => {
    await perform((a) => a.invoke('sequencer:configure', change));
  },
  /** One edit, applied in main after those sent before it: quick edits never undo each other. */
  edit: async (edit: PatternEdit): Promise<void> => {
    await perform((a) => a.invoke('sequencer:edit', edit));
  },
  /** Flips one step of the pattern shown; `track` is a drum track index, or 'bass'. */
  toggleStep: async (pattern: number, track: number | 'bass', step: number): Promise<void> => {
    await perform((a) => a.invoke('sequencer:toggle-step', { pattern, track, step }));
  },
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
  renamePattern: (pattern: number, name: string) =>
    sequencerActions.edit({ type: 'rename-pattern', pattern, name }),
  deletePattern: (pattern: number) => sequencerActions.edit({ type: 'delete-pattern', pattern }),
};

/** Feeds the sequencer store from the core's events: its state on connect, then every change. */
export function connectSequencerStore(client: Client): Disposable {
  return followState(client, 'sequencer:state', (sequencer) =>
    useSequencerStore.setState({ sequencer }),
  );
}
