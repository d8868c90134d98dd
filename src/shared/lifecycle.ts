/**
 * One way to release things, after VS Code's `lifecycle.ts`: whoever creates a resource owns it
 * and adds it to its own `DisposableStore`; the store releases everything it holds, newest first
 * (a thing is released before what it was built on), and awaits the ones that must flush.
 */
export interface Disposable {
  /** Releases the resource. Async where it must flush (a file write, a worker to join). */
  dispose(): void | Promise<void>;
}

/** A disposable from a plain function; calling dispose() more than once runs it once. */
export function toDisposable(release: () => void | Promise<void>): Disposable {
  let done: void | Promise<void> | undefined;
  let disposed = false;
  return {
    dispose: () => {
      if (!disposed) {
        disposed = true;
        done = release();
      }
      return done;
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposing: Promise<void> | null = null;

  get isDisposed(): boolean {
    return this.disposing !== null;
  }

  /** Takes ownership of `item`; added after dispose(), it is released at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposing) {
      void Promise.resolve()
        .then(() => item.dispose())
        .catch(() => undefined);
      return item;
    }
    this.items.push(item);
    return item;
  }

  /** Shorthand for `add(toDisposable(release))`. */
  defer(release: () => void | Promise<void>): Disposable {
    return this.add(toDisposable(release));
  }

  /**
   * Releases every item, newest first, each awaited before the next. One that throws never keeps
   * the others from being released; the errors are thrown together at the end.
   */
  dispose(): Promise<void> {
    this.disposing ??= this.releaseAll();
    return this.disposing;
  }

  private async releaseAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1)
      throw new AggregateError(errors, `${errors.length} resources failed to release`);
  }
}
