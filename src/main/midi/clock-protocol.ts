import type { SequencerState } from '../../shared/contract';
import type { ThreadPriority } from '../platform/thread-priority';
import type { SequencerChange, TimingType } from './sequencer-service';

export type SequencerStep = Pick<SequencerState, 'playing' | 'step' | 'current' | 'queued'>;

/**
 * Messages between main and the clock thread (clock-worker.ts). Times are epoch ms
 * (timeOrigin + now()).
 *
 * The thread holds everything whose timing the user hears: the clock, the sequencer (driven
 * by that clock directly, or by an external clock main forwards) and every hardware MIDI
 * output, so notes and pulses reach external gear without waiting for main's event loop, and
 * no port is opened twice (which Windows drivers refuse).
 */
export type ClockCommand =
  | { type: 'start'; bpm: number }
  | { type: 'continue'; bpm: number }
  | { type: 'stop' }
  | { type: 'tempo'; bpm: number }
  /** SPP, while stopped: where CONTINUE will resume. */
  | { type: 'song-position'; sixteenths: number }
  /** The hardware outputs (by name) that get every clock message. */
  | { type: 'clock-outputs'; names: string[] }
  /** One message to a hardware output, opened on first use. */
  | { type: 'send'; name: string; bytes: number[] }
  | { type: 'close-output'; name: string }
  /** May the thread send to hardware outputs itself (RtMidi's), or must it hand them to main? */
  | { type: 'hardware-here'; value: boolean }
  /** Whether the sequencer follows this thread's clock (else: the timing main forwards). */
  | { type: 'follow-own'; value: boolean }
  /** A timing message of the external clock the sequencer follows, with its song position. */
  | { type: 'timing'; timing: TimingType; pulses: number }
  | { type: 'sequencer-configure'; id: number; change: SequencerChange };

export type ClockEvent =
  /** One message the clock sends: when it was due and when it actually went out. */
  | { type: 'midi'; bytes: number[]; due: number; sent: number }
  /** One message of the sequencer, for the outputs main holds (the internal ones). */
  | { type: 'sequencer-midi'; bytes: number[]; outputs: string[]; sent: number }
  /** The sequencer's whole state, in answer to configure `id`. */
  | {
      type: 'sequencer-state';
      state: SequencerState;
      id: number;
      /** Why configure `id` failed: patterns or an edit that do not fit, or a bug. */
      error?: { message: string; badInput: boolean };
    }
  /** Where it plays, on every step while it runs (patterns and outputs change only by configure). */
  | { type: 'sequencer-step'; step: SequencerStep }
  /** What the thread got when it asked for real-time scheduling (once, at start). */
  | { type: 'priority'; priority: ThreadPriority }
  /** A hardware output failed; it is closed and dropped from the clock outputs. */
  | { type: 'output-error'; name: string; message: string }
  /** A command that failed or a sequencer that threw; the thread goes on. */
  | { type: 'error'; message: string };

export const epochNow = (): number => performance.timeOrigin + performance.now();
