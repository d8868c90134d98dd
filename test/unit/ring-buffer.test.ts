import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/shared/ring-buffer';

describe('RingBuffer', () => {
  it('starts empty', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.size).toBe(0);
    expect(ring.capacity).toBe(3);
    expect(ring.dropped).toBe(0);
    expect(ring.toArray()).toEqual([]);
    expect(ring.at(0)).toBeUndefined();
  });

  it('keeps items oldest first until full', () => {
    const ring = new RingBuffer<string>(3);
    ring.push('a');
    ring.push('b');
    expect(ring.toArray()).toEqual(['a', 'b']);
    expect(ring.size).toBe(2);
    expect(ring.dropped).toBe(0);
  });

  it('overwrites the oldest when full and counts what it dropped', () => {
    const ring = new RingBuffer<number>(3);
    ring.pushAll([1, 2, 3, 4, 5]);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
    expect(ring.dropped).toBe(2);
    ring.push(6);
    expect(ring.toArray()).toEqual([4, 5, 6]);
    expect(ring.dropped).toBe(3);
  });

  it('at(i) counts from the oldest, and from the newest when negative', () => {
    const ring = new RingBuffer<number>(4);
    ring.pushAll([1, 2, 3, 4, 5, 6]);
    expect([ring.at(0), ring.at(1), ring.at(3)]).toEqual([3, 4, 6]);
    expect([ring.at(-1), ring.at(-4)]).toEqual([6, 3]);
    expect([ring.at(4), ring.at(-5), ring.at(1.5)]).toEqual([undefined, undefined, undefined]);
  });

  it('iterates oldest first', () => {
    const ring = new RingBuffer<number>(2);
    ring.pushAll([1, 2, 3]);
    expect([...ring]).toEqual([2, 3]);
  });

  it('resize keeps the newest that fit, and counts the rest as dropped', () => {
    const ring = new RingBuffer<number>(5);
    ring.pushAll([1, 2, 3, 4, 5, 6, 7]); // [3..7], 2 dropped
    ring.resize(3);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.capacity).toBe(3);
    expect(ring.dropped).toBe(4);
    ring.push(8);
    expect(ring.toArray()).toEqual([6, 7, 8]);
    ring.resize(6);
    expect(ring.toArray()).toEqual([6, 7, 8]);
    ring.pushAll([9, 10, 11]);
    expect(ring.toArray()).toEqual([6, 7, 8, 9, 10, 11]);
    expect(ring.dropped).toBe(5);
  });

  it('clear empties it and resets dropped', () => {
    const ring = new RingBuffer<number>(2);
    ring.pushAll([1, 2, 3]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.dropped).toBe(0);
    expect(ring.toArray()).toEqual([]);
    ring.push(4);
    expect(ring.toArray()).toEqual([4]);
  });

  it('toArray returns a copy', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    const copy = ring.toArray();
    copy.push(99);
    expect(ring.toArray()).toEqual([1]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError);
    expect(() => new RingBuffer(1).resize(capacity)).toThrow(RangeError);
  });

  it('matches a plain array model over random operations', () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    const ring = new RingBuffer<number>(7);
    let model: number[] = [];
    let capacity = 7;
    let dropped = 0;
    for (let step = 0; step < 5000; step++) {
      const r = random();
      if (r < 0.85) {
        ring.push(step);
        model.push(step);
      } else if (r < 0.95) {
        capacity = 1 + Math.floor(random() * 12);
        ring.resize(capacity);
      } else {
        ring.clear();
        model = [];
        dropped = 0;
      }
      if (model.length > capacity) {
        dropped += model.length - capacity;
        model = model.slice(model.length - capacity);
      }
      expect(ring.toArray()).toEqual(model);
      expect(ring.dropped).toBe(dropped);
      expect(ring.at(-1)).toBe(model.at(-1));
    }
  });

  it('push is O(1): a million pushes into a large buffer take well under a second', () => {
    const ring = new RingBuffer<number>(100_000);
    const start = performance.now();
    for (let i = 0; i < 1_000_000; i++) ring.push(i);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(ring.at(0)).toBe(900_000);
    expect(ring.dropped).toBe(900_000);
  });

  it('drops the oldest while the total weight is over its bound, keeping the newest', () => {
    const ring = new RingBuffer<string>(100, { max: 10, weigh: (s) => s.length });
    ring.pushAll(['aaaa', 'bbbb']);
    expect(ring.weightHeld).toBe(8);
    ring.push('ccc');
    expect(ring.toArray()).toEqual(['bbbb', 'ccc']);
    expect(ring.weightHeld).toBe(7);
    expect(ring.dropped).toBe(1);
    ring.push('x'.repeat(25));
    expect(ring.toArray()).toEqual(['x'.repeat(25)]);
    ring.pushAll(['d', 'e']);
    expect(ring.toArray()).toEqual(['d', 'e']);
    ring.resize(1);
    expect(ring.weightHeld).toBe(1);
    ring.clear();
    expect(ring.weightHeld).toBe(0);
  });
});
