import type { Bridge } from '../../../shared/contract';
import { createClient } from './client';
import { createWsTransport, type ConnectionState } from './ws-transport';

declare global {
  interface Window {
    bridge?: Bridge;
  }
}

/** Electron's bridge never drops, so it starts (and stays) open. */
let connection: ConnectionState = 'open';
const connectionWatchers = new Set<(state: ConnectionState) => void>();

/** Calls `watcher` with the connection's state now and on every change after. */
export function watchConnection(watcher: (state: ConnectionState) => void): () => void {
  connectionWatchers.add(watcher);
  watcher(connection);
  return () => connectionWatchers.delete(watcher);
}

/** Electron's preload bridge when there is one; otherwise the web shell's socket. */
function pickTransport(): Bridge {
  if (window.bridge) return window.bridge;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const url = `ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  return createWsTransport(url, (state) => {
    connection = state;
    for (const watcher of connectionWatchers) watcher(state);
  });
}

export const api = createClient(pickTransport());
