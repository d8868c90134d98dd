import { describe, expect, it } from 'vitest';
import { ClockFollower } from '../../src/shared/midi/clock-follower';
import { SongPosition } from '../../src/main/midi/song-position';

const PERIOD = 60_000 / (120 * 24);

type Step = 'start' | 'stop' | 'continue' | 'clock' | { spp: number };

/** Runs both on a steady 120 BPM clock and lists the position after every message. */
function both(steps: Step[]) {
  const follower = new ClockFollower();
  const position = new SongPosition();
  const ours: number[] = [];
  const theirs: number[] = [];
  let t = 1000;
  for (const step of steps) {
    if (step === 'clock') {
      t += PERIOD;
      follower.clock(t);
      position.clock();
    } else if (typeof step === 'object') {
      follower.songPosition(step.spp, t);
      position.songPosition(step.spp);
    } else {
      follower[step](t);
      position[step]();
    }
    ours.push(position.pulses);
    theirs.push(follower.state(t).pulses);
  }
  return { ours, theirs };
}

const clocks = (n: number): Step[] => Array<Step>(n).fill('clock');

describe('SongPosition (the own clock, for the sequencer)', () => {
  it('counts as the clock follower does on a steady clock: START, STOP, CONTINUE, SPP', () => {
    const { ours, theirs } = both([
      ...clocks(5), // before START: nothing moves
      'start',
      ...clocks(30),
      'stop',
      ...clocks(3),
      'continue',
      ...clocks(10),
      'stop',
      { spp: 16 },
      'continue',
      ...clocks(7),
      { spp: 4 }, // ignored while playing
      ...clocks(2),
    ]);
    expect(ours).toEqual(theirs);
    expect(ours.at(-1)).toBe(96 + 8);
  });

  it('moves one pulse per pulse where the follower reads a late pulse as a dropped one', () => {
    const follower = new ClockFollower();
    const position = new SongPosition();
    let t = 1000;
    follower.start(t);
    position.start();
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < 110; i++) {
      // Pulse 100 leaves 15 ms late (a busy machine), pulse 101 on time.
      t += PERIOD + (i === 100 ? 15 : 0) - (i === 101 ? 15 : 0);
      follower.clock(t);
      position.clock();
      ours.push(position.pulses);
      theirs.push(follower.state(t).pulses);
    }
    expect(ours).toEqual(Array.from({ length: 110 }, (_, i) => i));
    // The follower, right for an external clock that may drop pulses, jumps over pulse 100.
    expect(theirs.slice(99, 102)).toEqual([99, 101, 101]);
  });
});
