import { create } from 'zustand';
import type { ConnectionState } from '../ipc/ws-transport';

interface ConnectionStore {
  /** Electron's bridge never drops, so it starts (and stays) open. */
  state: ConnectionState;
  setState(state: ConnectionState): void;
}

export const useConnectionStore = create<ConnectionStore>((set) => ({
  state: 'open',
  setState: (state) => set({ state }),
}));
