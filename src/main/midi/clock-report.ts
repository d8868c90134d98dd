import { systemClock, type Clock } from '../../shared/clock';
import type { ClockInfo } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';
import type { ClockFollowing } from './clock-following';
import type { ClockMaster } from './clock-master';

export interface ClockReportOptions {
  following: Pick<ClockFollowing, 'state' | 'followed' | 'warning'>;
  master: Pick<ClockMaster, 'generator'>;
  onClock: (clock: ClockInfo) => void;
  clock?: Clock;
}

/** Tempo and position may move this often in `clock:state` events; everything else at once. */
const MOVED_EMIT_MS = 100;

/** The window's view of the clock: the followed clock and Sampledeck's own, in one ClockInfo. */
export class ClockReport implements Disposable {
  private last: ClockInfo | null = null;
  private lastEmit = 0;
  private readonly time: Clock;
  private disposed = false;

  constructor(private readonly options: ClockReportOptions) {
    this.time = options.clock ?? systemClock;
  }

  info(): ClockInfo {
    const s = this.options.following.state();
    return {
      source: this.options.following.followed(),
      transport: s.transport,
      bpm: s.bpm,
      position: s.position,
      beat: s.beat,
      noClock: s.noClock,
      warning: this.options.following.warning(),
      generator: this.options.master.generator(),
    };
  }

  /** Emits on any change of transport, beat or "no clock" at once, and tempo/position at 10 Hz. */
  emit(force: boolean): void {
    if (this.disposed) return;
    const info = this.info();
    const last = this.last;
    const urgent =
      force ||
      !last ||
      last.transport !== info.transport ||
      last.beat !== info.beat ||
      last.noClock !== info.noClock ||
      last.warning !== info.warning ||
      last.source !== info.source ||
      last.generator.running !== info.generator.running ||
      last.generator.thread !== info.generator.thread;
    const moved =
      last &&
      (last.bpm !== info.bpm ||
        last.position.tick !== info.position.tick ||
        last.generator.bpm !== info.generator.bpm);
    const now = this.time.now();
    if (urgent || (moved && now - this.lastEmit >= MOVED_EMIT_MS)) {
      this.last = info;
      this.lastEmit = now;
      this.options.onClock(info);
    }
  }

  dispose(): void {
    this.disposed = true;
  }
}
