import { readFile, rename } from 'node:fs/promises';
import { sep } from 'node:path';
import { writeFileAtomically } from '../platform/atomic-file';
import type { FileStatus } from '../../shared/contract';
import { NO_META, type FileRecord } from '../formats/file-record';
import { displayName } from '../platform/fs-path';
import { isUnder } from '../platform/path-under';

const FORMAT = 'sampledeck-library';
/** 3: the forgotten paths beside the folders (2 is read as a library with none). */
const VERSION = 3;
/** Records serialised between two yields to the event loop while saving. */
const CHUNK = 500;

export interface CachedLibrary {
  folders: string[];
  files: FileRecord[];
  /** Files taken out of the library (never off the disk) that scans must leave out. */
  forgotten: string[];
}

/**
 * One file on disk: a tuple, with its path relative to its library folder and nothing that can
 * be derived (name, folder), which makes the cache about a third the size of plain objects and
 * quick to parse on start.
 */
type Row = [
  relativePath: string,
  sizeBytes: number,
  mtimeMs: number,
  format: string,
  status: FileStatus,
  error: string | null,
  codec: string | null,
  sampleRate: number | null,
  channels: number | null,
  bitsPerSample: number | null,
  frames: number | null,
  durationSec: number | null,
  playable: 0 | 1,
  tempo: number | null,
  tempoSource: FileRecord['tempoSource'],
  meta: FileRecord['meta'] | 0,
];

interface Group {
  root: string;
  rows: Row[];
}

function toRow(r: FileRecord): Row {
  const relative = r.path.startsWith(r.root + sep)
    ? r.path.slice(r.root.length + 1)
    : r.path === r.root
      ? ''
      : r.path;
  return [
    relative,
    r.sizeBytes,
    r.mtimeMs,
    r.format,
    r.status,
    r.error,
    r.codec,
    r.sampleRate,
    r.channels,
    r.bitsPerSample,
    r.frames,
    r.durationSec,
    r.playable ? 1 : 0,
    r.tempo,
    r.tempoSource,
    Object.keys(r.meta).length ? r.meta : 0,
  ];
}

function fromRow(root: string, row: Row): FileRecord {
  const path = row[0] === '' ? root : row[0].startsWith(sep) ? row[0] : root + sep + row[0];
  const cut = path.lastIndexOf(sep);
  // Same fields in the same order as file-record.ts builds them: one object shape for all.
  return {
    id: 0,
    path,
    name: displayName(path.slice(cut + 1)),
    dir: path.slice(0, Math.max(cut, 1)),
    root,
    sizeBytes: row[1],
    mtimeMs: row[2],
    format: row[3],
    status: row[4],
    error: row[5],
    codec: row[6],
    sampleRate: row[7],
    channels: row[8],
    bitsPerSample: row[9],
    frames: row[10],
    durationSec: row[11],
    playable: row[12] === 1,
    tempo: row[13],
    tempoSource: row[14],
    meta: row[15] || NO_META,
  };
}

const isNumberOrNull = (v: unknown) => v === null || typeof v === 'number';
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';

function isRow(value: unknown): value is Row {
  return (
    Array.isArray(value) &&
    value.length === 16 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'number' &&
    typeof value[3] === 'string' &&
    (value[4] === 'ok' || value[4] === 'unsupported' || value[4] === 'error') &&
    isStringOrNull(value[5]) &&
    isStringOrNull(value[6]) &&
    [7, 8, 9, 10, 11, 13].every((i) => isNumberOrNull(value[i])) &&
    (value[12] === 0 || value[12] === 1) &&
    (value[14] === null ||
      value[14] === 'acid' ||
      value[14] === 'tag' ||
      value[14] === 'filename') &&
    (value[15] === 0 || (typeof value[15] === 'object' && value[15] !== null))
  );
}

/** A version 1 file: the same fields as a record, as one object each, in one flat list. */
function fromVersion1(value: unknown): FileRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<Record<keyof FileRecord, unknown>>;
  if (typeof r.path !== 'string' || typeof r.root !== 'string') return null;
  const row = [
    r.path,
    r.sizeBytes,
    r.mtimeMs,
    r.format,
    r.status,
    r.error ?? null,
    r.codec ?? null,
    r.sampleRate ?? null,
    r.channels ?? null,
    r.bitsPerSample ?? null,
    r.frames ?? null,
    r.durationSec ?? null,
    r.playable === true ? 1 : 0,
    r.tempo ?? null,
    r.tempoSource ?? null,
    typeof r.meta === 'object' && r.meta !== null && Object.keys(r.meta).length ? r.meta : 0,
  ];
  return isRow(row) ? fromRow(r.root, row) : null;
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
  const roots = new Set(folders);
  return files.filter((f) => roots.has(f.root) && isUnder(f.path, f.root));
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
    text = await readFile(file, 'utf8');
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
    if (data.version !== VERSION && data.version !== 2) {
      throw new Error(`cache version ${String(data.version)}, expected ${VERSION}`);
    }
    if (!Array.isArray(data.groups)) throw new Error('"groups" is not a list');
    const files: FileRecord[] = [];
    for (const group of data.groups as Partial<Group>[]) {
      if (typeof group.root !== 'string' || !Array.isArray(group.rows))
        throw new Error('a group has no root or rows');
      for (const row of group.rows) if (isRow(row)) files.push(fromRow(group.root, row));
    }
    const kept = inFolders(folders, files);
    const dropped = files.length - kept.length;
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
    typeof version === 'number' && version !== VERSION && version !== 2
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
 * Writes the cache atomically (see atomic-file.ts). Serialises in chunks and yields between
 * them, so a 100,000-file library does not stall main.
 */
export async function saveLibraryCache(
  file: string,
  folders: readonly string[],
  files: Iterable<FileRecord>,
  forgotten: Iterable<string> = [],
): Promise<void> {
  const byRoot = new Map<string, FileRecord[]>();
  for (const record of files) {
    const list = byRoot.get(record.root) ?? [];
    list.push(record);
    byRoot.set(record.root, list);
  }
  await writeFileAtomically(file, async (handle) => {
    const header = { format: FORMAT, version: VERSION, folders, forgotten: [...forgotten] };
    await handle.write(`${JSON.stringify(header).slice(0, -1)},"groups":[`);
    let firstGroup = true;
    for (const [root, records] of byRoot) {
      await handle.write(`${firstGroup ? '' : ','}\n{"root":${JSON.stringify(root)},"rows":[`);
      firstGroup = false;
      for (let i = 0; i < records.length; i += CHUNK) {
        const rows = records.slice(i, i + CHUNK).map((r) => JSON.stringify(toRow(r)));
        await handle.write((i === 0 ? '\n' : ',\n') + rows.join(',\n'));
        await nextTick();
      }
      await handle.write('\n]}');
    }
    await handle.write('\n]}\n');
  });
}
