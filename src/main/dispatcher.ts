import {
  requests,
  type InvokeResult,
  type ParsedArgsOf,
  type RequestChannel,
  type ResultOf,
} from '../shared/contract';
import type { z } from 'zod';
import { AppError } from '../shared/app-error';

export type Handlers = {
  [C in RequestChannel]: (args: ParsedArgsOf<C>) => Promise<ResultOf<C>> | ResultOf<C>;
};

/** The handlers of one contract file's requests (`HandlersOf<typeof playerRequests>`). */
export type HandlersOf<FeatureRequests> = Pick<
  Handlers,
  Extract<keyof FeatureRequests, RequestChannel>
>;

export type Dispatch = (channel: unknown, args: unknown) => Promise<InvokeResult<unknown>>;

function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.hasOwn(requests, channel);
}

const SHOWN_ISSUES = 3;
const MAX_PATH_CHARS = 80;
const MAX_ISSUE_MESSAGE_CHARS = 200;
/** An error message stays readable and small whatever the request held (a 256 KB key ...). */
export const MAX_ERROR_MESSAGE_CHARS = 1024;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first few zod issues, each with its field: "0.name: Invalid input; (and 41 more)". */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const path = shorten(issue.path.map(String).join('.'), MAX_PATH_CHARS) || '(arguments)';
    return `${path}: ${shorten(issue.message, MAX_ISSUE_MESSAGE_CHARS)}`;
  });
  const more = issues.length - shown.length;
  if (more > 0) shown.push(`(and ${more} more)`);
  return shown.join('; ');
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
      const message = `invalid arguments for ${channel}: ${describeIssues(parsed.error.issues)}`;
      return {
        ok: false,
        error: { code: 'INVALID_ARGS', message: shorten(message, MAX_ERROR_MESSAGE_CHARS) },
      };
    }
    try {
      const handler = handlers[channel] as (a: unknown) => unknown;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toIpcError() };
      logInternalError(channel, error);
      const message = error instanceof Error ? error.message : String(error);
      const text = shorten(`${channel} failed: ${message}`, MAX_ERROR_MESSAGE_CHARS);
      return { ok: false, error: { code: 'INTERNAL', message: text } };
    }
  };
}
