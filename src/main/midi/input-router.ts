import { AppError } from '../../shared/app-error';
import { systemClock, toEpoch, type Clock } from '../../shared/clock';
import type { MidiPort, ThruRoute } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';
import { CLOCK_PORT_ID, SEQUENCER_PORT_ID } from '../../shared/midi/internal-ports';
import type { MidiMessage } from '../../shared/midi/midi-message';
import { MidiParser } from '../../shared/midi/midi-parser';
import type { ClockFollowing } from './clock-following';
import type { Monitor } from './monitor';
import type { PortRegistry } from './port-registry';
import type { TimingType } from './sequencer-service';
import { Emitter } from '../../shared/emitter';

export interface InputRouterOptions {
  registry: Pick<PortRegistry, 'hasInput' | 'hasOutput' | 'inputName' | 'trySend'>;
  monitor: Pick<Monitor, 'add'>;
  following: Pick<ClockFollowing, 'timing'>;
  /** Every decoded message from a controller (not from Sampledeck's own clock or sequencer). */
  onMessage?: (port: string, message: MidiMessage) => void;
  clock?: Clock;
}

/** A thru route as it is kept across restarts. */
export type ThruSetup = Omit<ThruRoute, 'id'>;

const CLOCK_TYPES = new Set(['clock', 'start', 'stop', 'continue', 'song-position']);
/** Sampledeck's own senders: their messages never count as a controller's. */
const OWN_PORTS = new Set([CLOCK_PORT_ID, SEQUENCER_PORT_ID]);

/**
 * Where each input's bytes go: parsed, stamped, into the monitor, timing to the clock
 * follower, a controller's messages on to whoever listens, and out again along the thru
 * routes. Messages arrive on the event loop from RtMidi's callback thread (or the bus);
 * nothing slow happens here.
 */
export class InputRouter implements Disposable {
  private readonly parsers = new Map<string, MidiParser>();
  private routes: ThruRoute[] = [];
  private nextThruId = 1;
  private readonly time: Clock;
  private readonly startedAt: number;
  private disposed = false;

  private readonly routesChanged = new Emitter<[byUser: boolean]>();
  /** Thru routes changed; `byUser`: not by `restore`, so they are to be kept. */
  readonly onRoutesChange = this.routesChanged.listen;

  constructor(private readonly options: InputRouterOptions) {
    this.time = options.clock ?? systemClock;
    this.startedAt = this.time.now();
  }

  private parser(portId: string): MidiParser {
    let parser = this.parsers.get(portId);
    if (!parser) this.parsers.set(portId, (parser = new MidiParser()));
    return parser;
  }

  /** An input (re)opened: a message cut off when it closed is not completed by the next one. */
  inputOpened(port: MidiPort): void {
    this.parser(port.id).reset();
  }

  /** One incoming packet: parse, stamp, monitor, route, follow. */
  receive(port: MidiPort, bytes: number[], t: number): void {
    if (this.disposed) return;
    const wall = toEpoch(this.time, t);
    for (const item of this.parser(port.id).feed(bytes)) {
      const base = { t: t - this.startedAt, wall, port: port.name };
      if ('kind' in item) {
        this.options.monitor.add({ ...base, message: item });
        continue;
      }
      // What listens (sequencer, MIDI learn, sampler) must never break the input path: a
      // throw here would be an uncaught exception in RtMidi's callback.
      try {
        if (CLOCK_TYPES.has(item.type)) {
          const spp = item.type === 'song-position' ? item.sppSixteenths : undefined;
          this.options.following.timing(port.id, item.type as TimingType, spp, t);
        } else if (!OWN_PORTS.has(port.id)) this.options.onMessage?.(port.name, item);
      } catch (error) {
        console.error(`MIDI from ${port.name}: ${(error as Error).message}`);
      }

      this.options.monitor.add({ ...base, message: item });
      for (const route of this.routes) {
        if (route.from !== port.id) continue;
        if (route.channel !== null && item.channel !== route.channel) continue;
        this.options.registry.trySend(route.to, item.bytes);
      }
    }
  }

  thru(): ThruRoute[] {
    return this.routes;
  }

  addThru(from: string, to: string, channel: number | null): void {
    const { registry } = this.options;
    if (!registry.hasInput(from)) throw new AppError('NOT_FOUND', `no MIDI input "${from}"`);
    if (!registry.hasOutput(to)) throw new AppError('NOT_FOUND', `no MIDI output "${to}"`);
    const cycle = this.thruCycle(from, to, channel);
    if (cycle) {
      const names = cycle.map((id) => registry.inputName(id));
      throw new AppError(
        'INVALID_ARGS',
        `thru ${names[0]} → ${names[1]} would close a loop (${names.join(' → ')}): every message would go round it for ever`,
      );
    }
    this.routes = [...this.routes, { id: this.nextThruId++, from, to, channel }];
    this.routesChanged.fire(true);
  }

  removeThru(id: number): void {
    const before = this.routes.length;
    this.routes = this.routes.filter((r) => r.id !== id);
    this.routesChanged.fire(this.routes.length !== before);
  }

  /**
   * The loop a new route would close, as input ids from `from` back to it, or null. What is
   * sent to an output comes back out of the input with the same id: internal ports do this,
   * and a hardware output and input of one name are taken to be one device that echoes. A
   * loop only counts if some channel passes every route of it.
   */
  private thruCycle(from: string, to: string, channel: number | null): string[] | null {
    const visited = new Set<string>();
    const search = (at: string, channel: number | null, path: string[]): string[] | null => {
      if (at === from) return path;
      // Routes from ports not there (yet) count too: restored ones wait for their device.
      // A port reached on one channel may still close a loop on another.
      const key = `${at}|${channel ?? '*'}`;
      if (visited.has(key)) return null;
      visited.add(key);
      for (const route of this.routes) {
        if (route.from !== at) continue;
        if (channel !== null && route.channel !== null && route.channel !== channel) continue;
        const found = search(route.to, channel ?? route.channel, [...path, route.to]);
        if (found) return found;
      }
      return null;
    };
    return search(to, channel, [from, to]);
  }

  setup(): ThruSetup[] {
    return this.routes.map(({ from, to, channel }) => ({ from, to, channel }));
  }

  /**
   * Puts back routes `setup` gave; their ports need not be there yet. One that would close a
   * loop is left out and said. Fires nothing: the caller says what was restored.
   */
  restore(routes: readonly ThruSetup[]): string[] {
    const problems: string[] = [];
    for (const { from, to, channel } of routes) {
      const cycle = this.thruCycle(from, to, channel);
      if (cycle) {
        problems.push(
          `thru ${from} → ${to} left out: it would close a loop (${cycle.join(' → ')})`,
        );
        continue;
      }
      this.routes = [...this.routes, { id: this.nextThruId++, from, to, channel }];
    }
    return problems;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.routesChanged.dispose();
  }
}
