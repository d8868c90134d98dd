import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processExists } from './process-exists';

/** What a save writes through: every call writes all of its bytes, or throws. */
export interface CheckedWriter {
  write(data: string | Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly bytesWritten: number;
}

const TEMP_SUFFIX = /\.tmp-(\d+)$/;

function fileError(file: string, error: unknown, written: number): NodeJS.ErrnoException {
  const cause = error as NodeJS.ErrnoException;
  const message =
    cause.code === 'ENOSPC'
      ? `no space left on the disk to save ${file} (${written} bytes written); the previous file is kept`
      : `could not save ${file}: ${cause.message}; the previous file is kept`;
  const wrapped: NodeJS.ErrnoException = new Error(message, { cause });
  if (cause.code) wrapped.code = cause.code;
  wrapped.path = file;
  return wrapped;
}

/**
 * Writes a file so that a crash or a full disk leaves the old one or the new one, never half of
 * one: into a temporary file beside it (`<file>.tmp-<pid>`), every write checked (a write may
 * take fewer bytes than asked on a full disk), flushed to disk, its size checked against what
 * was written, then renamed over it. Rejects naming the file; the temporary file is removed.
 */
export async function writeFileAtomically(
  file: string,
  write: (out: CheckedWriter) => Promise<void>,
  options: { mode?: number } = {},
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await open(temp, 'w', options.mode);
  // A temp file left by a crash keeps its old mode: made private before anything is in it.
  if (options.mode !== undefined) await handle.chmod(options.mode);
  let written = 0;
  const out: CheckedWriter = {
    get bytesWritten() {
      return written;
    },
    async write(data) {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
        if (bytesWritten <= 0) {
          const full: NodeJS.ErrnoException = new Error('ENOSPC: no space left on device');
          full.code = 'ENOSPC';
          throw full;
        }
        offset += bytesWritten;
        written += bytesWritten;
      }
    },
  };
  try {
    await write(out);
    await handle.sync();
    const { size } = await handle.stat();
    if (size !== written) {
      throw new Error(`the temporary file holds ${size} bytes, ${written} were written`);
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw fileError(file, error, written);
  }
  await handle.close();
  await rename(temp, file);
}

/** Our own temp files are saves in progress; another live process's too. */
const isAlive = (pid: number) => pid === process.pid || processExists(pid);

/**
 * Removes the temporary files that saves interrupted by a crash or a kill left in `dir`
 * (`<name>.tmp-<pid>` whose process is gone); a live process's save in progress is left alone.
 * With `forFile`, only that file's. Returns the paths removed; never throws (a missing folder
 * has nothing to remove).
 */
export async function removeStaleTempFiles(dir: string, forFile?: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const prefix = forFile === undefined ? null : `${basename(forFile)}.tmp-`;
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_SUFFIX.exec(name);
    if (!match || (prefix !== null && name !== `${prefix}${match[1]}`)) continue;
    if (isAlive(Number(match[1]))) continue;
    const path = join(dir, name);
    try {
      await rm(path, { force: true });
      removed.push(path);
    } catch {
      // Not ours to remove (permissions): left as it is.
    }
  }
  return removed;
}
