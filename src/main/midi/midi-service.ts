import { AppError } from '../../shared/app-error';
import { systemClock, toEpoch, type Clock } from '../../shared/clock';
import { ClockFollower, type ClockState } from '../../shared/midi/clock-follower';
import { ClockHealth, type ClockHealthReport } from '../../shared/midi/clock-health';
import { PPQN, PULSES_PER_BAR } from '../../shared/midi/clock-pulses';
import { CLOCK_PORT_ID, SEQUENCER_PORT_ID } from '../../shared/midi/internal-ports';

import type { MidiMessage } from '../../shared/midi/midi-message';
import { MidiParser } from '../../shared/midi/midi-parser';
import type { SequencerChange, TimingType } from './sequencer-service';

import {
  BPM_RANGE,
  type MonitorSettings,
  type ClockInfo,
  type MidiPort,
  type MidiPortKind,
  type MidiState,
  type MonitorBatch,
  type SequencerState,
  type SubsystemStatus,
  type ThruRoute,
} from '../../shared/contract';
import { ClockThread } from './clock-thread';
import type { InternalBus } from './internal-bus';
import type { MidiBackend, MidiInputHandle, MidiOutputHandle } from './midi-backend';
import { Monitor } from './monitor';
import { describeRtMidiFailure, type RtMidiBackend } from './rtmidi-backend';

/** What the user set up in MIDI that is kept across restarts (settings.json is the caller's). */
export interface MidiPersistable {
  thru: { from: string; to: string; channel: number | null }[];
  /** Outputs Sampledeck's clock goes to, besides "Sampledeck Clock". */
  clockOutputs: string[];
  clockBpm: number;
  monitorCapacity: number;
}

const MONITOR_CAPACITY = { min: 100, max: 1_000_000 } as const;

export interface MidiServiceOptions {
  bus: InternalBus;
  /** Creates the RtMidi backend; it may throw (no ALSA sequencer). Called once, lazily. */
  createHardware: () => Promise<RtMidiBackend>;
  onState: (state: MidiState) => void;
  onBatch: (batch: MonitorBatch) => void;
  /** Whether any window wants monitor batches now (absent: always); see MonitorOptions. */
  hasMonitorListener?: () => boolean;
  onClock: (clock: ClockInfo) => void;
  onHardwareStatus?: (status: SubsystemStatus) => void;
  /** out/main/clock-worker.js */
  clockWorkerPath: string;
  onSequencerState?: (state: SequencerState) => void;
  /** Every decoded message from a controller (not from Sampledeck's own clock or sequencer). */
  onMessage?: (port: string, message: MidiMessage) => void;
  /** Every message the clock sends, with when it went out and when it was due (benchmarks). */
  onClockSent?: (bytes: number[], sent: number, due: number) => void;
  /** Every message the sequencer sends, with when it went out (benchmarks). */
  onSequencerSent?: (bytes: number[], sent: number) => void;
  /** The user changed something kept across restarts (not fired by `restore`). */
  onPersistable?: (values: MidiPersistable) => void;
  /** Problems nobody asked about (a hardware output that failed in the clock thread). */
  log?: (message: string) => void;
  /** Time stamps, "no clock", the next bar: the bus (and backends) must use the same. */
  clock?: Clock;
  pollMs?: number;
  batchIntervalMs?: number;
}

interface Input {
  port: MidiPort;
  handle: MidiInputHandle | null;
  parser: MidiParser;
  /** The user closed it: do not reopen it when it comes back. */
  closedByUser: boolean;
}

const CLOCK_TYPES = new Set(['clock', 'start', 'stop', 'continue', 'song-position']);
/** Sampledeck's own senders: their messages never count as a controller's. */
const OWN_CLOCK = CLOCK_PORT_ID;
const OWN_PORTS = new Set([CLOCK_PORT_ID, SEQUENCER_PORT_ID]);

const CLOCK_EMIT_MS = 100;
const TWO_CLOCKS_WINDOW_MS = 500;

const idOf = (kind: MidiPortKind, name: string) => `${kind}:${name}`;

/**
 * MIDI in main: ports from the internal bus and RtMidi (polled for hot-plug), the monitor, thru
 * routes and the clock follower. Messages arrive on the event loop from RtMidi's callback
 * thread (or the bus); this only parses, stamps and enqueues them.
 */
export class MidiService {
  private hardware: RtMidiBackend | null = null;
  private hardwareStatus: SubsystemStatus = { state: 'starting' };
  private hardwareStart: Promise<void> | null = null;
  private readonly inputs = new Map<string, Input>();
  private readonly outputs = new Map<string, MidiPort>();
  private readonly openOutputs = new Map<string, MidiOutputHandle>();
  private thru: ThruRoute[] = [];
  private nextThruId = 1;
  private clockSource: string | null = null;
  private readonly lastClockAt = new Map<string, number>();
  private readonly lastTimingAt = new Map<string, number>();
  private readonly health = new Map<string, ClockHealth>();
  /** When the followed clock's last pulse arrived. */
  private lastPulseAt = 0;
  /** Outputs Sampledeck's clock goes to, besides "Sampledeck Clock". */
  private clockOutputs: string[] = [];

  private readonly follower = new ClockFollower();
  private lastClock: ClockInfo | null = null;
  private lastClockEmit = 0;
  private readonly monitor: Monitor;
  /** The clock, the sequencer and the hardware outputs, in a real-time thread of their own. */
  private readonly clockThread: ClockThread;
  private readonly startedAt: number;
  private readonly timeSource: Clock;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly clockTimer: NodeJS.Timeout;

  constructor(private readonly options: MidiServiceOptions) {
    this.timeSource = options.clock ?? systemClock;
    this.startedAt = this.now();
    this.monitor = new Monitor(options.onBatch, {
      intervalMs: options.batchIntervalMs,
      hasListener: options.hasMonitorListener,
    });
    this.clockThread = new ClockThread(
      options.clockWorkerPath,
      {
        clock: (bytes, sent, due) => {
          options.onClockSent?.(bytes, sent, due);
          // Hardware clock outputs were sent to by the thread itself.
          const mine = this.clockOutputs.filter((id) => !this.inClockThread(id));
          this.sendFromThread(bytes, [OWN_CLOCK, ...mine], sent);
        },
        sequencerMidi: (bytes, outputs, sent) => {
          options.onSequencerSent?.(bytes, sent);
          this.sendFromThread(bytes, outputs, sent);
        },
        sequencerState: (state) => options.onSequencerState?.(state),
        status: (event) => {
          if (event.type === 'output-error') this.onHardwareOutputError(event.name, event.message);
          else this.emitClock(true);
        },
        log: options.log ?? ((message) => console.error(message)),
      },
      this.timeSource,
    );
    this.addBackendPorts(options.bus, 'internal');
    // Between pulses the state still changes: "no clock" after 0.5 s of silence.
    this.clockTimer = setInterval(() => this.emitClock(false), CLOCK_EMIT_MS);
    this.clockTimer.unref();
  }

  private now(): number {
    return this.timeSource.now();
  }

  /** Starts RtMidi the first time anyone asks about MIDI; its failure is a status, not an error. */
  ensureHardware(): Promise<void> {
    this.hardwareStart ??= this.options.createHardware().then(
      (backend) => {
        this.hardware = backend;
        this.clockThread.setHardwareHere(!!backend.outputsInClockThread);
        this.setHardwareStatus({
          state: 'available',
          detail: `RtMidi: ${backend.inputNames().length} inputs, ${backend.outputNames().length} outputs`,
        });
        this.poll();
        this.pollTimer = setInterval(() => this.poll(), this.options.pollMs ?? 1000);
        this.pollTimer.unref();
      },
      (error: unknown) =>
        this.setHardwareStatus({ state: 'unavailable', reason: describeRtMidiFailure(error) }),
    );
    return this.hardwareStart;
  }

  private setHardwareStatus(status: SubsystemStatus): void {
    this.hardwareStatus = status;
    this.options.onHardwareStatus?.(status);
    this.changed();
  }

  state(): MidiState {
    return {
      hardware: this.hardwareStatus,
      inputs: [...this.inputs.values()].map((i) => i.port),
      outputs: [...this.outputs.values()],
      clockSource: this.clockSource,
      thru: this.thru,
    };
  }

  private changed(): void {
    this.options.onState(this.state());
  }

  private backendFor(kind: MidiPortKind): MidiBackend {
    if (kind === 'internal') return this.options.bus;
    if (!this.hardware)
      throw new AppError('UNAVAILABLE', `MIDI hardware unavailable: ${this.reason()}`);
    return this.hardware;
  }

  private reason(): string {
    return this.hardwareStatus.state === 'unavailable' ? this.hardwareStatus.reason : 'starting';
  }

  private addBackendPorts(backend: MidiBackend, kind: MidiPortKind): void {
    for (const name of backend.inputNames()) this.connectInput(kind, name);
    for (const name of backend.outputNames()) {
      this.outputs.set(idOf(kind, name), {
        id: idOf(kind, name),
        name,
        kind,
        connected: true,
        open: false,
      });
    }
  }

  /** Hot-plug: RtMidi has no notification, so the port lists are compared once a second. */
  private poll(): void {
    const backend = this.hardware;
    if (!backend) return;
    let changed = false;
    const inputs = new Set(backend.inputNames());
    for (const input of this.inputs.values()) {
      if (input.port.kind !== 'hardware') continue;
      if (input.port.connected && !inputs.has(input.port.name)) {
        input.handle?.close();
        input.handle = null;
        input.port = { ...input.port, connected: false, open: false };
        changed = true;
      }
    }
    for (const name of inputs) {
      const known = this.inputs.get(idOf('hardware', name));
      if (!known || !known.port.connected) {
        this.connectInput('hardware', name);
        changed = true;
      }
    }
    const outputs = new Set(backend.outputNames());
    for (const [id, port] of this.outputs) {
      if (port.kind !== 'hardware') continue;
      const connected = outputs.has(port.name);
      if (connected !== port.connected) {
        this.outputs.set(id, { ...port, connected });
        if (!connected) {
          this.openOutputs.get(id)?.close();
          this.openOutputs.delete(id);
        }
        changed = true;
      }
    }
    for (const name of outputs) {
      const id = idOf('hardware', name);
      if (!this.outputs.has(id)) {
        this.outputs.set(id, { id, name, kind: 'hardware', connected: true, open: false });
        changed = true;
      }
    }
    if (!changed) return;
    // A clock output unplugged and plugged back in gets the clock again.
    if (this.clockOutputs.length > 0) this.syncHardwareClockOutputs();
    this.changed();
  }

  /** A port that appeared (or came back): open it unless the user closed it. */
  private connectInput(kind: MidiPortKind, name: string): void {
    const id = idOf(kind, name);
    const existing = this.inputs.get(id);
    const input: Input = existing ?? {
      port: { id, name, kind, connected: true, open: false },
      handle: null,
      parser: new MidiParser(),
      closedByUser: false,
    };
    input.port = { ...input.port, connected: true };
    this.inputs.set(id, input);
    if (!input.closedByUser) this.openInput(input);
  }

  private openInput(input: Input): void {
    if (input.handle || !input.port.connected) return;
    const backend = input.port.kind === 'internal' ? this.options.bus : this.hardware;
    if (!backend) return;
    try {
      input.parser.reset();
      input.handle = backend.openInput(input.port.name, (bytes, t) =>
        this.receive(input, bytes, t),
      );
      input.port = { ...input.port, open: true };
    } catch {
      input.port = { ...input.port, open: false };
    }
  }

  setInputOpen(id: string, open: boolean): MidiState {
    const input = this.inputs.get(id);
    if (!input) throw new AppError('NOT_FOUND', `no MIDI input "${id}"`);
    input.closedByUser = !open;
    if (open) {
      this.openInput(input);
      if (!input.port.open) {
        throw new AppError('UNAVAILABLE', `cannot open MIDI input "${input.port.name}"`);
      }
    } else {
      input.handle?.close();
      input.handle = null;
      input.port = { ...input.port, open: false };
    }
    this.changed();
    return this.state();
  }

  setClockSource(id: string | null): MidiState {
    if (id !== null && !this.inputs.has(id))
      throw new AppError('NOT_FOUND', `no MIDI input "${id}"`);
    this.clockSource = id;
    this.changed();
    this.emitClock(true);
    return this.state();
  }

  /** One incoming packet: parse, stamp, monitor, route, follow. Nothing slow happens here. */
  private receive(input: Input, bytes: number[], t: number): void {
    const wall = toEpoch(this.timeSource, t);
    for (const item of input.parser.feed(bytes)) {
      const base = { t: t - this.startedAt, wall, port: input.port.name };
      if ('kind' in item) {
        this.monitor.add({ ...base, message: item });
        continue;
      }
      // What listens (sequencer, MIDI learn, sampler) must never break the input path: a
      // throw here would be an uncaught exception in RtMidi's callback.
      try {
        if (CLOCK_TYPES.has(item.type)) {
          const spp = item.type === 'song-position' ? item.sppSixteenths : undefined;
          this.followClock(input.port.id, item.type as TimingType, spp, t);
        } else if (!OWN_PORTS.has(input.port.id)) this.options.onMessage?.(input.port.name, item);
      } catch (error) {
        console.error(`MIDI from ${input.port.name}: ${(error as Error).message}`);
      }

      this.monitor.add({ ...base, message: item });
      for (const route of this.thru) {
        if (route.from !== input.port.id) continue;
        if (route.channel !== null && item.channel !== route.channel) continue;
        this.trySend(route.to, item.bytes);
      }
    }
  }

  private followClock(portId: string, type: TimingType, spp: number | undefined, t: number): void {
    if (type === 'clock') {
      this.lastClockAt.set(portId, t);
      let health = this.health.get(portId);
      if (!health) this.health.set(portId, (health = new ClockHealth()));
      health.pulse(t);
    } else if (type === 'start') this.health.get(portId)?.reset();
    this.lastTimingAt.set(portId, t);
    const source = this.followed();
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
    if (portId !== OWN_CLOCK) this.clockThread.forwardTiming(type, this.follower.state(t).pulses);
    this.emitClock(type !== 'clock');
  }

  /** The clock followed now; the clock thread is told whether it is its own. */
  private followed(): string | null {
    const source = this.clockSource ?? this.autoClockSource();
    // Nothing yet: Sampledeck's clock is the one that will be followed once it starts.
    this.clockThread.setFollowOwn(source === null || source === OWN_CLOCK);
    return source;
  }

  /** With no source chosen, follow the first input still sending timing (clock or transport). */
  private autoClockSource(): string | null {
    for (const [port, at] of this.lastTimingAt) {
      if (this.now() - at <= TWO_CLOCKS_WINDOW_MS) return port;
    }
    return null;
  }

  private clockWarning(): string | null {
    const now = this.now();
    const sending = [...this.lastClockAt].filter(([, at]) => now - at <= TWO_CLOCKS_WINDOW_MS);
    if (sending.length < 2) return null;
    const names = sending.map(([id]) => this.inputs.get(id)?.port.name ?? id);
    return `${sending.length} inputs send clock at once: ${names.join(', ')}`;
  }

  clock(): ClockInfo {
    const s: ClockState = this.follower.state(this.now());
    return {
      source: this.followed(),
      transport: s.transport,
      bpm: s.bpm,
      position: s.position,
      beat: s.beat,
      noClock: s.noClock,
      warning: this.clockWarning(),
      generator: {
        running: this.clockThread.running,
        bpm: this.clockThread.bpm,
        outputs: this.clockOutputs,
        thread: this.clockThread.priority?.detail ?? null,
      },
    };
  }

  /** Emits on any change of transport, beat or "no clock" at once, and tempo/position at 10 Hz. */
  private emitClock(force: boolean): void {
    const info = this.clock();
    const last = this.lastClock;
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
    const now = this.now();
    if (urgent || (moved && now - this.lastClockEmit >= CLOCK_EMIT_MS)) {
      this.lastClock = info;
      this.lastClockEmit = now;
      this.options.onClock(info);
    }
  }

  /** The health of a clock input (the followed one by default), against the tempo it shows. */
  clockHealth(portId: string | null): ClockHealthReport & { port: string | null } {
    const port = portId ?? this.clockSource ?? this.autoClockSource();
    const health = (port ? this.health.get(port) : undefined) ?? new ClockHealth();
    const report = health.report(null);
    const followed = port === (this.clockSource ?? this.autoClockSource());
    const shown = followed
      ? this.follower.state(this.now()).bpm
      : report.meanIntervalMs && Math.round(600_000 / (PPQN * report.meanIntervalMs)) / 10;
    return { ...health.report(shown || null), port };
  }

  /** Starts a clock input's health statistics again (the followed one by default). */
  resetClockHealth(portId: string | null): ClockHealthReport & { port: string | null } {
    const port = portId ?? this.clockSource ?? this.autoClockSource();
    if (port) this.health.get(port)?.restart();
    return this.clockHealth(port);
  }

  /**
   * When the next bar line of the followed clock falls (epoch ms), from its last pulse and its
   * fitted tempo; null when it is not playing.
   */
  nextBarAt(): number | null {
    const s = this.follower.state(this.now());
    if (s.transport !== 'playing' || s.noClock || s.rawBpm === null) return null;
    const period = 60_000 / (s.rawBpm * PPQN);
    const nextBar = (Math.floor(s.pulses / PULSES_PER_BAR) + 1) * PULSES_PER_BAR;
    return toEpoch(this.timeSource, this.lastPulseAt + (nextBar - s.pulses) * period);
  }

  /** Sampledeck as clock master. */

  transport(action: 'start' | 'stop' | 'continue'): ClockInfo {
    if (action === 'start') this.clockThread.start(this.clockThread.bpm);
    else if (action === 'continue') this.clockThread.continue(this.clockThread.bpm);
    else this.clockThread.stop();
    this.emitClock(true);
    return this.clock();
  }

  configureClock(change: { bpm?: number; outputs?: string[]; songPosition?: number }): ClockInfo {
    let persist = false;
    if (change.outputs) {
      for (const id of change.outputs) {
        if (!this.outputs.has(id)) throw new AppError('NOT_FOUND', `no MIDI output "${id}"`);
      }
    }
    if (change.bpm !== undefined && change.bpm !== this.clockThread.bpm) {
      this.clockThread.setTempo(change.bpm);
      // Its health measured the old tempo.
      this.health.get(OWN_CLOCK)?.restart();
      persist = true;
    }
    if (change.outputs) {
      this.clockOutputs = change.outputs.filter((id) => id !== OWN_CLOCK);
      this.syncHardwareClockOutputs();
      persist = true;
    }
    if (persist) this.persistableChanged();
    if (change.songPosition !== undefined) {
      if (this.clockThread.running) {
        throw new AppError('INVALID_ARGS', 'a song position is sent while the clock is stopped');
      }
      this.clockThread.songPosition(change.songPosition);
    }
    this.emitClock(true);
    return this.clock();
  }

  private output(id: string): MidiOutputHandle {
    const open = this.openOutputs.get(id);
    if (open) return open;
    const port = this.outputs.get(id);
    if (!port) throw new AppError('NOT_FOUND', `no MIDI output "${id}"`);
    if (!port.connected)
      throw new AppError('UNAVAILABLE', `MIDI output "${port.name}" is disconnected`);
    const backend = this.backendFor(port.kind);
    const handle = this.inClockThread(id)
      ? this.clockThread.hardwareOutput(port.name)
      : backend.openOutput(port.name);
    this.openOutputs.set(id, handle);
    return handle;
  }

  /**
   * What the clock thread sent, to the outputs main holds: internal ports get the thread's
   * time stamp, so their listeners see when it was sent, not when main got to it.
   */
  private sendFromThread(bytes: number[], outputs: readonly string[], sent: number): void {
    for (const id of outputs) {
      const port = this.outputs.get(id);
      if (port?.kind === 'internal') this.options.bus.send(port.name, bytes, sent);
      else this.trySend(id, bytes);
    }
  }

  /** Tells the clock thread which hardware outputs get the clock: the chosen ones connected now. */
  private syncHardwareClockOutputs(): void {
    this.clockThread.setHardwareClockOutputs(
      this.clockOutputs.flatMap((id) => {
        const port = this.outputs.get(id);
        return port?.connected && this.inClockThread(id) ? [port.name] : [];
      }),
    );
  }

  /** Whether the clock thread sends to this output itself (RtMidi's; not a test's stand-in). */
  private inClockThread(id: string): boolean {
    return this.outputs.get(id)?.kind === 'hardware' && !!this.hardware?.outputsInClockThread;
  }

  /** The clock thread could not open or send to a hardware output: it is dropped everywhere. */
  private onHardwareOutputError(name: string, message: string): void {
    const id = idOf('hardware', name);
    this.openOutputs.delete(id);
    this.clockOutputs = this.clockOutputs.filter((o) => o !== id);
    this.options.log?.(`MIDI output "${name}": ${message}`);
    this.changed();
    this.emitClock(true);
  }

  send(portId: string, bytes: readonly number[]): void {
    this.output(portId).send(bytes);
  }

  /** Thru never throws into the input path: a vanished output just drops the message. */
  trySend(portId: string, bytes: readonly number[]): void {
    try {
      this.send(portId, bytes);
    } catch {
      // The port list will show it as disconnected.
    }
  }

  addThru(from: string, to: string, channel: number | null): MidiState {
    if (!this.inputs.has(from)) throw new AppError('NOT_FOUND', `no MIDI input "${from}"`);
    if (!this.outputs.has(to)) throw new AppError('NOT_FOUND', `no MIDI output "${to}"`);
    const cycle = this.thruCycle(from, to, channel);
    if (cycle) {
      const names = cycle.map((id) => this.inputs.get(id)?.port.name ?? id);
      throw new AppError(
        'INVALID_ARGS',
        `thru ${names[0]} → ${names[1]} would close a loop (${names.join(' → ')}): every message would go round it for ever`,
      );
    }
    this.thru = [...this.thru, { id: this.nextThruId++, from, to, channel }];
    this.changed();
    this.persistableChanged();
    return this.state();
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
      for (const route of this.thru) {
        if (route.from !== at) continue;
        if (channel !== null && route.channel !== null && route.channel !== channel) continue;
        const found = search(route.to, channel ?? route.channel, [...path, route.to]);
        if (found) return found;
      }
      return null;
    };
    return search(to, channel, [from, to]);
  }

  removeThru(id: number): MidiState {
    const before = this.thru.length;
    this.thru = this.thru.filter((r) => r.id !== id);
    this.changed();
    if (this.thru.length !== before) this.persistableChanged();
    return this.state();
  }

  createVirtualInput(name: string): MidiState {
    if (!this.hardware) {
      throw new AppError(
        'UNAVAILABLE',
        `virtual ports need MIDI hardware support: ${this.reason()}`,
      );
    }
    const id = idOf('virtual', name);
    if (this.inputs.has(id))
      throw new AppError('INVALID_ARGS', `a virtual port "${name}" exists already`);
    const input: Input = {
      port: { id, name, kind: 'virtual', connected: true, open: true },
      handle: null,
      parser: new MidiParser(),
      closedByUser: false,
    };
    input.handle = this.hardware.openVirtualInput(name, (bytes, t) =>
      this.receive(input, bytes, t),
    );
    this.inputs.set(id, input);
    this.changed();
    return this.state();
  }

  sequencerState(): SequencerState {
    return this.clockThread.sequencerState();
  }

  configureSequencer(change: SequencerChange): Promise<SequencerState> {
    return this.clockThread.configureSequencer(change);
  }

  /** The monitor's settings; a new capacity is kept across restarts. */
  configureMonitor(change: Partial<MonitorSettings>): MonitorSettings {
    const before = this.monitor.settings.capacity;
    const settings = this.monitor.configure(change);
    if (settings.capacity !== before) this.persistableChanged();
    return settings;
  }

  /** What the user set up that is kept across restarts. */
  persistable(): MidiPersistable {
    return {
      thru: this.thru.map(({ from, to, channel }) => ({ from, to, channel })),
      clockOutputs: [...this.clockOutputs],
      clockBpm: this.clockThread.bpm,
      monitorCapacity: this.monitor.settings.capacity,
    };
  }

  private persistableChanged(): void {
    this.options.onPersistable?.(this.persistable());
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
        this.monitor.configure({ capacity });
      } else
        problems.push(`monitor capacity ${capacity} is not a whole number from 100 to 1000000`);
    }
    if (values.clockBpm !== undefined) {
      if (values.clockBpm >= BPM_RANGE.min && values.clockBpm <= BPM_RANGE.max) {
        this.clockThread.setTempo(Math.round(values.clockBpm * 10) / 10);
      } else
        problems.push(`tempo ${values.clockBpm} BPM is outside ${BPM_RANGE.min}-${BPM_RANGE.max}`);
    }
    if (values.clockOutputs) {
      this.clockOutputs = [...new Set(values.clockOutputs.filter((id) => id !== OWN_CLOCK))];
      this.syncHardwareClockOutputs();
    }
    for (const { from, to, channel } of values.thru ?? []) {
      const cycle = this.thruCycle(from, to, channel);
      if (cycle) {
        problems.push(
          `thru ${from} → ${to} left out: it would close a loop (${cycle.join(' → ')})`,
        );
        continue;
      }
      this.thru = [...this.thru, { id: this.nextThruId++, from, to, channel }];
    }
    this.changed();
    this.emitClock(true);
    return problems;
  }

  get monitorLog(): Monitor {
    return this.monitor;
  }

  dispose(): void {
    this.clockThread.dispose();
    clearInterval(this.clockTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const input of this.inputs.values()) input.handle?.close();
    for (const output of this.openOutputs.values()) output.close();
    this.monitor.dispose();
    this.hardware?.dispose();
    this.options.bus.dispose();
  }
}
