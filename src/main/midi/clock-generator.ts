import { Worker } from 'node:worker_threads';
import type { ClockCommand, ClockEvent } from './clock-protocol';

/**
 * Main's handle on the clock worker (clock-worker.ts). What the worker sends comes back here
 * stamped with the moment it actually left the worker (converted to this thread's
 * performance.now()), and with the moment it was due.
 */
export class ClockGenerator {
  private worker: Worker | null = null;
  running = false;
  bpm = 120;

  constructor(
    private readonly workerPath: string,
    private readonly deliver: (bytes: number[], sent: number, due: number) => void,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  private command(command: ClockCommand): void {
    if (!this.worker) {
      const worker = new Worker(this.workerPath);
      worker.on('message', (event: ClockEvent) => {
        const origin = performance.timeOrigin;
        this.deliver(event.bytes, event.sent - origin, event.due - origin);
      });
      worker.on('error', (error) => {
        this.log(`clock worker failed: ${error.message}`);
        this.running = false;
        this.worker = null;
      });
      worker.unref();
      this.worker = worker;
    }
    this.worker.postMessage(command);
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

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.running = false;
  }
}
