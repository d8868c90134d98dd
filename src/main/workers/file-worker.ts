/**
 * Worker-thread entry (piscina): reads the headers of a batch of files with plain synchronous
 * calls, which are the fastest way through thousands of small reads and block only this
 * thread; and computes waveform peaks (peaks-task.ts).
 */
import { statSync } from 'node:fs';
import { setPriority } from 'node:os';

import {
  audioKind,
  errorRecord,
  recordFromHeader,
  unsupportedRecord,
  type FileRecord,
} from '../formats/file-record';
import { describeFsError } from '../platform/fs-error';
import { readAudioHeaderSync } from '../formats/read-header-file';
import { fsPath } from '../platform/fs-path';

// Scans are background work: on Linux this lowers only this thread, so main and the MIDI
// clock thread win whenever the cores are busy.
try {
  setPriority(10);
} catch {
  // Not allowed here: the scan runs at normal priority.
}

export interface HeaderTaskFile {
  path: string;
  /** Size and mtime from the cache: when the file still has them it is not read again. */
  known?: { sizeBytes: number; mtimeMs: number };
}

export interface HeaderTask {
  root: string;
  files: HeaderTaskFile[];
}

/** A fresh record, or the path of a file the cache already describes correctly. */
export type HeaderTaskResult = { records: FileRecord[]; unchanged: string[] };

const prefix = Buffer.alloc(4096);

export function readHeaders(task: HeaderTask): HeaderTaskResult {
  const records: FileRecord[] = [];
  const unchanged: string[] = [];
  for (const { path, known } of task.files) {
    try {
      if (known) {
        const stat = statSync(fsPath(path));
        if (stat.size === known.sizeBytes && stat.mtimeMs === known.mtimeMs) {
          unchanged.push(path);
          continue;
        }
      }
      if (audioKind(path) === 'list') {
        const stat = statSync(fsPath(path));
        records.push(unsupportedRecord(path, task.root, stat.size, stat.mtimeMs));
        continue;
      }
      const read = readAudioHeaderSync(path, prefix);
      records.push(recordFromHeader(path, task.root, read.sizeBytes, read.mtimeMs, read.result));
    } catch (error) {
      records.push(errorRecord(path, task.root, describeFsError(error)));
    }
  }
  return { records, unchanged };
}

export { computePeaks } from './peaks-task';
export default readHeaders;
