import { create } from 'zustand';
import { watchConnection } from '../ipc/api';
import type { ConnectionState } from '../ipc/ws-transport';

interface ConnectionStore {
  state: ConnectionState;
}

export const useConnectionStore = create<ConnectionStore>(() => ({ state: 'open' }));

watchConnection((state) => useConnectionStore.setState({ state }));
