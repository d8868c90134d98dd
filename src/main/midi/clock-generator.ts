import { Worker } from 'node:worker_threads';
import type { ThreadPriority } from '../thread-priority';
import type { MidiOutputHandle } from './midi-backend';
import type { ClockCommand, ClockEvent } from './clock-protocol';

/**
 * Main's handle on the clock thread (clock-worker.ts): the clock, and every hardware output.
 * What the clock sends comes back here stamped with the moment it actually left the thread
 * (converted to this thread's performance.now()), and with the moment it was due.
 */
export class ClockGenerator {
  private worker: Worker | null = null;
  running = false;
  bpm = 120;
  /** What the thread got from the scheduler; null until it first starts. */
  priority: ThreadPriority | null = null;
  private hardwareClockOutputs: string[] = [];

  constructor(
    private readonly workerPath: string,
    private readonly deliver: (bytes: number[], sent: number, due: number) => void,
    /** The thread's priority is known, or a hardware output failed (and was dropped). */
    private readonly onStatus: (event: Exclude<ClockEvent, { type: 'midi' }>) => void,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  private command(command: ClockCommand): void {
    if (!this.worker) {
      const worker = new Worker(this.workerPath);
      worker.on('message', (event: ClockEvent) => this.onEvent(event));
      worker.on('error', (error) => {
        this.log(`clock thread failed: ${error.message}`);
        this.running = false;
        this.worker = null;
      });
      worker.unref();
      this.worker = worker;
      if (this.hardwareClockOutputs.length > 0 && command.type !== 'clock-outputs') {
        worker.postMessage({ type: 'clock-outputs', names: this.hardwareClockOutputs });
      }
    }
    this.worker.postMessage(command);
  }

  private onEvent(event: ClockEvent): void {
    if (event.type === 'midi') {
      const origin = performance.timeOrigin;
      this.deliver(event.bytes, event.sent - origin, event.due - origin);
      return;
    }
    if (event.type === 'priority') {
      this.priority = event.priority;
      if (event.priority.kind !== 'realtime') this.log(`clock thread: ${event.priority.detail}`);
    } else {
      this.hardwareClockOutputs = this.hardwareClockOutputs.filter((n) => n !== event.name);
    }
    this.onStatus(event);
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

  /** The hardware outputs (by name) the clock thread sends every clock message to itself. */
  setHardwareClockOutputs(names: string[]): void {
    this.hardwareClockOutputs = names;
    if (this.worker || names.length > 0) this.command({ type: 'clock-outputs', names });
  }

  /** A hardware output, sent to from the clock thread. */
  hardwareOutput(name: string): MidiOutputHandle {
    return {
      send: (bytes) => this.command({ type: 'send', name, bytes: [...bytes] }),
      close: () => this.worker?.postMessage({ type: 'close-output', name } satisfies ClockCommand),
    };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.running = false;
  }
}
