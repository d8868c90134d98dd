import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/app-error';
import { fromEpoch, systemClock, type Clock } from '../../shared/clock';
import type { SequencerState } from '../../shared/contract';
import type { ThreadPriority } from '../platform/thread-priority';
import type { MidiOutputHandle } from './midi-backend';
import type { ClockCommand, ClockEvent } from './clock-protocol';
import { defaultSequencerState, type SequencerChange, type TimingType } from './sequencer-service';

const MAX_RESTART_DELAY_MS = 30_000;

export interface ClockThreadHandlers {
  /** A message of the clock, with when it left the thread and when it was due (main's clock). */
  clock: (bytes: number[], sent: number, due: number) => void;
  /** A message of the sequencer for outputs main holds, with when it left the thread. */
  sequencerMidi: (bytes: number[], outputs: string[], sent: number) => void;
  sequencerState: (state: SequencerState) => void;
  /** The thread's priority is known, or a hardware output failed (and was dropped). */
  status: (event: Extract<ClockEvent, { type: 'priority' | 'output-error' }>) => void;
  log: (message: string) => void;
}

/**
 * Main's handle on the clock thread (clock-worker.ts): the clock, the sequencer and every
 * hardware output. It keeps what main needs to know at once (running, tempo, the sequencer's
 * latest state) and starts the thread again, with its settings, if it ever dies.
 */
export class ClockThread {
  private worker: Worker | null = null;
  private disposed = false;
  /** Failed starts in a row (a thread that ran 10 s resets it). */
  private restarts = 0;
  running = false;
  bpm = 120;
  /** What the thread got from the scheduler; null until it has started. */
  priority: ThreadPriority | null = null;
  private hardwareClockOutputs: string[] = [];
  private hardwareHere = false;
  private followOwn = true;
  private sequencer: SequencerState = defaultSequencerState();
  private nextRequest = 1;
  private readonly requests = new Map<
    number,
    { resolve: (s: SequencerState) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly workerPath: string,
    private readonly on: ClockThreadHandlers,
    /** Main's clock: the thread's epoch times are turned into its monotonic times. */
    private readonly time: Clock = systemClock,
  ) {
    this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerPath);
    worker.on('message', (event: ClockEvent) => this.onEvent(event));
    const down = (reason: string) => {
      if (this.worker !== worker) return;
      this.on.log(`clock thread ${reason}; starting it again`);
      this.running = false;
      this.worker = null;
      // What it was asked and never answered: it is down, not the request wrong.
      for (const request of this.requests.values()) {
        request.reject(new AppError('UNAVAILABLE', `sequencer: the clock thread ${reason}`));
      }
      this.requests.clear();
      // Again at once after a crash, but backing off if it cannot even start.
      const delay = Math.min(MAX_RESTART_DELAY_MS, 100 * 2 ** this.restarts++);
      setTimeout(() => {
        if (!this.disposed && !this.worker) this.spawn();
      }, delay).unref();
    };
    worker.on('error', (error) => down(`failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.disposed) down(`stopped (exit code ${code})`);
    });
    worker.once('online', () => {
      setTimeout(() => {
        if (this.worker === worker) this.restarts = 0;
      }, 10_000).unref();
    });
    worker.unref();
    this.worker = worker;
    // What the thread must know; the sequencer gets its patterns and outputs back.
    worker.postMessage({ type: 'hardware-here', value: this.hardwareHere } satisfies ClockCommand);
    worker.postMessage({ type: 'follow-own', value: this.followOwn } satisfies ClockCommand);
    if (this.hardwareClockOutputs.length > 0) {
      worker.postMessage({
        type: 'clock-outputs',
        names: this.hardwareClockOutputs,
      } satisfies ClockCommand);
    }
    const { enabled, patterns, outputs } = this.sequencer;
    worker.postMessage({
      type: 'sequencer-configure',
      id: 0,
      change: { enabled, patterns, outputs },
    } satisfies ClockCommand);
    return worker;
  }

  private command(command: ClockCommand): void {
    if (!this.disposed) (this.worker ?? this.spawn()).postMessage(command);
  }

  private onEvent(event: ClockEvent): void {
    const local = (epoch: number) => fromEpoch(this.time, epoch);
    switch (event.type) {
      case 'midi':
        this.on.clock(event.bytes, local(event.sent), local(event.due));
        break;
      case 'sequencer-midi':
        this.on.sequencerMidi(event.bytes, event.outputs, local(event.sent));
        break;
      case 'sequencer-state': {
        this.sequencer = event.state;
        const request = this.requests.get(event.id);
        this.requests.delete(event.id);
        if (event.error) {
          const { message, badInput } = event.error;
          request?.reject(
            new AppError(badInput ? 'INVALID_ARGS' : 'INTERNAL', `sequencer: ${message}`),
          );
        } else request?.resolve(event.state);
        this.on.sequencerState(event.state);
        break;
      }
      case 'sequencer-step':
        this.sequencer = { ...this.sequencer, ...event.step };
        this.on.sequencerState(this.sequencer);
        break;
      case 'priority':
        this.priority = event.priority;
        if (event.priority.kind !== 'realtime')
          this.on.log(`clock thread: ${event.priority.detail}`);
        this.on.status(event);
        break;
      case 'output-error':
        this.hardwareClockOutputs = this.hardwareClockOutputs.filter((n) => n !== event.name);
        this.on.status(event);
        break;
      case 'error':
        this.on.log(`clock thread: ${event.message}`);
        break;
    }
  }

  start(bpm: number): void {
    this.bpm = bpm;
    this.running = true;
    this.command({ type: 'start', bpm });
  }

  continue(bpm: number): void {
    this.bpm = bpm;
    this.running = true;
    this.command({ type: 'continue', bpm });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.command({ type: 'stop' });
  }

  setTempo(bpm: number): void {
    this.bpm = bpm;
    if (this.running) this.command({ type: 'tempo', bpm });
  }

  /** SPP while stopped: where CONTINUE resumes. */
  songPosition(sixteenths: number): void {
    this.command({ type: 'song-position', sixteenths });
  }

  /** The hardware outputs (by name) the thread sends every clock message to itself. */
  setHardwareClockOutputs(names: string[]): void {
    this.hardwareClockOutputs = names;
    this.command({ type: 'clock-outputs', names });
  }

  /** RtMidi is up: the thread may send to hardware outputs itself. */
  setHardwareHere(value: boolean): void {
    this.hardwareHere = value;
    this.command({ type: 'hardware-here', value });
  }

  /** A hardware output, sent to from the clock thread. */
  hardwareOutput(name: string): MidiOutputHandle {
    return {
      send: (bytes) => this.command({ type: 'send', name, bytes: [...bytes] }),
      close: () => this.worker?.postMessage({ type: 'close-output', name } satisfies ClockCommand),
    };
  }

  /** Whether the sequencer follows this thread's clock; otherwise main forwards timing. */
  setFollowOwn(value: boolean): void {
    if (value === this.followOwn) return;
    this.followOwn = value;
    this.command({ type: 'follow-own', value });
  }

  forwardTiming(timing: TimingType, pulses: number): void {
    this.command({ type: 'timing', timing, pulses });
  }

  sequencerState(): SequencerState {
    return this.sequencer;
  }

  configureSequencer(change: SequencerChange): Promise<SequencerState> {
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.requests.set(id, { resolve, reject });
      this.command({ type: 'sequencer-configure', id, change });
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = null;
    this.running = false;
  }
}
