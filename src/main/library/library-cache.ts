import { readFile, rename } from 'node:fs/promises';
import { sep } from 'node:path';
import { writeFileAtomically } from '../platform/atomic-file';
import type { FileRecord } from '../formats/file-record';
import { isUnder } from '../platform/path-under';
import { ColumnEncoder, fromColumnGroups } from './library-cache-columns';
import { fromRowGroups, fromVersion1 } from './library-cache-rows';

const FORMAT = 'sampledeck-library';
/**
 * 4: columns (library-cache-columns.ts); 3 and 2 (one tuple per file; 2 without the forgotten
 * paths) and 1 (one object per file) are still read (library-cache-rows.ts).
 */
const VERSION = 4;
/** Versions read as they are (1 is migrated: no groups). */
const READABLE = new Set<unknown>([2, 3, VERSION]);
/** Records grouped by folder between two yields to the event loop while saving. */
const CHUNK = 10_000;
/** Text written per write while saving. */
const WRITE_BYTES = 1 << 16;

export interface CachedLibrary {
  folders: string[];
  files: FileRecord[];
  /** Files taken out of the library (never off the disk) that scans must leave out. */
  forgotten: string[];
}

export interface LoadedCache {
  /** null: no cache yet (or one that could not be read at all). */
  library: CachedLibrary | null;
  /** For the log: what went wrong, in detail. */
  problem: string | null;
  /** For the user, in a sentence: the library was recovered or migrated, and what happens now. */
  notice: string | null;
}

/**
 * The folder list from the start of a cache whose rest is cut short or garbled: the header
 * (format, version, folders) is written first, so a save cut anywhere after it keeps the
 * folders. Only complete strings count: a folder cut in the middle of its name is left out.
 */
export function recoverFolders(text: string): string[] {
  const header =
    /^\s*\{\s*"format"\s*:\s*"sampledeck-library"\s*,\s*"version"\s*:\s*[^,]{1,20},\s*"folders"\s*:\s*\[/.exec(
      text,
    );
  if (!header) return [];
  const folders: string[] = [];
  const item = /\s*("(?:[^"\\]|\\.)*")\s*([,\]]|$)/y;
  item.lastIndex = header[0].length;
  for (let match = item.exec(text); match; match = item.exec(text)) {
    try {
      const folder = JSON.parse(match[1]!) as string;
      if (folder.startsWith(sep) && !folders.includes(folder)) folders.push(folder);
    } catch {
      break;
    }
    if (match[2] === ']') break;
  }
  return folders;
}

/** Forgotten paths kept only under a folder of the library (a removed folder takes its own). */
function forgottenIn(folders: readonly string[], value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is string => typeof p === 'string' && folders.some((folder) => isUnder(p, folder)),
  );
}

/** Files kept only where they belong: under their own root, which is one of the folders. */
function inFolders(folders: readonly string[], files: FileRecord[]): FileRecord[] {
  const prefixes = new Map(folders.map((f) => [f, f.endsWith(sep) ? f : f + sep]));
  const belongs = (f: FileRecord) => {
    const prefix = prefixes.get(f.root);
    return prefix !== undefined && (f.path === f.root || f.path.startsWith(prefix));
  };
  return files.every(belongs) ? files : files.filter(belongs);
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/**
 * Reads the cache. A missing file is an empty library. A damaged one, or one of an unknown
 * version, is set aside (renamed, never deleted), and its folder list recovered when it can be
 * read, so that they are scanned again: the library is never emptied. Version 1 is migrated.
 */
export async function loadLibraryCache(file: string): Promise<LoadedCache> {
  let text: string;
  try {
    // Decoded whole, once (an encoding here decodes 64 KB pieces and joins them: far slower).
    text = (await readFile(file)).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { library: null, problem: null, notice: null };
    }
    return {
      library: null,
      problem: `cannot read ${file}: ${(error as Error).message}`,
      notice: `The library cache ${file} could not be read (${(error as Error).message}); add your folders again if the library is empty.`,
    };
  }
  let reason: string;
  let version: unknown;
  try {
    const data = JSON.parse(text) as {
      format?: unknown;
      version?: unknown;
      folders?: unknown;
      groups?: unknown;
      strings?: unknown;
      files?: unknown;
      forgotten?: unknown;
    };
    version = data.version;
    if (data.format !== FORMAT) throw new Error('not a Sampledeck library cache');
    if (!Array.isArray(data.folders) || !data.folders.every((f) => typeof f === 'string')) {
      throw new Error('"folders" is not a list of paths');
    }
    const folders = data.folders as string[];
    if (data.version === 1) {
      if (!Array.isArray(data.files)) throw new Error('"files" is not a list');
      const files = data.files.map(fromVersion1).filter((f) => f !== null);
      return {
        library: { folders, files: inFolders(folders, files), forgotten: [] },
        problem: `the library cache ${file} was version 1; migrated to version ${VERSION}`,
        notice: null,
      };
    }
    if (!READABLE.has(data.version)) {
      throw new Error(`cache version ${String(data.version)}, expected ${VERSION}`);
    }
    // Version 4 keeps only files under their own root, one of the folders, as it reads them.
    const read =
      data.version === VERSION
        ? fromColumnGroups(data.strings, data.groups, folders)
        : fromRowGroups(data.groups);
    const kept = Array.isArray(read) ? inFolders(folders, read) : read.files;
    const dropped = Array.isArray(read) ? read.length - kept.length : read.dropped;
    return {
      library: { folders, files: kept, forgotten: forgottenIn(folders, data.forgotten) },
      problem: dropped
        ? `the library cache ${file} held ${plural(dropped, 'file')} outside the library's folders; dropped`
        : null,
      notice: null,
    };
  } catch (error) {
    reason = (error as Error).message;
  }
  const aside = `${file}.corrupt-${Date.now()}`;
  const kept = await rename(file, aside).then(
    () => `kept as ${aside}`,
    (error: Error) => `left in place (${error.message})`,
  );
  const folders = recoverFolders(text);
  const what =
    typeof version === 'number' && !READABLE.has(version)
      ? `was written by another version of Sampledeck (cache version ${version})`
      : 'was damaged';
  const outcome =
    folders.length > 0
      ? `${plural(folders.length, 'folder')} ${folders.length === 1 ? 'was' : 'were'} recovered and ${folders.length === 1 ? 'is' : 'are'} being rescanned`
      : 'no folders could be recovered from it: add your folders again';
  return {
    library: folders.length > 0 ? { folders, files: [], forgotten: [] } : null,
    problem: `the library cache ${file} could not be read (${reason}); ${plural(folders.length, 'folder')} recovered; ${kept}`,
    notice: `The library cache ${what}; ${outcome}; the file is ${kept}.`,
  };
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the cache atomically (see atomic-file.ts). Gathers the columns and serialises them in
 * chunks, yielding between them, so a 100,000-file library does not stall main.
 */
export async function saveLibraryCache(
  file: string,
  folders: readonly string[],
  files: Iterable<FileRecord>,
  forgotten: Iterable<string> = [],
): Promise<void> {
  const encoder = new ColumnEncoder();
  let gathered = 0;
  for (const record of files) {
    encoder.add(record);
    if (++gathered % CHUNK === 0) await nextTick();
  }
  // The header first: a save cut short keeps the folders (recoverFolders).
  const header = { format: FORMAT, version: VERSION, folders, forgotten: [...forgotten] };
  await writeFileAtomically(file, async (handle) => {
    let text = `${JSON.stringify(header).slice(0, -1)},`;
    for (const piece of encoder.pieces()) {
      text += piece;
      if (text.length >= WRITE_BYTES) {
        await handle.write(text);
        text = '';
      }
      await nextTick();
    }
    await handle.write(`${text}}\n`);
  });
}
