import type { ArgsOf, EventName, Events, RequestChannel, ResultOf } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';

/** Channels that are both a request for a state and the event that carries its changes. */
type StateChannel = {
  [C in EventName & RequestChannel]: ResultOf<C> extends Events[C] ? C : never;
}[EventName & RequestChannel];

/**
 * Mirrors one of the core's states in a store: every change as its event, and the whole state
 * read afresh on each (re)connect, since events sent while the connection was down are lost.
 */
export function followState<C extends StateChannel>(
  client: Client,
  channel: C,
  apply: (state: Events[C]) => void,
): Disposable {
  const off = client.on(channel, apply);
  const offConnected = onConnected(() => {
    // These requests take no arguments.
    void perform((c) => c.invoke(channel, {} as ArgsOf<C>)).then(
      // StateChannel keeps only channels whose answer is the event's payload.
      (state) => state !== undefined && apply(state as Events[C]),
    );
  });
  return toDisposable(() => {
    off();
    offConnected();
  });
}
