/**
 * The one contract between the window and the core: every request channel (a zod schema for
 * its arguments, the TypeScript type of its result) and every event (its payload type).
 * Hosts, the renderer client and the CLI all derive their types from this file; no other file
 * spells a channel name except through these types.
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

export type SubsystemStatus =
  | { state: 'starting' }
  | { state: 'available'; detail: string }
  | { state: 'unavailable'; reason: string };

export type ShellKind = 'electron' | 'web' | 'cli';

export interface SystemInfo {
  appName: string;
  appVersion: string;
  shell: ShellKind;
  versions: { node: string; v8: string; electron?: string; chrome?: string };
  platform: string;
  arch: string;
  audio: SubsystemStatus;
  midi: SubsystemStatus;
  library: { folders: number; files: number };
}

/** Declares a request: `request<Result>()(argsSchema)`. */
function request<Result>() {
  return <Args extends z.ZodType>(args: Args) => ({ args, result: undefined as unknown as Result });
}

const noArgs = z.strictObject({});

export const requests = {
  'system:info': request<SystemInfo>()(noArgs),
};

export interface Events {
  /** Sent whenever any part of SystemInfo changes (a subsystem finished starting, failed ...). */
  'system:status': SystemInfo;
}

export type Requests = typeof requests;
export type RequestChannel = keyof Requests;
export type ArgsOf<C extends RequestChannel> = z.input<Requests[C]['args']>;
export type ParsedArgsOf<C extends RequestChannel> = z.output<Requests[C]['args']>;
export type ResultOf<C extends RequestChannel> = Requests[C]['result'];
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];
export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

/** What the preload exposes as `window.bridge`: untyped on purpose, the client adds the types. */
export interface Bridge {
  invoke(channel: string, args: unknown): Promise<InvokeResult<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

/** Frames on the web shell's WebSocket. */
export const wsClientFrame = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  args: z.unknown(),
});
export type WsClientFrame = z.infer<typeof wsClientFrame>;
export type WsServerFrame =
  | ({ kind: 'result'; id: number | null } & InvokeResult<unknown>)
  | { kind: 'event'; name: EventName; payload: unknown };
