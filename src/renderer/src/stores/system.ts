import { create } from 'zustand';
import type { SystemInfo } from '../../../shared/contract';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';

interface SystemStore {
  info: SystemInfo | null;
  error: string | null;
}

export const useSystemStore = create<SystemStore>(() => ({ info: null, error: null }));

/** Feeds the store from the core, outside React: the first answer, then every change. */
export function connectSystemStore(api: Client): () => void {
  const unsubscribe = api.on('system:status', (info) => useSystemStore.setState({ info }));
  const offConnected = onConnected(() => {
    api.invoke('system:info', {}).then(
      (info) => useSystemStore.setState({ info, error: null }),
      (error: Error) => useSystemStore.setState({ error: error.message }),
    );
  });
  return () => {
    unsubscribe();
    offConnected();
  };
}
