import { create } from 'zustand';
import type { ControlAction, LearnState } from '../../../shared/contract';
import type { Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { followState } from './follow-state';

interface LearnStore {
  learn: LearnState | null;
}

/** MIDI learn: the mappings and the action waiting for a control, as the core has them. */
export const useLearnStore = create<LearnStore>(() => ({ learn: null }));

/** Each change comes back as the `learn:state` event, applied once there. */
export const learnActions = {
  start: async (action: ControlAction): Promise<void> => {
    await perform((a) => a.invoke('learn:start', { action }));
  },
  cancel: async (): Promise<void> => {
    await perform((a) => a.invoke('learn:cancel', {}));
  },
  /** Takes the control in conflict from the action that has it. */
  confirm: async (): Promise<void> => {
    await perform((a) => a.invoke('learn:confirm', {}));
  },
  removeMapping: async (id: number): Promise<void> => {
    await perform((a) => a.invoke('learn:remove', { id }));
  },
};

export function connectLearnStore(client: Client): Disposable {
  return followState(client, 'learn:state', (learn) => useLearnStore.setState({ learn }));
}
