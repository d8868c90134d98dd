import type { MonitorSettings } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';
import type { ClockFollowing } from './clock-following';
import type { ClockMaster } from './clock-master';
import type { InputRouter, ThruSetup } from './input-router';
import type { Monitor } from './monitor';
import { Emitter } from '../../shared/emitter';

/** What the user set up in MIDI that is kept across restarts (settings.json is the caller's). */
export interface MidiPersistable {
  thru: ThruSetup[];
  /** Outputs Sampledeck's clock goes to, besides "Sampledeck Clock". */
  clockOutputs: string[];
  clockBpm: number;
  monitorCapacity: number;
  /** The input whose clock is followed; null: the first that sends. */
  clockSource: string | null;
}

export interface MidiSetupOptions {
  router: Pick<InputRouter, 'setup' | 'restore'>;
  master: Pick<ClockMaster, 'setup' | 'restore'>;
  monitor: Pick<Monitor, 'settings' | 'configure'>;
  following: Pick<ClockFollowing, 'chosenSource' | 'restoreSource'>;
  /** The user changed something kept across restarts (not fired by `restore`). */
  onPersistable?: (values: MidiPersistable) => void;
}

const MONITOR_CAPACITY = { min: 100, max: 1_000_000 } as const;

/** The MIDI set-up kept across restarts: thru routes, the clock's source and master, the monitor's size. */
export class MidiSetup implements Disposable {
  private disposed = false;
  private readonly restored = new Emitter();
  /** `restore` put a set-up back: the ports' and the clock's state are to be told again. */
  readonly onRestored = this.restored.listen;

  constructor(private readonly options: MidiSetupOptions) {}

  persistable(): MidiPersistable {
    return {
      thru: this.options.router.setup(),
      ...this.options.master.setup(),
      monitorCapacity: this.options.monitor.settings.capacity,
      clockSource: this.options.following.chosenSource(),
    };
  }

  /** Something kept changed: it is said, whole. */
  changed(): void {
    if (!this.disposed) this.options.onPersistable?.(this.persistable());
  }

  /** The monitor's settings; a new capacity is kept across restarts. */
  configureMonitor(change: Partial<MonitorSettings>): MonitorSettings {
    const before = this.options.monitor.settings.capacity;
    const settings = this.options.monitor.configure(change);
    if (settings.capacity !== before) this.changed();
    return settings;
  }

  /**
   * Puts back what `persistable` gave, at start. Ports need not be there yet (hardware comes
   * later, a device may be unplugged): routes and clock outputs wait for them. What cannot be
   * taken (a route that would close a loop, a tempo or capacity out of range) is left out and
   * said, one line each; the rest is restored. Fires no `onPersistable`.
   */
  restore(values: Partial<MidiPersistable>): string[] {
    const problems: string[] = [];
    if (values.monitorCapacity !== undefined) {
      const capacity = values.monitorCapacity;
      if (
        Number.isInteger(capacity) &&
        capacity >= MONITOR_CAPACITY.min &&
        capacity <= MONITOR_CAPACITY.max
      ) {
        this.options.monitor.configure({ capacity });
      } else
        problems.push(`monitor capacity ${capacity} is not a whole number from 100 to 1000000`);
    }
    if (values.clockSource !== undefined) this.options.following.restoreSource(values.clockSource);
    problems.push(...this.options.master.restore(values));
    problems.push(...this.options.router.restore(values.thru ?? []));
    this.restored.fire();
    return problems;
  }

  dispose(): void {
    this.disposed = true;
    this.restored.dispose();
  }
}
