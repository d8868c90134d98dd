// Handled in src/main/handlers/clock-handlers.ts.
import { z } from 'zod';
import type { ClockHealthReport } from '../midi/clock-health';
import { noArgs, portId, request } from './request';

export type TransportState = 'stopped' | 'playing' | 'paused';

export interface ClockInfo {
  source: string | null;
  transport: TransportState;
  bpm: number | null;
  position: { bar: number; beat: number; tick: number };
  /** Quarter notes since start: the beat indicator flashes when it changes. */
  beat: number;
  noClock: boolean;
  /** e.g. two inputs sending clock at once. */
  warning: string | null;
  generator: {
    running: boolean;
    bpm: number;
    outputs: string[];
    /** How the clock thread is scheduled, e.g. "real-time (SCHED_FIFO 20)"; null before start. */
    thread: string | null;
  };
}

export const BPM_RANGE = { min: 20, max: 300 } as const;

export const clockRequests = {
  'clock:state': request<ClockInfo>()(noArgs),
  /** Interval jitter, drift and dropped or doubled pulses of a clock input (null: the followed). */
  'clock:health': request<ClockHealthReport & { port: string | null }>()(
    z.strictObject({ port: portId.nullable() }),
  ),
  /** Starts a clock input's health statistics again (null: the followed); its new report. */
  'clock:health-reset': request<ClockHealthReport & { port: string | null }>()(
    z.strictObject({ port: portId.nullable() }),
  ),
  /** Sampledeck as clock master: START (from bar 1), STOP, or CONTINUE (from where it stopped). */
  'clock:transport': request<ClockInfo>()(
    z.strictObject({ action: z.enum(['start', 'stop', 'continue']) }),
  ),
  /**
   * Tempo (takes effect on the next pulse), the outputs the clock goes to besides "Sampledeck
   * Clock", and a song position (in sixteenths) to send while stopped.
   */
  'clock:configure': request<ClockInfo>()(
    z.strictObject({
      bpm: z
        .number()
        .min(BPM_RANGE.min)
        .max(BPM_RANGE.max)
        .transform((v) => Math.round(v * 10) / 10)
        .optional(),
      outputs: z.array(portId).max(32).optional(),
      songPosition: z.number().int().min(0).max(16383).optional(),
    }),
  ),
};

export interface ClockEvents {
  /** The followed clock: on every transport change, and about 10 times a second with a clock. */
  'clock:state': ClockInfo;
}
