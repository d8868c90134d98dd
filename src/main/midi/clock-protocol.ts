/** Messages between main and the clock worker. Times are epoch ms (timeOrigin + now()). */
export type ClockCommand =
  | { type: 'start'; bpm: number }
  | { type: 'continue'; bpm: number }
  | { type: 'stop' }
  | { type: 'tempo'; bpm: number };

export type ClockEvent =
  /** One message the clock sends: when it was due and when it actually went out. */
  { type: 'midi'; bytes: number[]; due: number; sent: number };

export const epochNow = (): number => performance.timeOrigin + performance.now();
