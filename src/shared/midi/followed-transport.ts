/**
 * The transport and song position of a followed clock (./clock-follower.ts), from START, STOP,
 * CONTINUE, SPP and the pulses the follower has read.
 *
 * START: playing, position 0, and the first clock after it is pulse 0 (bar 1, beat 1, tick 0);
 * each later clock advances by one (or k). STOP: 'paused', position kept (STOP while stopped
 * changes nothing). CONTINUE: playing from the position; the next clock advances it by one.
 * SPP is acted on only while not playing (masters send it stopped): the position becomes
 * sixteenths x PULSES_PER_SIXTEENTH pulses and the next clock, after CONTINUE, plays that
 * pulse; the transport is left as it was, so a SPP never starts or stops anything and
 * 'stopped' is the state before the first START or CONTINUE. Clocks move the position only
 * while playing; tempo is measured always. `beats` counts the quarter notes the position
 * reaches while playing (multiples of PPQN, pulse 0 after START included) for the beat flash;
 * corrections after a tempo change leave it alone.
 */
import type { Pulses } from '../unit-types';
import { BEATS_PER_BAR, PPQN, PULSES_PER_BAR, PULSES_PER_SIXTEENTH } from './clock-pulses';

export type Transport = 'stopped' | 'playing' | 'paused';

/** What a pulse did to the position. */
export interface Applied {
  step: Pulses;
  missed: Pulses;
  played: boolean;
}

export class FollowedTransport {
  state: Transport = 'stopped';
  /** The song position. */
  pulses: Pulses = 0;
  /** Quarter notes reached while playing. */
  beats = 0;
  /** Pulses inferred missing since START. */
  missed: Pulses = 0;
  /** The next clock plays `pulses` itself (after START or SPP) rather than the pulse after. */
  private armed = true;

  start(): void {
    this.state = 'playing';
    this.pulses = 0;
    this.armed = true;
    this.missed = 0;
  }

  stop(): void {
    if (this.state === 'playing') this.state = 'paused';
  }

  continue(): void {
    this.state = 'playing';
  }

  /** A song position pointer, in sixteenths. */
  locate(sixteenths: number): void {
    if (this.state === 'playing') return;
    if (!Number.isInteger(sixteenths) || sixteenths < 0) return;
    this.pulses = sixteenths * PULSES_PER_SIXTEENTH;
    this.armed = true;
  }

  reset(): void {
    this.state = 'stopped';
    this.pulses = 0;
    this.armed = true;
    this.beats = 0;
    this.missed = 0;
  }

  /** Moves the position for a pulse `k` pulses after the last (0: an extra pulse). */
  advance(k: Pulses): Applied {
    if (this.state !== 'playing') return { step: 0, missed: 0, played: false };
    if (this.armed) {
      this.armed = false;
      if (this.pulses % PPQN === 0) this.beats += 1;
      return { step: 0, missed: 0, played: false };
    }
    const before = this.pulses;
    this.pulses += k;
    const missed = Math.max(0, k - 1);
    this.missed += missed;
    this.beats += Math.floor(this.pulses / PPQN) - Math.floor(before / PPQN);
    return { step: k, missed, played: true };
  }

  /** Pulses read wrongly (drift taken for drops or extras, a late pulse for a lost one). */
  correct(position: Pulses, missed: Pulses): void {
    this.pulses = Math.max(0, this.pulses + position);
    this.missed += missed;
  }

  /** 4/4, 1-based bar and beat, tick 0..PPQN-1. */
  position(): { bar: number; beat: number; tick: number } {
    const pulses = this.pulses;
    return {
      bar: Math.floor(pulses / PULSES_PER_BAR) + 1,
      beat: (Math.floor(pulses / PPQN) % BEATS_PER_BAR) + 1,
      tick: pulses % PPQN,
    };
  }
}
