import { toDisposable, type Disposable } from '../../shared/lifecycle';

/**
 * A synchronous event of one MIDI piece: its listeners run in order, on the caller's stack
 * (MIDI input must be handled as it arrives, never queued). The piece that owns it fires it;
 * the feature's root listens and wires the pieces together.
 */
export class Signal<A extends unknown[] = []> implements Disposable {
  private readonly listeners = new Set<(...args: A) => void>();

  /** Adds a listener; disposing the result removes it. */
  readonly listen = (listener: (...args: A) => void): Disposable => {
    this.listeners.add(listener);
    return toDisposable(() => {
      this.listeners.delete(listener);
    });
  };

  fire(...args: A): void {
    for (const listener of this.listeners) listener(...args);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
