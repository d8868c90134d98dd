/**
 * The Electron IPC channels every request and event travels over (kept apart from
 * the contract so the sandboxed preload does not bundle zod).
 */
export const IPC_INVOKE_CHANNEL = 'sampledeck:invoke';
export const IPC_EVENT_CHANNEL = 'sampledeck:event';
/** The window says which events it has listeners for (a list of event names). */
export const IPC_SUBSCRIBE_CHANNEL = 'sampledeck:subscribe';
/** The window starts a native drag of library files (a list of file ids). */
export const IPC_DRAG_CHANNEL = 'sampledeck:drag';
