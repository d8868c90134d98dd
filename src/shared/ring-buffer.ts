/**
 * A fixed-capacity FIFO that overwrites its oldest item when full: the MIDI monitor's memory
 * and any other "keep the last N" log. `push` is O(1) and allocates nothing (the slots are
 * allocated once, by the constructor and by `resize`), so a flood of MIDI messages costs no
 * garbage beyond the items themselves.
 */
export class RingBuffer<T> {
  private slots: (T | undefined)[];
  /** Index of the oldest item. */
  private head = 0;
  private count = 0;
  private overwritten = 0;

  constructor(capacity: number) {
    this.slots = new Array<T | undefined>(checkCapacity(capacity)).fill(undefined);
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
    if (this.count < capacity) {
      this.slots[(this.head + this.count) % capacity] = item;
      this.count += 1;
    } else {
      this.slots[this.head] = item;
      this.head = (this.head + 1) % capacity;
      this.overwritten += 1;
    }
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
  }

  /** Empties the buffer and resets `dropped`; releases the items so they can be collected. */
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.overwritten = 0;
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
