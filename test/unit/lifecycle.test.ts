import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from '../../src/shared/lifecycle';

describe('DisposableStore', () => {
  it('releases newest first, awaiting each before the next', async () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.defer(() => {
      order.push('first');
    });
    store.defer(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      order.push('second (async)');
    });
    store.defer(() => {
      order.push('third');
    });
    await store.dispose();
    expect(order).toEqual(['third', 'second (async)', 'first']);
  });

  it('releases the others when one throws, and rethrows every error', async () => {
    const released: number[] = [];
    const store = new DisposableStore();
    store.defer(() => {
      released.push(1);
    });
    store.defer(() => {
      throw new Error('two failed');
    });
    store.defer(() => Promise.reject(new Error('three failed')));
    store.defer(() => {
      released.push(4);
    });
    const error = await store.dispose().then(
      () => null,
      (e: unknown) => e,
    );
    expect(released).toEqual([4, 1]);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual([
      'three failed',
      'two failed',
    ]);
  });

  it('rethrows a single error as itself', async () => {
    const store = new DisposableStore();
    store.defer(() => {
      throw new Error('only one');
    });
    await expect(store.dispose()).rejects.toThrow('only one');
  });

  it('disposes once however often it is asked, and releases late additions at once', async () => {
    let count = 0;
    const store = new DisposableStore();
    store.defer(() => {
      count++;
    });
    const first = store.dispose();
    expect(store.dispose()).toBe(first);
    await first;
    expect(count).toBe(1);
    expect(store.isDisposed).toBe(true);

    let late = false;
    store.defer(() => {
      late = true;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(late).toBe(true);
  });
});

describe('toDisposable', () => {
  it('runs its function once', async () => {
    let count = 0;
    const disposable = toDisposable(async () => {
      count++;
    });
    await Promise.all([disposable.dispose(), disposable.dispose()]);
    expect(count).toBe(1);
  });
});
