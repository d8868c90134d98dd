import type { EventListener, EventName, Events } from './contract';
import { toDisposable, type Disposable } from './lifecycle';

/** A typed fan-out of core events to any number of hosts; a throwing listener hurts no other. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        console.error(`event listener for ${name} failed:`, error);
      }
    }
  }

  /** Listens until the returned Disposable is disposed. */
  subscribe(listener: EventListener): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => void this.listeners.delete(listener));
  }
}
