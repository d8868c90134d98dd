import { isStreamCodec } from '../audio/stream-decoders';
import { readAudioHeaderSync } from '../formats/read-header-file';
import { computeCompressedPeaks } from './compressed-peaks';
import { computePeaksSync, type PeaksResult } from './peaks';

export interface PeaksTask {
  path: string;
  buckets: number;
}

export type PeaksTaskResult = PeaksResult;

/**
 * Worker-thread side of a peaks request: a compressed file decoded in pieces
 * (compressed-peaks.ts), the rest read straight (peaks.ts keeps its own aligned buffer per
 * thread).
 */
export async function computePeaks(task: PeaksTask): Promise<PeaksTaskResult> {
  const { sizeBytes, mtimeMs, result } = readAudioHeaderSync(task.path);
  if (result.kind === 'ok' && isStreamCodec(result.header.codec)) {
    const header = { ...result.header, codec: result.header.codec };
    return computeCompressedPeaks(task.path, { sizeBytes, mtimeMs, header }, task.buckets);
  }
  // Reads the header again (a few µs): it names what is wrong with a file that is not audio.
  return computePeaksSync(task.path, task.buckets);
}
