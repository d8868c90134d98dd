/**
 * One file's analysis in a worker thread: its header and whole signal (decode-signal.ts), its
 * identity (marks/file-identity.ts: size + SHA-1 of the two ends, which finds the analysis
 * again after a move), then every measure (analyseSignal). No side effects on import: the
 * pool's worker entry (file-worker.ts) and the CLI's threads both run it.
 *
 * A file that cannot be analysed gives `{ ok: false, error }` naming it and the reason, never a
 * rejection: the caller goes on with the other files and counts the failure.
 */
import { basename } from 'node:path';
import type { AudioHeader } from '../formats/header-types';
import { describeMissingOrFsError } from '../platform/fs-error';
import { fileIdentity, type FileIdentity } from '../marks/file-identity';
import { analyseSignal } from './analyse-signal';
import type { AnalysisHints, AnalysisRecord } from './analysis-record';
import { decodeFile } from './decode-signal';
import { ScratchPlanes, type AllocatePlanes } from './scratch-planes';

export interface AnalysisTask {
  path: string;
}

export type AnalysisTaskResult =
  | {
      ok: true;
      path: string;
      sizeBytes: number;
      mtimeMs: number;
      identity: FileIdentity;
      record: AnalysisRecord;
      /** Where the file's own tempo came from, when it has one (the CLI's bpmSource). */
      tempoSource: AnalysisHints['tempoSource'];
    }
  | { ok: false; path: string; error: string };

/** This thread's planes, lent to one file's decode and analysis at a time. */
const scratch = new ScratchPlanes();

export function analyseFileTask(task: AnalysisTask): Promise<AnalysisTaskResult> {
  return scratch.lend((allocate) => analyseFile(task, allocate));
}

async function analyseFile(
  { path }: AnalysisTask,
  allocate: AllocatePlanes,
): Promise<AnalysisTaskResult> {
  try {
    const { signal, header, sizeBytes, mtimeMs } = await decodeFile(path, allocate);
    const identity = await fileIdentity(path);
    if (identity.size !== sizeBytes) {
      return { ok: false, path, error: `${basename(path)}: the file changed while it was read` };
    }
    // The planes are lent and go back after this: the mix may overwrite them.
    const record = analyseSignal(signal, hintsOf(path, header), { consume: true });
    return {
      ok: true,
      path,
      sizeBytes,
      mtimeMs,
      identity,
      record,
      tempoSource: header.tempoSource,
    };
  } catch (error) {
    return { ok: false, path, error: describeError(path, error) };
  }
}

/** What the file itself says about its rhythm, for the measures. */
export function hintsOf(path: string, header: AudioHeader): AnalysisHints {
  return {
    tempo: header.tempo,
    tempoSource: header.tempoSource,
    beats: header.meta.beats ?? null,
    name: basename(path),
  };
}

/** "name: reason", whether the error came from the file system, a decoder or a measure. */
function describeError(path: string, error: unknown): string {
  const name = basename(path);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return `${name}: ${describeMissingOrFsError(error)}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`${name}:`) ? message : `${name}: ${message}`;
}
