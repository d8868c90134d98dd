/**
 * Named units for the numbers time and position are counted in, as Tone.js names its own
 * (`Ticks`, `Seconds`, ...): a signature says which one it takes. Plain aliases, not brands:
 * they document and cost nothing at the call sites (performance.now(), Date.now(), byte
 * offsets), where a brand would need a cast at every one of them; the names are what a reader
 * and a reviewer go by.
 */

/** MIDI clock pulses, 24 to the quarter note (PPQN in ./midi/clock-pulses.ts). */
export type Pulses = number;
/** Audio sample frames (one sample per channel). */
export type Frames = number;
/** Monotonic milliseconds, as performance.now() counts them: for intervals and schedules. */
export type MonoMs = number;
/** Wall-clock milliseconds since the Unix epoch, as Date.now() counts them: for display. */
export type EpochMs = number;
