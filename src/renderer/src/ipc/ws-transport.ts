import type {
  Bridge,
  InvokeResult,
  SubscribeFrame,
  WsClientFrame,
  WsServerFrame,
} from '../../../shared/contract';

/** `unauthorized`: the shell answering on this address no longer knows the page's token. */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** Asks the shell over plain HTTP whether it knows the token (a socket never says why). */
async function tokenRefused(socketUrl: string): Promise<boolean> {
  try {
    const response = await fetch(socketUrl.replace(/^ws/, 'http'), { cache: 'no-store' });
    return response.status === 401;
  } catch {
    return false;
  }
}

interface Pending {
  resolve: (result: InvokeResult<unknown>) => void;
}

/**
 * The web shell's transport: one WebSocket to the core, reconnected with back-off. Requests
 * made while it is down wait for it; those in flight when it drops fail with UNAVAILABLE.
 */
export function createWsTransport(url: string, onState: (state: ConnectionState) => void): Bridge {
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const subscribers = new Set<(name: string, payload: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let retry = 0;
  let subscription: string | null = null;
  let refused = false;

  const connect = () => {
    onState('connecting');
    socket = new WebSocket(url);
    let opened = false;
    socket.onopen = () => {
      opened = true;
      retry = 0;
      onState('open');
      // A new connection starts with every event: say again which ones the window wants.
      if (subscription) socket.send(subscription);
      for (const frame of queue.splice(0)) socket.send(frame);
    };
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as WsServerFrame;
      if (frame.kind === 'event') {
        for (const subscriber of subscribers) subscriber(frame.name, frame.payload);
      } else if (frame.id !== null) {
        const waiting = pending.get(frame.id);
        pending.delete(frame.id);
        const { kind: _kind, id: _id, ...result } = frame;
        waiting?.resolve(result);
      }
    };
    socket.onclose = () => {
      onState('closed');
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.resolve({
          ok: false,
          error: { code: 'UNAVAILABLE', message: 'the connection to the core was lost' },
        });
      }
      retry += 1;
      const again = () => setTimeout(connect, Math.min(250 * 2 ** retry, 5000));
      if (opened) again();
      else {
        void tokenRefused(url).then((no) => {
          refused = no;
          if (no) onState('unauthorized');
          else again();
        });
      }
    };
  };
  connect();

  return {
    invoke(channel, args) {
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, args } satisfies WsClientFrame);
      return new Promise((resolve) => {
        if (refused) {
          const message = 'the web shell was restarted with a new address';
          resolve({ ok: false, error: { code: 'UNAVAILABLE', message } });
          return;
        }
        pending.set(id, { resolve });
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
    setEvents(events) {
      subscription = JSON.stringify({ kind: 'subscribe', events } satisfies SubscribeFrame);
      if (socket.readyState === WebSocket.OPEN) socket.send(subscription);
    },
  };
}
