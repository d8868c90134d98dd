import { PPQN } from '../../shared/midi/clock-pulses';
import type { EpochMs, Pulses } from '../../shared/unit-types';

/**
 * When each clock pulse is due: pulse n at origin + n × period, computed from the start and
 * never from the previous pulse, so lateness of one pulse never moves the next and nothing
 * drifts. A tempo change keeps the next deadline and spaces the following ones anew: the new
 * tempo takes effect from the next pulse and the position does not jump. Times are epoch ms:
 * the clock thread shares them with main.
 */
export class ClockSchedule {
  private origin: EpochMs;
  /** ms per pulse. */
  private period: number;
  /** Pulses emitted so far. */
  count: Pulses = 0;

  constructor(
    public bpm: number,
    origin: EpochMs,
  ) {
    this.period = ClockSchedule.periodOf(bpm);
    this.origin = origin;
  }

  /** ms per pulse. */
  static periodOf(bpm: number): number {
    return 60_000 / (bpm * PPQN);
  }

  /** When the next pulse is due. */
  next(): EpochMs {
    return this.origin + this.count * this.period;
  }

  /** The next pulse has been sent. */
  advance(): void {
    this.count += 1;
  }

  setTempo(bpm: number): void {
    const next = this.next();
    this.bpm = bpm;
    this.period = ClockSchedule.periodOf(bpm);
    this.origin = next - this.count * this.period;
  }
}
