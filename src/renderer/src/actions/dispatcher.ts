/**
 * The window's one way to act on the core (after GitHub Desktop's `ui/dispatcher/`): every user
 * action and every store's load runs through `perform`, and every failure ends in `decide`'s
 * policy, so none is shown twice, kept where nobody reads it, or swallowed.
 */
import type { ErrorCode } from '../../../shared/contract';
import { RequestError } from '../../../shared/request-error';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import type { Client } from '../ipc/client';
import { useConnectionStore } from '../stores/connection';
import { notify } from '../stores/notices';
import { decide } from './error-policy';

export interface ActionOptions {
  /** What the user tried, to start the notice ("Could not add"). */
  label?: string;
  /** Codes the caller expects and handles itself when it gets undefined back. */
  expected?: readonly ErrorCode[];
  /** Re-reads what the action acted on; run instead of a notice when that is gone (NOT_FOUND). */
  refresh?: () => void;
}

let client: Client | null = null;

/** Gives the dispatcher its client (the window's, or a test's); released, it has none. */
export function connectDispatcher(next: Client): Disposable {
  client = next;
  return toDisposable(() => {
    if (client === next) client = null;
  });
}

/** The client, for those that only listen (a store's events); requests go through `perform`. */
export function currentClient(): Client {
  if (!client) throw new Error('the dispatcher has no client: connectDispatcher() first');
  return client;
}

/** Applies the policy to a failure that did not come through `perform` (a feed's own load). */
export function reportFailure(error: unknown, options: ActionOptions = {}): void {
  const outcome = decide(error, {
    connection: useConnectionStore.getState().state,
    expected: options.expected,
    canRefresh: options.refresh !== undefined,
    label: options.label,
  });
  if (outcome.kind === 'notice') {
    notify(outcome.text, 'error');
    // A bug in the window: the stack goes to the console as well.
    if (!(error instanceof RequestError)) console.error(error);
  } else if (outcome.kind === 'refresh') options.refresh?.();
}

/** Runs one request (or a few); resolves to its result, or to undefined once the failure is handled. */
export async function perform<T>(
  run: (client: Client) => Promise<T>,
  options: ActionOptions = {},
): Promise<T | undefined> {
  try {
    return await run(currentClient());
  } catch (error) {
    reportFailure(error, options);
    return undefined;
  }
}
