/**
 * Worker-thread entry (piscina): reads the headers of a batch of files (header-task.ts), which
 * blocks only this thread; and computes waveform peaks (peaks-task.ts).
 */
import { setPriority } from 'node:os';
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
export default readHeaders;
