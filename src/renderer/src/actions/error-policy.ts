/**
 * What the user sees when a request fails, decided in one place from the error's code (after
 * GitHub Desktop's `error-handlers.ts`). Pure: the dispatcher applies the outcome.
 */
import type { ErrorCode } from '../../../shared/contract';
import { RequestError } from '../../../shared/request-error';
import type { ConnectionState } from '../ipc/ws-transport';

export type Outcome =
  /** Nothing to say: the connection banner says it already, or the caller falls back. */
  | { kind: 'quiet' }
  /** What the window showed is stale (a file removed by a rescan): read it again, say nothing. */
  | { kind: 'refresh' }
  | { kind: 'notice'; text: string };

export interface FailureContext {
  /** The connection's state when the failure arrived. */
  connection: ConnectionState;
  /** Codes the caller expects and handles itself (a missing waveform shows none). */
  expected?: readonly ErrorCode[];
  /** Whether the action can re-read what it acted on (then NOT_FOUND is a quiet refresh). */
  canRefresh: boolean;
  /** What the user tried, to start the notice ("Could not add"). */
  label?: string;
}

/** The policy, code by code (the table in docs/ARCHITECTURE.md, "The window's actions"). */
export function decide(error: unknown, context: FailureContext): Outcome {
  const notice = (text: string): Outcome => ({
    kind: 'notice',
    text: context.label ? `${context.label}: ${text}` : text,
  });
  if (!(error instanceof RequestError)) {
    // A bug in the window, not an answer from the core: said, never swallowed.
    return notice(error instanceof Error ? error.message : String(error));
  }
  if (context.expected?.includes(error.code)) return { kind: 'quiet' };
  switch (error.code) {
    case 'UNAVAILABLE':
      // Lost in flight: the connection banner already says so, and the stores reload on reconnect.
      return context.connection === 'open' ? notice(error.message) : { kind: 'quiet' };
    case 'NOT_FOUND':
      return context.canRefresh ? { kind: 'refresh' } : notice(error.message);
    case 'INVALID_ARGS':
      return notice(error.message);
    default:
      // INTERNAL, UNKNOWN_CHANNEL, BAD_MESSAGE, FORBIDDEN: a bug on one side; say what failed.
      return notice(`Something went wrong (${error.code}): ${error.message}`);
  }
}
