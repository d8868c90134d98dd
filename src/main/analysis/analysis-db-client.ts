import { Worker } from 'node:worker_threads';
import type { StoredAnalysis } from './analysis-db';

export interface AnalysisDbWorkerData {
  file: string;
}

type Op =
  | { op: 'load' }
  | { op: 'put'; rows: StoredAnalysis[] }
  | { op: 'forget'; paths: string[] }
  | { op: 'close' };

export type AnalysisDbCall = { id: number } & Op;

export interface Loaded {
  rows: StoredAnalysis[];
  /** Why the file was deleted and made again at open, if it was. */
  rebuilt: string | null;
}

export type AnalysisDbAnswer =
  { id: number; ok: true; result: Loaded | null } | { id: number; ok: false; error: string };

/** What the analysis service keeps its results in (the client below; tests may use another). */
export interface AnalysisStore {
  load(): Promise<Loaded>;
  put(rows: StoredAnalysis[]): Promise<void>;
  forget(paths: string[]): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Main's handle on analysis.db's thread (analysis-db-worker.ts). A thread that dies fails
 * what waits and every later call: results are derived, so the analysis goes on in memory.
 */
export class AnalysisDbClient implements AnalysisStore {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: Loaded | null) => void; reject: (error: Error) => void }
  >();
  private down: string | null = null;

  constructor(workerPath: string | URL, data: AnalysisDbWorkerData, execArgv?: string[]) {
    this.worker = new Worker(workerPath, { workerData: data, ...(execArgv ? { execArgv } : {}) });
    this.worker.on('message', (answer: AnalysisDbAnswer) => {
      const request = this.pending.get(answer.id);
      if (!request) return;
      this.pending.delete(answer.id);
      if (answer.ok) request.resolve(answer.result);
      else request.reject(new Error(`analysis.db: ${answer.error}`));
    });
    this.worker.on('error', (error) => this.fail(`failed: ${error.message}`));
    this.worker.on('exit', (code) => this.fail(`stopped (exit code ${code})`));
  }

  private fail(reason: string): void {
    if (this.down) return;
    this.down = `the analysis database's thread ${reason}`;
    for (const request of this.pending.values()) request.reject(new Error(this.down));
    this.pending.clear();
  }

  private call(call: Op): Promise<Loaded | null> {
    if (this.down) return Promise.reject(new Error(this.down));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...call, id } satisfies AnalysisDbCall);
    });
  }

  async load(): Promise<Loaded> {
    return (await this.call({ op: 'load' }))!;
  }

  async put(rows: StoredAnalysis[]): Promise<void> {
    await this.call({ op: 'put', rows });
  }

  async forget(paths: string[]): Promise<void> {
    await this.call({ op: 'forget', paths });
  }

  async dispose(): Promise<void> {
    if (!this.down) await this.call({ op: 'close' }).catch(() => undefined);
    this.down ??= 'analysis.db is closed';
    await this.worker.terminate();
  }
}
