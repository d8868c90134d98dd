// Handled by the hosts: src/main/host/electron-host.ts and src/main/host/ws-host.ts.
/**
 * How requests and events travel: the result of every request, the error codes, the bridge
 * the preload exposes, and the web shell's WebSocket frames.
 */
import { z } from 'zod';

export const errorCodes = [
  'UNKNOWN_CHANNEL',
  'INVALID_ARGS',
  'BAD_MESSAGE',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface IpcError {
  code: ErrorCode;
  message: string;
}

export type InvokeResult<R> = { ok: true; result: R } | { ok: false; error: IpcError };

/** What the preload exposes as `window.bridge`: untyped on purpose, the client adds the types. */
export interface Bridge {
  invoke(channel: string, args: unknown): Promise<InvokeResult<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /** The events the window has listeners for: main sends it no others. */
  setEvents(names: string[]): void;
  /** Electron only: the path of a dropped file (a DOM File; typed loosely, shared has no DOM). */
  pathForFile?(file: object): string;
  /** Electron only: a native drag of these library files, started from a row's dragstart. */
  startDrag?(ids: number[]): void;
}

/** What a web client missed while it was not reading; sent to it once it catches up. */
export interface SkippedEvents {
  /** Monitor messages (in `monitorBatches` batches) it never got. */
  monitorMessages: number;
  monitorBatches: number;
  /** `control:fired` events dropped. */
  controls: number;
  /** State events replaced by a newer one before it could be sent. */
  coalesced: number;
}

export interface TransportEvents {
  /** Web shell only: this client fell behind and missed these. */
  'client:skipped': SkippedEvents;
}

/** Frames on the web shell's WebSocket. */
export const wsClientFrame = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  args: z.unknown(),
});
export type WsClientFrame = z.infer<typeof wsClientFrame>;
/** The events a client wants from now on (every event until it first says). */
export const subscribeFrame = z.strictObject({
  kind: z.literal('subscribe'),
  events: z.array(z.string().max(64)).max(64),
});
export type SubscribeFrame = z.infer<typeof subscribeFrame>;
/** A server frame naming one of `EventName` (the index binds it to every event of the contract). */
export type ServerFrame<EventName extends string> =
  | ({ kind: 'result'; id: number | null } & InvokeResult<unknown>)
  | { kind: 'event'; name: EventName; payload: unknown };
