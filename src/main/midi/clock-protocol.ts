import type { ThreadPriority } from '../thread-priority';

/**
 * Messages between main and the clock thread (clock-worker.ts). Times are epoch ms
 * (timeOrigin + now()). Besides the clock, the thread owns every hardware MIDI output, so the
 * clock reaches external gear without waiting for main's event loop and no port is opened
 * twice (which Windows drivers refuse).
 */
export type ClockCommand =
  | { type: 'start'; bpm: number }
  | { type: 'continue'; bpm: number }
  | { type: 'stop' }
  | { type: 'tempo'; bpm: number }
  /** The hardware outputs (by name) that get every clock message. */
  | { type: 'clock-outputs'; names: string[] }
  /** One message to a hardware output, opened on first use. */
  | { type: 'send'; name: string; bytes: number[] }
  | { type: 'close-output'; name: string };

export type ClockEvent =
  /** One message the clock sends: when it was due and when it actually went out. */
  | { type: 'midi'; bytes: number[]; due: number; sent: number }
  /** What the thread got when it asked for real-time scheduling (once, at start). */
  | { type: 'priority'; priority: ThreadPriority }
  /** A hardware output failed; it is closed and dropped from the clock outputs. */
  | { type: 'output-error'; name: string; message: string };

export const epochNow = (): number => performance.timeOrigin + performance.now();
