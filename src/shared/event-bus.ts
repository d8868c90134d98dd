import type { EventListener, EventName, Events } from './contract';
import { toDisposable, type Disposable } from './lifecycle';

/** Which events a listener takes now (a host: whether any of its windows wants them). */
export type EventFilter = (name: EventName) => boolean;

/** A typed fan-out of core events to any number of hosts; a throwing listener hurts no other. */
export class EventBus {
  private readonly listeners = new Map<EventListener, EventFilter | undefined>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners.keys()) {
      try {
        listener(name, payload);
      } catch (error) {
        console.error(`event listener for ${name} failed:`, error);
      }
    }
  }

  /** `wants` (absent: every event) lets a source skip building what nobody takes. */
  subscribe(listener: EventListener, wants?: EventFilter): Disposable {
    this.listeners.set(listener, wants);
    return toDisposable(() => void this.listeners.delete(listener));
  }

  /** Whether any listener takes `name` now. */
  hasListener(name: EventName): boolean {
    for (const wants of this.listeners.values()) if (!wants || wants(name)) return true;
    return false;
  }
}
