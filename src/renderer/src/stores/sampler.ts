import { create } from 'zustand';
import type { SamplerState } from '../../../shared/contract';
import type { Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { libraryFeed } from './library';
import { followState } from './follow-state';

interface SamplerStore {
  sampler: SamplerState;
}

/** Sampler mode: the input whose notes play files, and the notes mapped to a file. */
export const useSamplerStore = create<SamplerStore>(() => ({
  sampler: { input: null, notes: [] },
}));

/** Each change comes back as the `sampler:state` event, applied once there. */
export const samplerActions = {
  setInput: async (input: string | null): Promise<void> => {
    await perform((a) => a.invoke('sampler:configure', { input }));
  },
  /** Maps a note to a library file (or unmaps it with null); a file gone since: the list is read again. */
  mapNote: async (note: number, id: number | null): Promise<void> => {
    await perform((a) => a.invoke('sampler:configure', { map: { note, id } }), {
      refresh: () => libraryFeed.reload(),
    });
  },
};

export function connectSamplerStore(client: Client): Disposable {
  return followState(client, 'sampler:state', (sampler) => useSamplerStore.setState({ sampler }));
}
