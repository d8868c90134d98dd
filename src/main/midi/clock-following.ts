import { AppError } from '../../shared/app-error';
import { systemClock, toEpoch, type Clock } from '../../shared/clock';
import { ClockFollower, type ClockState } from '../../shared/midi/clock-follower';
import { ClockHealth, type ClockHealthReport } from '../../shared/midi/clock-health';
import { PPQN, PULSES_PER_BAR } from '../../shared/midi/clock-pulses';
import { CLOCK_PORT_ID } from '../../shared/midi/internal-ports';
import type { Disposable } from '../../shared/lifecycle';
import type { ClockThread } from './clock-thread';
import type { PortRegistry } from './port-registry';
import type { TimingType } from './sequencer-service';
import { Emitter } from '../../shared/emitter';

export interface ClockFollowingOptions {
  registry: Pick<PortRegistry, 'hasInput' | 'inputName'>;
  /** The clock thread's sequencer follows the followed clock: told which, and its timing. */
  sequencer: Pick<ClockThread, 'setFollowOwn' | 'forwardTiming'>;
  clock?: Clock;
}

export type PortHealth = ClockHealthReport & { port: string | null };

const OWN_CLOCK = CLOCK_PORT_ID;
/** Between pulses the state still changes: "no clock" after 0.5 s of silence. */
const TICK_MS = 100;
const TWO_CLOCKS_WINDOW_MS = 500;

/**
 * Following a MIDI clock: the input chosen (or, with none chosen, the first still sending
 * timing), its tempo, transport and position (the ClockFollower), each clock input's health,
 * a warning when two send at once, and where the next bar line falls.
 */
export class ClockFollowing implements Disposable {
  private chosen: string | null = null;
  private readonly follower = new ClockFollower();
  private readonly lastClockAt = new Map<string, number>();
  private readonly lastTimingAt = new Map<string, number>();
  private readonly health = new Map<string, ClockHealth>();
  /** When the followed clock's last pulse arrived. */
  private lastPulseAt = 0;
  private readonly time: Clock;
  private readonly timer: NodeJS.Timeout;
  private disposed = false;

  private readonly changed = new Emitter<[urgent: boolean]>();
  private readonly chosenChanged = new Emitter();
  /** What `state` shows may have changed; `urgent`: transport or source, not just time. */
  readonly onChange = this.changed.listen;
  /** The user chose another clock source. */
  readonly onChosenChange = this.chosenChanged.listen;

  constructor(private readonly options: ClockFollowingOptions) {
    this.time = options.clock ?? systemClock;
    this.timer = setInterval(() => {
      // The automatic choice moves on as inputs fall silent.
      this.tellSequencer(this.followed());
      this.changed.fire(false);
    }, TICK_MS);
    this.timer.unref();
  }

  private now(): number {
    return this.time.now();
  }

  /** The input the user chose to follow; null: automatic. */
  chosenSource(): string | null {
    return this.chosen;
  }

  setSource(id: string | null): void {
    if (id !== null && !this.options.registry.hasInput(id))
      throw new AppError('NOT_FOUND', `no MIDI input "${id}"`);
    this.chosen = id;
    this.tellSequencer(this.followed());
    this.chosenChanged.fire();
    this.changed.fire(true);
  }

  /**
   * Puts back the source chosen before a restart, at start: its device may come later (port
   * ids stay the same across replugs), and until it sends clock nothing else is followed.
   */
  restoreSource(id: string | null): void {
    this.chosen = id;
    this.tellSequencer(this.followed());
    this.changed.fire(true);
  }

  /** The clock followed now: the chosen one, or the automatic choice. */
  followed(): string | null {
    return this.chosen ?? this.autoSource();
  }

  /** With no source chosen, follow the first input still sending timing (clock or transport). */
  private autoSource(): string | null {
    for (const [port, at] of this.lastTimingAt) {
      if (this.now() - at <= TWO_CLOCKS_WINDOW_MS) return port;
    }
    return null;
  }

  /** The sequencer follows its own thread's clock unless another is followed. */
  private tellSequencer(source: string | null): void {
    // Nothing yet: Sampledeck's clock is the one that will be followed once it starts.
    this.options.sequencer.setFollowOwn(source === null || source === OWN_CLOCK);
  }

  state(): ClockState {
    return this.follower.state(this.now());
  }

  warning(): string | null {
    const now = this.now();
    const sending = [...this.lastClockAt].filter(([, at]) => now - at <= TWO_CLOCKS_WINDOW_MS);
    if (sending.length < 2) return null;
    const names = sending.map(([id]) => this.options.registry.inputName(id));
    return `${sending.length} inputs send clock at once: ${names.join(', ')}`;
  }

  /** A timing message from an input: its health, and the follower if it is the followed one. */
  timing(portId: string, type: TimingType, spp: number | undefined, t: number): void {
    if (type === 'clock') {
      this.lastClockAt.set(portId, t);
      let health = this.health.get(portId);
      if (!health) this.health.set(portId, (health = new ClockHealth()));
      health.pulse(t);
    } else if (type === 'start') this.health.get(portId)?.reset();
    this.lastTimingAt.set(portId, t);
    const source = this.followed();
    this.tellSequencer(source);
    if (source !== portId) return;
    switch (type) {
      case 'clock': {
        const changes = this.follower.tempoChanges;
        this.follower.clock(t);
        // The follower saw the tempo change: the health's statistics were of the old one.
        if (this.follower.tempoChanges !== changes) this.health.get(portId)?.restart();
        break;
      }
      case 'start':
        this.follower.start(t);
        break;
      case 'stop':
        this.follower.stop(t);
        break;
      case 'continue':
        this.follower.continue(t);
        break;
      case 'song-position':
        this.follower.songPosition(spp ?? 0, t);
        break;
    }
    if (type === 'clock') this.lastPulseAt = t;
    // The sequencer follows Sampledeck's own clock inside the clock thread, without main.
    if (portId !== OWN_CLOCK)
      this.options.sequencer.forwardTiming(type, this.follower.state(t).pulses);
    this.changed.fire(type !== 'clock');
  }

  /** The health of a clock input (the followed one by default), against the tempo it shows. */
  healthOf(portId: string | null): PortHealth {
    const port = portId ?? this.followed();
    const health = (port ? this.health.get(port) : undefined) ?? new ClockHealth();
    const report = health.report(null);
    const shown =
      port === this.followed()
        ? this.state().bpm
        : report.meanIntervalMs && Math.round(600_000 / (PPQN * report.meanIntervalMs)) / 10;
    return { ...health.report(shown || null), port };
  }

  /** Starts a clock input's health statistics again (the followed one by default). */
  resetHealth(portId: string | null): PortHealth {
    const port = portId ?? this.followed();
    if (port) this.health.get(port)?.restart();
    return this.healthOf(port);
  }

  /** Sampledeck's own clock changed tempo: its health measured the old one. */
  ownTempoSet(): void {
    this.health.get(OWN_CLOCK)?.restart();
  }

  /**
   * When the next bar line of the followed clock falls (epoch ms), from its last pulse and its
   * fitted tempo; null when it is not playing.
   */
  nextBarAt(): number | null {
    const s = this.state();
    if (s.transport !== 'playing' || s.noClock || s.rawBpm === null) return null;
    const period = 60_000 / (s.rawBpm * PPQN);
    const nextBar = (Math.floor(s.pulses / PULSES_PER_BAR) + 1) * PULSES_PER_BAR;
    return toEpoch(this.time, this.lastPulseAt + (nextBar - s.pulses) * period);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    this.changed.dispose();
    this.chosenChanged.dispose();
  }
}
