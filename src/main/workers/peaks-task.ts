import { computePeaksSync, type PeaksResult } from './peaks';

export interface PeaksTask {
  path: string;
  buckets: number;
}

export type PeaksTaskResult = PeaksResult;

/** Worker-thread side of a peaks request (peaks.ts keeps its own aligned buffer per thread). */
export function computePeaks(task: PeaksTask): PeaksTaskResult {
  return computePeaksSync(task.path, task.buckets);
}
