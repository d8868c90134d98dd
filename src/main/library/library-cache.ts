import { open, readFile, rename, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileRecord } from './file-record';

const FORMAT = 'sampledeck-library';
const VERSION = 1;
const CHUNK = 2000;

export interface CachedLibrary {
  folders: string[];
  files: FileRecord[];
}

function looksLikeRecord(value: unknown): value is FileRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<FileRecord>;
  return (
    typeof r.path === 'string' &&
    typeof r.root === 'string' &&
    typeof r.sizeBytes === 'number' &&
    typeof r.mtimeMs === 'number' &&
    typeof r.status === 'string' &&
    typeof r.meta === 'object'
  );
}

/**
 * Reads the cache. A missing file is an empty library; an unreadable one is set aside (renamed,
 * never deleted) and reported, and the library starts empty rather than not at all.
 */
export async function loadLibraryCache(
  file: string,
): Promise<{ library: CachedLibrary | null; problem: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { library: null, problem: null };
    return { library: null, problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  try {
    const data = JSON.parse(text) as {
      format?: unknown;
      version?: unknown;
      folders?: unknown;
      files?: unknown;
    };
    if (data.format !== FORMAT || data.version !== VERSION)
      throw new Error('not a version 1 library cache');
    if (!Array.isArray(data.folders) || !data.folders.every((f) => typeof f === 'string')) {
      throw new Error('"folders" is not a list of paths');
    }
    if (!Array.isArray(data.files)) throw new Error('"files" is not a list');
    const files = data.files.filter(looksLikeRecord);
    return { library: { folders: data.folders, files }, problem: null };
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    await rename(file, aside).catch(() => undefined);
    return {
      library: null,
      problem: `the library cache ${file} could not be read (${(error as Error).message}); kept as ${aside}`,
    };
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the cache atomically: a temporary file, flushed to disk, renamed over the old one, so
 * a crash leaves the old cache or the new one, never half of one. Serialises in chunks and
 * yields between them, so a 100,000-file library does not stall main.
 */
export async function saveLibraryCache(
  file: string,
  folders: readonly string[],
  files: Iterable<FileRecord>,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await open(temp, 'w');
  try {
    await handle.write(
      `{"format":"${FORMAT}","version":${VERSION},"folders":${JSON.stringify(folders)},"files":[`,
    );
    let chunk: string[] = [];
    let first = true;
    const flush = async () => {
      if (chunk.length === 0) return;
      await handle.write((first ? '\n' : ',\n') + chunk.join(',\n'));
      first = false;
      chunk = [];
      await nextTick();
    };
    for (const record of files) {
      chunk.push(JSON.stringify(record));
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    await handle.write('\n]}\n');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
}
