import { systemClock, type Clock } from '../../shared/clock';
import type {
  ClockInfo,
  MidiState,
  MonitorBatch,
  SequencerState,
  SubsystemStatus,
} from '../../shared/contract';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import type { MidiMessage } from '../../shared/midi/midi-message';
import { ClockFollowing } from './clock-following';
import { ClockMaster, type MidiProbe } from './clock-master';
import { ClockReport } from './clock-report';
import { InputRouter } from './input-router';
import type { InternalBus } from './internal-bus';
import { MidiSetup, type MidiPersistable } from './midi-setup';
import { Monitor } from './monitor';
import { PortRegistry } from './port-registry';
import type { RtMidiBackend } from './rtmidi-backend';

export interface MidiOptions {
  /** Sampledeck's own ports. The caller created it and releases it, after the feature. */
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
  /** What the clock thread sent and when (benchmarks). */
  probe?: MidiProbe;
  /** The user changed something kept across restarts (not fired by `restore`). */
  onPersistable?: (values: MidiPersistable) => void;
  /** Problems nobody asked about (a hardware output that failed in the clock thread). */
  log?: (message: string) => void;
  /** Time stamps, "no clock", the next bar: the bus (and backends) must use the same. */
  clock?: Clock;
  pollMs?: number;
  batchIntervalMs?: number;
}

/** MIDI in main, as pieces: each request handler takes the one it needs. */
export interface Midi extends Disposable {
  monitor: Monitor;
  registry: PortRegistry;
  master: ClockMaster;
  following: ClockFollowing;
  router: InputRouter;
  report: ClockReport;
  setup: MidiSetup;
  /** Ports, the chosen clock source and thru routes, as the window shows them. */
  state(): MidiState;
  /** Releases every piece, newest first; the bus stays (it is the caller's). */
  dispose(): Promise<void>;
}

/** Builds MIDI's pieces in dependency order and wires their events to each other. */
export function createMidi(options: MidiOptions): Midi {
  const store = new DisposableStore();
  const clock = options.clock ?? systemClock;

  const monitor = store.add(
    new Monitor(options.onBatch, {
      intervalMs: options.batchIntervalMs,
      hasListener: options.hasMonitorListener,
    }),
  );
  const registry = store.add(
    new PortRegistry({
      bus: options.bus,
      createHardware: options.createHardware,
      onHardwareStatus: options.onHardwareStatus,
      pollMs: options.pollMs,
    }),
  );
  const master = store.add(
    new ClockMaster({
      registry,
      clockWorkerPath: options.clockWorkerPath,
      onSequencerState: options.onSequencerState,
      log: options.log,
      clock,
      probe: options.probe,
    }),
  );
  const following = store.add(new ClockFollowing({ registry, sequencer: master.thread, clock }));
  const router = store.add(
    new InputRouter({ registry, monitor, following, onMessage: options.onMessage, clock }),
  );
  const report = store.add(new ClockReport({ following, master, onClock: options.onClock, clock }));
  const setup = store.add(
    new MidiSetup({ router, master, monitor, following, onPersistable: options.onPersistable }),
  );

  const state = (): MidiState => ({
    hardware: registry.hardwareStatus(),
    inputs: registry.inputPorts(),
    outputs: registry.outputPorts(),
    clockSource: following.chosenSource(),
    thru: router.thru(),
  });
  const publishState = () => options.onState(state());

  // Inputs, and the hardware outputs the clock thread sends to itself.
  store.add(registry.onInputOpened((port) => router.inputOpened(port)));
  store.add(registry.onInput((port, bytes, t) => router.receive(port, bytes, t)));
  registry.openOutputsInThread((name) => master.thread.hardwareOutput(name));
  store.add(registry.onHardware((backend) => master.useHardware(backend)));
  store.add(registry.onReplug(() => master.portsReplugged()));
  // What the window is told.
  store.add(registry.onChange(publishState));
  store.add(following.onChosenChange(publishState));
  store.add(following.onChange((urgent) => report.emit(urgent)));
  store.add(master.onChange(() => report.emit(true)));
  store.add(master.onTempoSet(() => following.ownTempoSet()));
  // What is kept across restarts.
  store.add(master.onSetupChange(() => setup.changed()));
  store.add(following.onChosenChange(() => setup.changed()));
  store.add(
    router.onRoutesChange((byUser) => {
      publishState();
      if (byUser) setup.changed();
    }),
  );
  store.add(
    setup.onRestored(() => {
      publishState();
      report.emit(true);
    }),
  );

  return {
    monitor,
    registry,
    master,
    following,
    router,
    report,
    setup,
    state,
    dispose: () => store.dispose(),
  };
}
