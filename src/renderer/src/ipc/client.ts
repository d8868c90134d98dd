import type {
  ArgsOf,
  Bridge,
  EventName,
  Events,
  RequestChannel,
  ResultOf,
} from '../../../shared/contract';
import { resultOrThrow } from '../../../shared/request-error';

export { RequestError } from '../../../shared/request-error';

export interface Client {
  invoke<C extends RequestChannel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}

/**
 * The typed face of either transport (Electron's bridge or the web shell's socket). Main sends
 * only the events that have a listener here: the transport is told whenever that set changes.
 */
export function createClient(transport: Bridge): Client {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.subscribe((name, payload) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  });
  let told = '';
  let telling = false;
  // Batched: the stores add their listeners in one go at start-up.
  const tellTransport = () => {
    if (telling) return;
    telling = true;
    queueMicrotask(() => {
      telling = false;
      const names = [...listeners].filter(([, set]) => set.size > 0).map(([name]) => name);
      const key = names.sort().join(',');
      if (key === told) return;
      told = key;
      transport.setEvents(names);
    });
  };
  return {
    async invoke(channel, args) {
      return resultOrThrow<ResultOf<typeof channel>>(await transport.invoke(channel, args));
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      tellTransport();
      return () => {
        set.delete(untyped);
        tellTransport();
      };
    },
  };
}
