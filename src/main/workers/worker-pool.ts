import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Disposable } from '../../shared/lifecycle';
import type { PeaksTask, PeaksTaskResult } from './peaks-task';
import type { AnalysisTask, AnalysisTaskResult } from '../analysis/analysis-task';
import type { HeaderTask, HeaderTaskResult } from './file-worker';

/**
 * The threads' entry: the built out/main/file-worker.js, or its source with a loader in the
 * threads' `execArgv` (unit tests run it without a build).
 */
export type WorkerEntry = string | { filename: string; execArgv: string[] };

/**
 * The worker threads that read files for main (out/main/file-worker.js): headers during a
 * scan, waveform peaks for the player and the list.
 */
export class WorkerPool implements Disposable {
  private readonly pool: Piscina;

  constructor(entry: WorkerEntry, threads = Math.max(1, Math.min(4, availableParallelism()))) {
    this.pool = new Piscina({
      ...(typeof entry === 'string' ? { filename: entry } : entry),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
    });
  }

  get threads(): number {
    return this.pool.options.maxThreads;
  }

  read(task: HeaderTask, signal?: AbortSignal): Promise<HeaderTaskResult> {
    return this.pool.run(task, { name: 'readHeaders', signal }) as Promise<HeaderTaskResult>;
  }

  peaks(task: PeaksTask): Promise<PeaksTaskResult> {
    return this.pool.run(task, { name: 'computePeaks' }) as Promise<PeaksTaskResult>;
  }

  /** A file's analysis (never rejects for a bad file: the result names the reason). */
  analyse(task: AnalysisTask, signal?: AbortSignal): Promise<AnalysisTaskResult> {
    return this.pool.run(task, { name: 'analyseFile', signal }) as Promise<AnalysisTaskResult>;
  }

  /** Ends the threads; what they were still doing is abandoned (its callers get an error). */
  async dispose(): Promise<void> {
    await this.pool.close({ force: true });
  }
}
