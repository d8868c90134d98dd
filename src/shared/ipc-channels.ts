/**
 * The two Electron IPC channels every request and event travels over (kept apart from
 * contract.ts so the sandboxed preload does not bundle zod).
 */
export const IPC_INVOKE_CHANNEL = 'sampledeck:invoke';
export const IPC_EVENT_CHANNEL = 'sampledeck:event';
