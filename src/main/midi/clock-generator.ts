import { CLOCK, START, STOP } from '../../shared/midi/midi-message';

const PPQN = 24;

/**
 * Sampledeck's clock: START, then 24 pulses per quarter note, each scheduled against an
 * absolute deadline (start + n × period) so timer lateness never accumulates into drift. A
 * tempo change takes effect from the next pulse without a jump in position.
 */
export class ClockGenerator {
  private timer: NodeJS.Timeout | null = null;
  /** Deadline of pulse `count` is origin + count × period. */
  private origin = 0;
  private count = 0;
  private period = 0;
  bpm = 120;

  constructor(
    private readonly send: (bytes: number[], t: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(bpm: number): void {
    this.stop(false);
    this.bpm = bpm;
    this.period = 60_000 / (bpm * PPQN);
    const t = this.now();
    this.send([START], t);
    this.origin = t;
    this.count = 0;
    this.schedule();
  }

  setTempo(bpm: number): void {
    if (!this.running) {
      this.bpm = bpm;
      return;
    }
    const next = this.origin + this.count * this.period;
    this.bpm = bpm;
    this.period = 60_000 / (bpm * PPQN);
    this.origin = next - this.count * this.period;
  }

  stop(sendStop = true): void {
    if (this.timer) clearTimeout(this.timer);
    const wasRunning = this.timer !== null;
    this.timer = null;
    if (wasRunning && sendStop) this.send([STOP], this.now());
  }

  private schedule(): void {
    const deadline = this.origin + this.count * this.period;
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - this.now()));
  }

  private fire(): void {
    // Every pulse whose deadline has passed goes now, stamped with its deadline.
    const now = this.now();
    while (this.origin + this.count * this.period <= now) {
      this.send([CLOCK], this.origin + this.count * this.period);
      this.count += 1;
    }
    this.schedule();
  }
}
