import { PULSES_PER_SIXTEENTH } from '../../shared/midi/clock-pulses';
import type { Pulses } from '../../shared/unit-types';

/**
 * The song position (in pulses) of Sampledeck's own clock, for the sequencer in the clock
 * thread. Every pulse of that clock arrives, so each one is exactly one step on: unlike the
 * clock follower, which reads a long gap as dropped pulses, a late pulse here never moves the
 * position by more than one. The counting rules are the follower's: after START or a song
 * position, the first pulse plays the position itself.
 */
export class SongPosition {
  private playing = false;
  /** The next pulse plays the current position rather than advancing from it. */
  private armed = true;
  pulses: Pulses = 0;

  start(): void {
    this.playing = true;
    this.pulses = 0;
    this.armed = true;
  }

  stop(): void {
    this.playing = false;
  }

  continue(): void {
    this.playing = true;
  }

  /** SPP: ignored while playing, as the MIDI spec has it. */
  songPosition(sixteenths: number): void {
    if (this.playing) return;
    this.pulses = sixteenths * PULSES_PER_SIXTEENTH;
    this.armed = true;
  }

  clock(): void {
    if (!this.playing) return;
    if (this.armed) this.armed = false;
    else this.pulses += 1;
  }
}
