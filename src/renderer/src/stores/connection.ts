import { create } from 'zustand';
import type { ConnectionState } from '../ipc/ws-transport';

interface ConnectionStore {
  state: ConnectionState;
}

/** Fed by main.tsx from the transport (`watchConnection`); Electron's bridge stays open. */
export const useConnectionStore = create<ConnectionStore>(() => ({ state: 'open' }));
