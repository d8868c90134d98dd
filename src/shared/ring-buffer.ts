/** A bound on the total weight (e.g. bytes) of the items, besides their count. */
export interface RingWeight<T> {
  /** Items are dropped, oldest first, while the total weight is above this. */
  max: number;
  weigh: (item: T) => number;
}

/**
 * A fixed-capacity FIFO that overwrites its oldest item when full: the MIDI monitor's memory
 * and any other "keep the last N" log. `push` is O(1) amortised and allocates nothing (the
 * slots are allocated once, by the constructor and by `resize`), so a flood of MIDI messages
 * costs no garbage beyond the items themselves. With a weight bound, a few large items (64 KB
 * SysEx) push out the oldest as a flood of small ones would.
 */
export class RingBuffer<T> {
  private slots: (T | undefined)[];
  /** Index of the oldest item. */
  private head = 0;
  private count = 0;
  private overwritten = 0;
  private total = 0;

  constructor(
    capacity: number,
    private readonly weight?: RingWeight<T>,
  ) {
    this.slots = new Array<T | undefined>(checkCapacity(capacity)).fill(undefined);
    if (weight && !(weight.max > 0)) {
      throw new RangeError(`ring buffer weight bound must be positive, got ${weight.max}`);
    }
  }

  /** The total weight of the items held (0 without a weight bound). */
  get weightHeld(): number {
    return this.total;
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.slots.length;
  }

  /** Items lost to overwriting (or to a `resize` that shrank the buffer) since creation or `clear`. */
  get dropped(): number {
    return this.overwritten;
  }

  push(item: T): void {
    const capacity = this.slots.length;
    if (this.weight) {
      const w = this.weight.weigh(item);
      // The newest item stays even when it alone weighs more than the bound.
      while (this.count > 0 && (this.count >= capacity || this.total + w > this.weight.max)) {
        this.dropOldest();
      }
      this.total += w;
    }
    if (this.count < capacity) {
      this.slots[(this.head + this.count) % capacity] = item;
      this.count += 1;
    } else {
      this.slots[this.head] = item;
      this.head = (this.head + 1) % capacity;
      this.overwritten += 1;
    }
  }

  private dropOldest(): void {
    const oldest = this.slots[this.head] as T;
    if (this.weight) this.total -= this.weight.weigh(oldest);
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.slots.length;
    this.count -= 1;
    this.overwritten += 1;
  }

  pushAll(items: readonly T[]): void {
    for (const item of items) this.push(item);
  }

  /** The i-th item, oldest first; a negative i counts from the newest (-1), as `Array.at` does. */
  at(i: number): T | undefined {
    const index = i < 0 ? this.count + i : i;
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    return this.slots[(this.head + index) % this.slots.length];
  }

  /** A copy, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) {
      out[i] = this.slots[(this.head + i) % this.slots.length] as T;
    }
    return out;
  }

  /** Changes the capacity, keeping the newest items that fit (the others count as dropped). */
  resize(capacity: number): void {
    checkCapacity(capacity);
    const kept = this.toArray().slice(Math.max(0, this.count - capacity));
    this.overwritten += this.count - kept.length;
    this.slots = new Array<T | undefined>(capacity).fill(undefined);
    for (let i = 0; i < kept.length; i++) this.slots[i] = kept[i];
    this.head = 0;
    this.count = kept.length;
    const weight = this.weight;
    if (weight) this.total = kept.reduce((sum, item) => sum + weight.weigh(item), 0);
  }

  /** Empties the buffer and resets `dropped`; releases the items so they can be collected. */
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.overwritten = 0;
    this.total = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) {
      yield this.slots[(this.head + i) % this.slots.length] as T;
    }
  }
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
  }
  return capacity;
}
