/**
 * The one clock main, the clock thread and the audio process read: monotonic milliseconds and
 * the epoch milliseconds its zero stands for. Times that cross a thread or a process go as
 * epoch ms; inside, monotonic ms. Inject one (tests) and every conversion uses it: never mix
 * an injected `now` with `performance.timeOrigin`.
 */
import type { EpochMs, MonoMs } from './unit-types';

export interface Clock {
  now(): MonoMs;
  /** The epoch ms of `now() === 0`. */
  readonly origin: EpochMs;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  origin: performance.timeOrigin,
};

/** A monotonic time of `clock` as epoch ms. */
export const toEpoch = (clock: Clock, t: MonoMs): EpochMs => clock.origin + t;

/** Epoch ms as a monotonic time of `clock`. */
export const fromEpoch = (clock: Clock, epoch: EpochMs): MonoMs => epoch - clock.origin;
