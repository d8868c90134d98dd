import { toDisposable, type Disposable } from './lifecycle';

/**
 * One kind of event to any number of listeners, each until its Disposable is disposed. Listeners
 * run in order on the caller's stack (MIDI input is handled as it arrives, never queued). One
 * that throws is reported and hurts no other, nor the one that fired. The owner fires it and
 * disposes it; others only listen.
 */
export class Emitter<Args extends unknown[] = []> implements Disposable {
  private readonly listeners = new Set<(...args: Args) => void>();

  constructor(private readonly name = 'an event') {}

  /** Adds a listener; disposing the result removes it. Bound, so it can be handed out as is. */
  readonly listen = (listener: (...args: Args) => void): Disposable => {
    this.listeners.add(listener);
    return toDisposable(() => void this.listeners.delete(listener));
  };

  fire(...args: Args): void {
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`a listener of ${this.name} failed:`, error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
