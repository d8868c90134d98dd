/**
 * Reads the headers of a batch of files with plain synchronous calls, which are the fastest
 * way through thousands of small reads. No side effects on import: the pool's worker entry
 * (file-worker.ts) and the CLI's scan threads (src/cli/scan-thread.ts) both run it, and the
 * CLI's main thread runs it too.
 */
import { statSync } from 'node:fs';
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
