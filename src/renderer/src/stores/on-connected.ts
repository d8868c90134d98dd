import { useConnectionStore } from './connection';

/**
 * Runs `load` once connected and again every time the connection to the core comes back: events sent
 * while it was down are lost, so a store reads its whole state afresh rather than trust them.
 */
export function onConnected(load: () => void): () => void {
  // Not yet open (the web shell's first connect): the 'open' below loads, once.
  if (useConnectionStore.getState().state === 'open') load();
  return useConnectionStore.subscribe((now, before) => {
    if (now.state === 'open' && before.state !== 'open') load();
  });
}
