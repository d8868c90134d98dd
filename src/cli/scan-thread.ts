/**
 * A `sampledeck scan` thread (plain worker_threads, no pool library: loading one costs more
 * than a small scan): reads the batches main sends and answers with their lines. It runs at
 * normal priority, unlike the app's background pool: the user is waiting for this scan.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readHeaders, type HeaderTask } from '../main/workers/header-task';
import { scanLines } from './scan-lines';

export interface ScanThreadData {
  json: boolean;
}

export interface ScanThreadRequest {
  id: number;
  task: HeaderTask;
}

export type ScanThreadMessage =
  { kind: 'ready' } | { kind: 'lines'; id: number; lines: ReturnType<typeof scanLines> };

const port = parentPort;
if (!port) throw new Error('scan-thread runs only as a worker thread');
const { json } = workerData as ScanThreadData;
port.on('message', ({ id, task }: ScanThreadRequest) => {
  const message: ScanThreadMessage = {
    kind: 'lines',
    id,
    lines: scanLines(readHeaders(task), json),
  };
  port.postMessage(message);
});
port.postMessage({ kind: 'ready' } satisfies ScanThreadMessage);
