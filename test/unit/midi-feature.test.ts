import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockFollowing } from '../../src/main/midi/clock-following';
import { disposeMidi, LOOPBACK, makeMidi } from '../fixtures/midi';

afterEach(disposeMidi);
afterEach(() => vi.useRealTimers());

describe('createMidi', () => {
  it('releases its pieces once, and leaves the bus it was handed to whoever created it', async () => {
    const { midi, bus } = makeMidi();
    const heard: number[][] = [];
    bus.openInput('Sampledeck Loopback', (bytes) => heard.push(bytes));
    await midi.dispose();
    await midi.dispose();
    // The feature no longer listens, but the bus still carries what others send on it.
    bus.send('Sampledeck Loopback', [0x90, 60, 1]);
    expect(heard).toEqual([[0x90, 60, 1]]);
    expect(midi.monitor.newest(10)).toEqual([]);
  });
});

describe('ClockFollowing', () => {
  it('reads the followed clock without side effects; the sequencer is told on changes', () => {
    vi.useFakeTimers();
    let now = 1_000;
    const told: boolean[] = [];
    const following = new ClockFollowing({
      registry: { hasInput: () => true, inputName: (id) => id },
      sequencer: { setFollowOwn: (own) => told.push(own), forwardTiming: () => undefined },
      clock: { now: () => now, origin: 0 },
    });
    try {
      expect([following.followed(), following.followed()]).toEqual([null, null]);
      expect(told).toEqual([]);
      // An input sends timing: it is followed (automatically), and the sequencer told so.
      following.timing(LOOPBACK, 'start', undefined, now);
      expect(told).toEqual([false]);
      now += 600;
      // Silent for longer than the window: no longer followed, and reading it changes nothing...
      expect(following.followed()).toBeNull();
      expect(told).toEqual([false]);
      // ...until the next tick tells the sequencer to follow its own clock again.
      vi.advanceTimersByTime(100);
      expect(told).toEqual([false, true]);
      following.setSource(LOOPBACK);
      expect(told).toEqual([false, true, false]);
    } finally {
      following.dispose();
    }
  });
});
