/**
 * Worker-thread entry: the marks database (node-sqlite3-wasm is synchronous and a 1,000-file
 * transaction takes tens of ms in WASM), so main's event loop never waits on SQLite. Calls run
 * one at a time in the order they came; each is answered after its COMMIT.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/app-error';
import type { MarksAnswer, MarksCall, MarksWorkerData } from './marks-protocol';
import { MarksStore } from './marks-store';

const store = new MarksStore(workerData as MarksWorkerData);

parentPort?.on('message', (call: MarksCall) => {
  let answer: MarksAnswer;
  try {
    const method = store[call.op] as (...args: unknown[]) => unknown;
    answer = { id: call.id, ok: true, result: method.apply(store, call.args) };
  } catch (error) {
    const e = error as Error;
    answer = {
      id: call.id,
      ok: false,
      error: {
        code: error instanceof AppError ? error.code : null,
        name: e.name,
        message: e.message,
      },
    };
  }
  parentPort?.postMessage(answer);
});
