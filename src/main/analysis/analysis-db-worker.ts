/**
 * Worker-thread entry: analysis.db (analysis-db.ts). SQLite in WASM is synchronous, and a
 * batch of results or the load of 100k rows takes tens of ms or more: never on main's loop.
 * Calls run one at a time in the order they came.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { AnalysisDb } from './analysis-db';
import type { AnalysisDbAnswer, AnalysisDbCall, AnalysisDbWorkerData } from './analysis-db-client';

// Background work, like the file workers: main and the MIDI clock's thread win the cores.
try {
  setPriority(10);
} catch {
  // Not allowed here: it runs at normal priority.
}

const { file } = workerData as AnalysisDbWorkerData;
let rebuilt: string | null = null;
const db = new AnalysisDb({ file, onRebuilt: (reason) => (rebuilt = reason) });

parentPort?.on('message', (call: AnalysisDbCall) => {
  let answer: AnalysisDbAnswer;
  try {
    if (call.op === 'load') {
      const rows = db.load();
      answer = { id: call.id, ok: true, result: { rows, rebuilt } };
      // The vectors' buffers move rather than copy.
      parentPort?.postMessage(
        answer,
        rows.map((r) => r.vector.buffer as ArrayBuffer),
      );
      return;
    }
    if (call.op === 'put') db.put(call.rows);
    else if (call.op === 'forget') db.forget(call.paths);
    else db.close();
    answer = { id: call.id, ok: true, result: null };
  } catch (error) {
    answer = { id: call.id, ok: false, error: (error as Error).message };
  }
  parentPort?.postMessage(answer);
});
