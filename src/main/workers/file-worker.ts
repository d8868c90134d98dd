/**
 * Worker-thread entry (piscina): reads the headers of a batch of files (header-task.ts), which
 * blocks only this thread; computes waveform peaks (peaks-task.ts); analyses a file
 * (analysis/analysis-task.ts).
 */
import { setPriority } from 'node:os';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import {
  analyseFileTask,
  type AnalysisTask,
  type AnalysisTaskResult,
} from '../analysis/analysis-task';
import { readHeaders } from './header-task';

// Scans are background work: on Linux this lowers only this thread, so main and the MIDI
// clock thread win whenever the cores are busy.
try {
  setPriority(10);
} catch {
  // Not allowed here: the scan runs at normal priority.
}

export { readHeaders };
export type { HeaderTask, HeaderTaskFile, HeaderTaskResult } from './header-task';

export { computePeaks } from './peaks-task';

/** analyseFileTask, with the similarity vector's buffer moved to main rather than copied. */
export async function analyseFile(task: AnalysisTask): Promise<AnalysisTaskResult> {
  const result = await analyseFileTask(task);
  if (!result.ok || !(result.record.vector.buffer instanceof ArrayBuffer)) return result;
  const buffer = result.record.vector.buffer;
  return move({
    get [transferableSymbol]() {
      return [buffer];
    },
    get [valueSymbol]() {
      return result;
    },
  }) as unknown as AnalysisTaskResult;
}
export default readHeaders;
