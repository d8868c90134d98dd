import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/app-error';
import type { MarksAnswer, MarksCall, MarksWorkerData, StoreOp } from './marks-protocol';
import type { MarksStore } from './marks-store';

type Args<K extends StoreOp> = MarksStore[K] extends (...args: infer A) => unknown ? A : never;
type Result<K extends StoreOp> = MarksStore[K] extends (...args: never[]) => infer R ? R : never;

/** An error as the worker threw it: its code kept, so a missing tag stays NOT_FOUND. */
export class MarksStoreError extends Error {}

/** Main's typed handle on the marks worker: `call('tag', paths, add, remove)`. */
export class MarksClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private down: string | null = null;
  private disposing = false;

  /** `onDeath`: the thread ended without dispose() (a crash, an exit), once. */
  constructor(
    workerPath: string,
    data: MarksWorkerData,
    private readonly onDeath?: (reason: string) => void,
  ) {
    this.worker = new Worker(workerPath, { workerData: data });
    this.worker.on('message', (answer: MarksAnswer) => this.answered(answer));
    this.worker.on('error', (error) => this.fail(`failed: ${error.message}`));
    this.worker.on('exit', (code) => this.fail(`stopped (exit code ${code})`));
  }

  private answered(answer: MarksAnswer): void {
    const request = this.pending.get(answer.id);
    if (!request) return;
    this.pending.delete(answer.id);
    if (answer.ok) request.resolve(answer.result);
    else if (answer.error.code)
      request.reject(new AppError(answer.error.code, answer.error.message));
    else {
      const error = new MarksStoreError(answer.error.message);
      error.name = answer.error.name;
      request.reject(error);
    }
  }

  private fail(reason: string): void {
    // 'error' is followed by 'exit': one death.
    if (this.down) return;
    this.down = `the marks database's thread ${reason}`;
    const lost = new AppError(
      'UNAVAILABLE',
      `${this.down} before answering: this change may not have been saved`,
    );
    for (const request of this.pending.values()) request.reject(lost);
    this.pending.clear();
    if (!this.disposing) this.onDeath?.(this.down);
  }

  call<K extends StoreOp>(op: K, ...args: Args<K>): Promise<Result<K>> {
    if (this.down) return Promise.reject(new AppError('UNAVAILABLE', this.down));
    const id = this.nextId++;
    return new Promise<Result<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, op, args } satisfies MarksCall);
    });
  }

  /** Closes the database (finalizing every statement) and ends the thread. */
  async dispose(): Promise<void> {
    this.disposing = true;
    if (!this.down) await this.call('close').catch(() => undefined);
    this.down ??= 'the marks database is closed';
    await this.worker.terminate();
  }
}
