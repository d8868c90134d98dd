/**
 * Reads `sampledeck scan`'s batches on main and, once the scan proves big enough to repay their
 * start-up (a thread takes 60-90 ms to boot), on a few plain worker threads beside it. Main
 * reads whatever no thread is free to take, so a small scan never waits for a thread.
 */
import { Worker } from 'node:worker_threads';
import type { Disposable } from '../shared/lifecycle';
import type { BatchReader } from '../main/library/scanner';
import { readHeaders, type HeaderTask } from '../main/workers/header-task';
import { scanLines, type ScanLines } from './scan-lines';
import type { ScanThreadData, ScanThreadMessage, ScanThreadRequest } from './scan-thread';

export interface ScanReaderOptions {
  /** The built scan-thread.js. */
  threadEntry: string;
  json: boolean;
  /** Threads beside main; 0 reads everything on main. */
  threads: number;
  /** Files submitted before the threads start. */
  startAfterFiles: number;
}

/** Batches a thread holds at once: one reading, one waiting, so it never idles between them. */
const DEPTH = 2;

class ScanThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { task: HeaderTask; resolve: (lines: ScanLines) => void }
  >();
  private nextId = 0;
  private ready = false;
  private failed = false;
  /** Settles when the thread takes batches, or can never take one. */
  readonly started: Promise<void>;

  constructor(
    entry: string,
    json: boolean,
    /** Reads the batches of a thread that died on main, so no file is lost with it. */
    private readonly readOnMain: (task: HeaderTask) => ScanLines,
  ) {
    this.worker = new Worker(entry, { workerData: { json } satisfies ScanThreadData });
    let started!: () => void;
    this.started = new Promise((resolve) => (started = resolve));
    this.worker.on('message', (message: ScanThreadMessage) => {
      if (message.kind === 'ready') {
        this.ready = true;
        started();
        return;
      }
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      waiting?.resolve(message.lines);
    });
    // An 'error' (the thread threw) is followed by 'exit'.
    this.worker.on('error', () => undefined);
    this.worker.on('exit', () => {
      this.failed = true;
      started();
      const orphans = [...this.pending.values()];
      this.pending.clear();
      for (const { task, resolve } of orphans) resolve(this.readOnMain(task));
    });
  }

  get free(): boolean {
    return this.ready && !this.failed && this.pending.size < DEPTH;
  }

  get load(): number {
    return this.pending.size;
  }

  run(task: HeaderTask): Promise<ScanLines> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { task, resolve });
      this.worker.postMessage({ id, task } satisfies ScanThreadRequest);
    });
  }

  async dispose(): Promise<void> {
    this.failed = true;
    await this.worker.terminate();
  }
}

export class ScanReader implements BatchReader<ScanLines>, Disposable {
  private readonly spawned: ScanThread[] = [];
  private submitted = 0;
  /** Batches read on main and on the threads. */
  readonly batches = { main: 0, threads: 0 };

  constructor(private readonly options: ScanReaderOptions) {}

  get threads(): number {
    return 1 + this.options.threads;
  }

  read(task: HeaderTask): Promise<ScanLines> {
    this.submitted += task.files.length;
    if (this.spawned.length === 0 && this.submitted >= this.options.startAfterFiles) {
      for (let i = 0; i < this.options.threads; i++) {
        this.spawned.push(
          new ScanThread(this.options.threadEntry, this.options.json, this.readOnMain),
        );
      }
    }
    let thread: ScanThread | undefined;
    for (const candidate of this.spawned) {
      if (candidate.free && (!thread || candidate.load < thread.load)) thread = candidate;
    }
    if (thread) {
      this.batches.threads += 1;
      return thread.run(task);
    }
    return Promise.resolve(this.readOnMain(task));
  }

  private readonly readOnMain = (task: HeaderTask): ScanLines => {
    this.batches.main += 1;
    return scanLines(readHeaders(task), this.options.json);
  };

  /** Once every thread started so far takes batches (or has failed to start). */
  async threadsStarted(): Promise<void> {
    await Promise.all(this.spawned.map((thread) => thread.started));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.spawned.map((thread) => thread.dispose()));
  }
}
