import { AppError } from '../../shared/app-error';
import { systemClock, type Clock } from '../../shared/clock';
import { BPM_RANGE, type ClockInfo, type SequencerState } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';
import { CLOCK_PORT_ID } from '../../shared/midi/internal-ports';
import { ClockThread } from './clock-thread';
import type { MidiBackend } from './midi-backend';
import type { PortRegistry } from './port-registry';
import { Emitter } from '../../shared/emitter';

/** What benchmarks watch of the clock thread's output; production passes none. */
export interface MidiProbe {
  /** Every message the clock sends, with when it went out and when it was due. */
  clockSent?(bytes: number[], sent: number, due: number): void;
  /** Every message the sequencer sends, with when it went out. */
  sequencerSent?(bytes: number[], sent: number): void;
}

export interface ClockMasterOptions {
  registry: PortRegistry;
  /** out/main/clock-worker.js */
  clockWorkerPath: string;
  onSequencerState?: (state: SequencerState) => void;
  /** Problems nobody asked about (a hardware output that failed in the clock thread). */
  log?: (message: string) => void;
  clock?: Clock;
  probe?: MidiProbe;
}

/** What the clock master keeps across restarts. */
export interface ClockMasterSetup {
  clockOutputs: string[];
  clockBpm: number;
}

const OWN_CLOCK = CLOCK_PORT_ID;

/**
 * Sampledeck as clock master: transport, tempo, song position and the outputs its clock goes
 * to, sent from the clock thread (which also runs the step sequencer: `thread`).
 */
export class ClockMaster implements Disposable {
  /** The clock, the sequencer and the hardware outputs, in a real-time thread of their own. */
  readonly thread: ClockThread;
  /** Outputs Sampledeck's clock goes to, besides "Sampledeck Clock". */
  private outputs: string[] = [];
  private readonly registry: PortRegistry;
  private disposed = false;

  private readonly changed = new Emitter();
  private readonly tempoSet = new Emitter();
  private readonly setupChanged = new Emitter();
  /** Transport, tempo, outputs or the thread's state changed. */
  readonly onChange = this.changed.listen;
  /** The user set a new tempo: what measured the old one starts again. */
  readonly onTempoSet = this.tempoSet.listen;
  /** Something kept across restarts changed (not fired by `restore`). */
  readonly onSetupChange = this.setupChanged.listen;

  constructor(private readonly options: ClockMasterOptions) {
    this.registry = options.registry;
    const probe = options.probe;
    this.thread = new ClockThread(
      options.clockWorkerPath,
      {
        clock: (bytes, sent, due) => {
          probe?.clockSent?.(bytes, sent, due);
          // Hardware clock outputs were sent to by the thread itself.
          const mine = this.outputs.filter((id) => !this.registry.inClockThread(id));
          for (const id of [OWN_CLOCK, ...mine]) this.registry.sendStamped(id, bytes, sent);
        },
        sequencerMidi: (bytes, outputs, sent) => {
          probe?.sequencerSent?.(bytes, sent);
          for (const id of outputs) this.registry.sendStamped(id, bytes, sent);
        },
        sequencerState: (state) => options.onSequencerState?.(state),
        status: (event) => {
          if (event.type === 'output-error') this.outputFailed(event.name, event.message);
          else this.changed.fire();
        },
        log: options.log ?? ((message) => console.error(message)),
      },
      options.clock ?? systemClock,
    );
  }

  /** RtMidi is up: the thread may send to its outputs itself. */
  useHardware(backend: MidiBackend): void {
    this.thread.setHardwareHere(!!backend.outputsInClockThread);
  }

  get running(): boolean {
    return this.thread.running;
  }

  generator(): ClockInfo['generator'] {
    return {
      running: this.thread.running,
      bpm: this.thread.bpm,
      outputs: this.outputs,
      thread: this.thread.priority?.detail ?? null,
    };
  }

  transport(action: 'start' | 'stop' | 'continue'): void {
    if (action === 'start') this.thread.start(this.thread.bpm);
    else if (action === 'continue') this.thread.continue(this.thread.bpm);
    else this.thread.stop();
    this.changed.fire();
  }

  configure(change: { bpm?: number; outputs?: string[]; songPosition?: number }): void {
    let keep = false;
    for (const id of change.outputs ?? []) {
      if (!this.registry.hasOutput(id)) throw new AppError('NOT_FOUND', `no MIDI output "${id}"`);
    }
    if (change.bpm !== undefined && change.bpm !== this.thread.bpm) {
      this.thread.setTempo(change.bpm);
      this.tempoSet.fire();
      keep = true;
    }
    if (change.outputs) {
      this.outputs = change.outputs.filter((id) => id !== OWN_CLOCK);
      this.syncHardwareOutputs();
      keep = true;
    }
    if (keep) this.setupChanged.fire();
    if (change.songPosition !== undefined) {
      if (this.thread.running) {
        throw new AppError('INVALID_ARGS', 'a song position is sent while the clock is stopped');
      }
      this.thread.songPosition(change.songPosition);
    }
    this.changed.fire();
  }

  /** Tells the clock thread which hardware outputs get the clock: the chosen ones connected now. */
  syncHardwareOutputs(): void {
    this.thread.setHardwareClockOutputs(
      this.outputs.flatMap((id) => {
        const name = this.registry.threadOutputName(id);
        return name === null ? [] : [name];
      }),
    );
  }

  /** A clock output unplugged and plugged back in gets the clock again. */
  portsReplugged(): void {
    if (this.outputs.length > 0) this.syncHardwareOutputs();
  }

  /** The clock thread could not open or send to a hardware output: it is dropped everywhere. */
  private outputFailed(name: string, message: string): void {
    const id = this.registry.outputFailed(name);
    this.outputs = this.outputs.filter((o) => o !== id);
    this.options.log?.(`MIDI output "${name}": ${message}`);
    this.changed.fire();
  }

  setup(): ClockMasterSetup {
    return { clockOutputs: [...this.outputs], clockBpm: this.thread.bpm };
  }

  /** Puts back what `setup` gave; ports need not be there yet. Returns what it left out. */
  restore(values: Partial<ClockMasterSetup>): string[] {
    const problems: string[] = [];
    if (values.clockBpm !== undefined) {
      if (values.clockBpm >= BPM_RANGE.min && values.clockBpm <= BPM_RANGE.max) {
        this.thread.setTempo(Math.round(values.clockBpm * 10) / 10);
      } else
        problems.push(`tempo ${values.clockBpm} BPM is outside ${BPM_RANGE.min}-${BPM_RANGE.max}`);
    }
    if (values.clockOutputs) {
      this.outputs = [...new Set(values.clockOutputs.filter((id) => id !== OWN_CLOCK))];
      this.syncHardwareOutputs();
    }
    return problems;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.thread.dispose();
    this.changed.dispose();
    this.tempoSet.dispose();
    this.setupChanged.dispose();
  }
}
