import type { Bridge } from '../../../shared/contract';
import { useConnectionStore } from '../stores/connection';
import { createClient } from './client';
import { createWsTransport } from './ws-transport';

declare global {
  interface Window {
    bridge?: Bridge;
  }
}

/** Electron's preload bridge when there is one; otherwise the web shell's socket. */
function pickTransport(): Bridge {
  if (window.bridge) return window.bridge;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const url = `ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  return createWsTransport(url, (state) => useConnectionStore.getState().setState(state));
}

export const api = createClient(pickTransport());
