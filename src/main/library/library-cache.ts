import { readFile, rename } from 'node:fs/promises';
import { sep } from 'node:path';
import { writeFileAtomically } from '../atomic-file';
import type { FileStatus } from '../../shared/contract';
import { NO_META, type FileRecord } from './file-record';

const FORMAT = 'sampledeck-library';
const VERSION = 2;
/** Records serialised between two yields to the event loop while saving. */
const CHUNK = 500;

export interface CachedLibrary {
  folders: string[];
  files: FileRecord[];
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
    name: path.slice(cut + 1),
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

function isRow(value: unknown): value is Row {
  return (
    Array.isArray(value) &&
    value.length === 16 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'number' &&
    typeof value[3] === 'string' &&
    (value[4] === 'ok' || value[4] === 'unsupported' || value[4] === 'error')
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
      groups?: unknown;
    };
    if (data.format !== FORMAT) throw new Error('not a Sampledeck library cache');
    if (data.version !== VERSION)
      throw new Error(`cache version ${String(data.version)}, expected ${VERSION}`);
    if (!Array.isArray(data.folders) || !data.folders.every((f) => typeof f === 'string')) {
      throw new Error('"folders" is not a list of paths');
    }
    if (!Array.isArray(data.groups)) throw new Error('"groups" is not a list');
    const files: FileRecord[] = [];
    for (const group of data.groups as Partial<Group>[]) {
      if (typeof group.root !== 'string' || !Array.isArray(group.rows))
        throw new Error('a group has no root or rows');
      for (const row of group.rows) if (isRow(row)) files.push(fromRow(group.root, row));
    }
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
 * Writes the cache atomically (see atomic-file.ts). Serialises in chunks and yields between
 * them, so a 100,000-file library does not stall main.
 */
export async function saveLibraryCache(
  file: string,
  folders: readonly string[],
  files: Iterable<FileRecord>,
): Promise<void> {
  const byRoot = new Map<string, FileRecord[]>();
  for (const record of files) {
    const list = byRoot.get(record.root) ?? [];
    list.push(record);
    byRoot.set(record.root, list);
  }
  await writeFileAtomically(file, async (handle) => {
    const header = { format: FORMAT, version: VERSION, folders };
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
