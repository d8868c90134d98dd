import { create } from 'zustand';
import type { MarksState } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { reportFailure } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';

/** Tags, collections and the marks database's state, as 'marks:changed' last told them. */
export const useMarksStore = create<{ state: MarksState | null }>(() => ({ state: null }));

export function connectMarksStore(api: Client): Disposable {
  const off = api.on('marks:changed', (state) => useMarksStore.setState({ state }));
  const offConnected = onConnected(() => {
    api.invoke('marks:state', {}).then(
      (state) => useMarksStore.setState({ state }),
      // UNAVAILABLE: a core without a marks database; the window works without marks.
      (error: unknown) =>
        reportFailure(error, { label: 'The marks could not be read', expected: ['UNAVAILABLE'] }),
    );
  });
  return toDisposable(() => {
    off();
    offConnected();
  });
}
