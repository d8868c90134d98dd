import { toDisposable, type Disposable } from './lifecycle';

/**
 * One kind of event to any number of listeners, each until its Disposable is disposed. A
 * listener that throws is reported and hurts no other (nor the one that fired).
 */
export class Emitter<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  constructor(private readonly name: string) {}

  listen(listener: (...args: Args) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => void this.listeners.delete(listener));
  }

  fire(...args: Args): void {
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`a listener of ${this.name} failed:`, error);
      }
    }
  }
}
