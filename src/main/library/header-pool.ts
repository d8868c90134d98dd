import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { HeaderTask, HeaderTaskResult } from './header-worker';

/** Worker threads that read file headers (out/main/header-worker.js). */
export class HeaderPool {
  private readonly pool: Piscina<HeaderTask, HeaderTaskResult>;

  constructor(workerPath: string, threads = Math.max(1, Math.min(4, availableParallelism()))) {
    this.pool = new Piscina({
      filename: workerPath,
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
    });
  }

  get threads(): number {
    return this.pool.options.maxThreads;
  }

  read(task: HeaderTask, signal?: AbortSignal): Promise<HeaderTaskResult> {
    return this.pool.run(task, { signal });
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}
