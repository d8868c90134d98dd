import {
  requests,
  type InvokeResult,
  type ParsedArgsOf,
  type RequestChannel,
  type ResultOf,
} from '../shared/contract';
import { AppError } from '../shared/app-error';

export type Handlers = {
  [C in RequestChannel]: (args: ParsedArgsOf<C>) => Promise<ResultOf<C>> | ResultOf<C>;
};

/** The handlers of the channels that start with `prefix` (a feature's share of the map). */
export type HandlersFor<Prefix extends string> = Pick<
  Handlers,
  Extract<RequestChannel, `${Prefix}${string}`>
>;

export type Dispatch = (channel: unknown, args: unknown) => Promise<InvokeResult<unknown>>;

function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.hasOwn(requests, channel);
}

/**
 * Turns the handlers into the one entry point both hosts call. The renderer is untrusted: the
 * channel is looked up, the arguments are parsed, and every failure comes back as a value, so
 * no request can crash main or leave a rejection unhandled.
 */
export function createDispatcher(
  handlers: Handlers,
  logInternalError: (channel: string, error: unknown) => void = (channel, error) =>
    console.error(`handler for ${channel} failed:`, error),
): Dispatch {
  return async (channel, args) => {
    if (!isRequestChannel(channel)) {
      const shown = typeof channel === 'string' ? `"${channel.slice(0, 80)}"` : typeof channel;
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${shown}` } };
    }
    const parsed = requests[channel].args.safeParse(args);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`)
        .join('; ');
      return {
        ok: false,
        error: { code: 'INVALID_ARGS', message: `invalid arguments for ${channel}: ${detail}` },
      };
    }
    try {
      const handler = handlers[channel] as (a: unknown) => unknown;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toIpcError() };
      logInternalError(channel, error);
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'INTERNAL', message: `${channel} failed: ${message}` } };
    }
  };
}
