import { create } from 'zustand';
import type { SystemInfo } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';

interface SystemStore {
  info: SystemInfo | null;
  error: string | null;
}

export const useSystemStore = create<SystemStore>(() => ({ info: null, error: null }));

/** Feeds the store from the core, outside React: the first answer, then every change. */
export function connectSystemStore(api: Client): Disposable {
  const unsubscribe = api.on('system:status', (info) => useSystemStore.setState({ info }));
  const offConnected = onConnected(() => {
    // Shown in the System panel, where the user looks for it (not a notice).
    api.invoke('system:info', {}).then(
      (info) => useSystemStore.setState({ info, error: null }),
      (error: Error) => useSystemStore.setState({ error: error.message }),
    );
  });
  return toDisposable(() => {
    unsubscribe();
    offConnected();
  });
}

export const systemActions = {
  dismissNotice: (id: number) =>
    perform((a) => a.invoke('system:dismiss-notice', { id })).then(
      (info) => info && useSystemStore.setState({ info }),
    ),
};
