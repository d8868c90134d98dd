import type { ErrorCode } from '../../shared/contract';
import type { MarksStore, StoreOptions } from './marks-store';

/** The store's methods the worker answers (everything but its construction). */
export type StoreOp = Exclude<keyof MarksStore, 'constructor'>;

/** Main to the marks worker: one call of a MarksStore method. */
export interface MarksCall {
  id: number;
  op: StoreOp;
  args: unknown[];
}

/** The worker's answer, sent only once the call's transaction has committed. */
export type MarksAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: ErrorCode | null; name: string; message: string } };

export type MarksWorkerData = Pick<StoreOptions, 'file' | 'backupsDir' | 'checkLater'>;
