import { sep } from 'node:path';
import { NO_META, type FileRecord } from '../formats/file-record';
import { displayName } from '../platform/fs-path';

/**
 * Version 4 of the cache: per library folder, one array per field rather than one tuple per
 * file. Arrays of plain values parse about twice as fast as arrays of arrays, and what repeats
 * (folders; formats, codecs and the like) is written once and referred to by number, which makes
 * the file smaller to read too. Index i of every column is one file.
 */
export interface Columns {
  /** The folder holding the file, as an index into the group's `dirs`. */
  dir: number[];
  /** The file's name on disk, as the library keeps paths (fs-path.ts). */
  base: string[];
  sizeBytes: number[];
  mtimeMs: number[];
  /** Indexes into the cache's `strings`: few values among many files. */
  format: number[];
  status: number[];
  error: (number | null)[];
  codec: (number | null)[];
  sampleRate: (number | null)[];
  channels: (number | null)[];
  bitsPerSample: (number | null)[];
  frames: (number | null)[];
  /** null: frames / sampleRate, as every header reader computes it (a fifth of the file else). */
  durationSec: (number | null)[];
  playable: (0 | 1)[];
  tempo: (number | null)[];
  tempoSource: (number | null)[];
  meta: (FileRecord['meta'] | 0)[];
}

const COLUMNS: readonly (keyof Columns)[] = [
  'dir',
  'base',
  'sizeBytes',
  'mtimeMs',
  'format',
  'status',
  'error',
  'codec',
  'sampleRate',
  'channels',
  'bitsPerSample',
  'frames',
  'durationSec',
  'playable',
  'tempo',
  'tempoSource',
  'meta',
];

interface ColumnGroup {
  root: string;
  files: Columns;
  /** Folders relative to the root ('' for the root itself; absolute when not under it). */
  dirs: string[];
}

/** Values of one column written per piece of text (the writer yields between pieces). */
const CHUNK = 1000;

const derivedDuration = (frames: number | null, sampleRate: number | null) =>
  frames !== null && sampleRate ? frames / sampleRate : null;

/** Distinct values in the order first met, each with its number. */
class Numbered {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

/** How each column's value is taken from a record. */
type Getters = { [K in keyof Columns]: (r: FileRecord) => Columns[K][number] };

function getters(root: string, dirs: Numbered, strings: Numbered): Getters {
  const optional = (value: string | null) => (value === null ? null : strings.id(value));
  const under = root + sep;
  return {
    dir: (r) => {
      // The folder from the path itself, as the reader makes it back.
      const dir = r.path.slice(0, Math.max(r.path.lastIndexOf(sep), 1));
      return dirs.id(dir === root ? '' : dir.startsWith(under) ? dir.slice(under.length) : dir);
    },
    base: (r) => r.path.slice(r.path.lastIndexOf(sep) + 1),
    sizeBytes: (r) => r.sizeBytes,
    mtimeMs: (r) => r.mtimeMs,
    format: (r) => strings.id(r.format),
    status: (r) => strings.id(r.status),
    error: (r) => optional(r.error),
    codec: (r) => optional(r.codec),
    sampleRate: (r) => r.sampleRate,
    channels: (r) => r.channels,
    bitsPerSample: (r) => r.bitsPerSample,
    frames: (r) => r.frames,
    durationSec: (r) =>
      Object.is(r.durationSec, derivedDuration(r.frames, r.sampleRate)) ? null : r.durationSec,
    playable: (r) => (r.playable ? 1 : 0),
    tempo: (r) => r.tempo,
    tempoSource: (r) => optional(r.tempoSource),
    meta: (r) => (Object.keys(r.meta).length ? r.meta : 0),
  };
}

/**
 * Gathers records by library folder, then gives the JSON text of `groups` and `strings` in
 * pieces: a column at a time, a few thousand values per piece, so that saving makes only
 * short-lived garbage and never holds main for long. The tables (`dirs`, `strings`) come after
 * the columns that refer to them.
 */
export class ColumnEncoder {
  private readonly strings = new Numbered();
  private readonly groups = new Map<string, FileRecord[]>();

  add(r: FileRecord): void {
    const list = this.groups.get(r.root);
    if (list) list.push(r);
    else this.groups.set(r.root, [r]);
  }

  *pieces(): Generator<string> {
    yield '"groups":[';
    let firstGroup = true;
    for (const [root, records] of this.groups) {
      yield `${firstGroup ? '' : ','}\n{"root":${JSON.stringify(root)},"files":{`;
      firstGroup = false;
      const dirs = new Numbered();
      const get = getters(root, dirs, this.strings);
      for (const [n, name] of COLUMNS.entries()) {
        const value: (r: FileRecord) => unknown = get[name];
        yield `${n === 0 ? '' : ','}\n"${name}":[`;
        for (let i = 0; i < records.length; i += CHUNK) {
          const values = records.slice(i, i + CHUNK).map((r) => value(r));
          yield (i === 0 ? '' : ',') + JSON.stringify(values).slice(1, -1);
        }
        yield ']';
      }
      yield `},\n"dirs":${JSON.stringify(dirs.values)}}`;
    }
    yield `\n],"strings":${JSON.stringify(this.strings.values)}`;
  }
}

type Loose<T> = { [K in keyof T]?: unknown };

const STATUSES = new Set<unknown>(['ok', 'unsupported', 'error']);
const TEMPO_SOURCES = new Set<unknown>(['acid', 'tag', 'filename']);
const numberOrNull = (v: unknown): v is number | null => v === null || typeof v === 'number';

/**
 * The files of version 4 that belong to the library: under their own root, one of `folders`
 * (`dropped` counts the others). A group whose columns are missing or of unequal lengths is
 * damage (thrown); a file with a value of the wrong kind is left out, as a scan finds it again.
 */
export function fromColumnGroups(
  strings: unknown,
  groups: unknown,
  folders: readonly string[],
): { files: FileRecord[]; dropped: number } {
  if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) {
    throw new Error('"strings" is not a list of strings');
  }
  if (!Array.isArray(groups)) throw new Error('"groups" is not a list');
  const text = strings as string[];
  const str = (id: unknown): string | undefined => (typeof id === 'number' ? text[id] : undefined);
  const optionalStr = (id: unknown): string | null | undefined => (id === null ? null : str(id));
  const files: FileRecord[] = [];
  let dropped = 0;
  for (const group of groups as Loose<ColumnGroup>[]) {
    const { root, dirs } = group;
    const c = (group.files ?? {}) as Loose<Columns>;
    const count = Array.isArray(c.base) ? c.base.length : -1;
    if (
      typeof root !== 'string' ||
      !Array.isArray(dirs) ||
      !dirs.every((d) => typeof d === 'string') ||
      !COLUMNS.every((name) => Array.isArray(c[name]) && c[name].length === count)
    ) {
      throw new Error('a group has no root, folders or whole columns');
    }
    if (!folders.includes(root)) {
      dropped += count;
      continue;
    }
    const dirPaths = (dirs as string[]).map((d) =>
      d === '' ? root : d.startsWith(sep) ? d : root + sep + d,
    );
    const prefixes = dirPaths.map((d) => (d.endsWith(sep) ? d : d + sep));
    // A folder given relative to the root is under it; an absolute one holds only the root
    // itself (a single file added to the library), and files of another root if damaged.
    const outside = (dirs as string[]).map((d) => d.startsWith(sep));
    const col = c as { [K in keyof Columns]: unknown[] };
    for (let i = 0; i < count; i++) {
      const dirId = col.dir[i];
      const prefix = typeof dirId === 'number' ? prefixes[dirId] : undefined;
      const base = col.base[i];
      const sizeBytes = col.sizeBytes[i];
      const mtimeMs = col.mtimeMs[i];
      const format = str(col.format[i]);
      const status = str(col.status[i]);
      const error = optionalStr(col.error[i]);
      const codec = optionalStr(col.codec[i]);
      const sampleRate = col.sampleRate[i];
      const channels = col.channels[i];
      const bitsPerSample = col.bitsPerSample[i];
      const frames = col.frames[i];
      const durationSec = col.durationSec[i];
      const playable = col.playable[i];
      const tempo = col.tempo[i];
      const tempoSource = optionalStr(col.tempoSource[i]);
      const meta = col.meta[i];
      if (
        prefix === undefined ||
        typeof base !== 'string' ||
        typeof sizeBytes !== 'number' ||
        typeof mtimeMs !== 'number' ||
        format === undefined ||
        !STATUSES.has(status) ||
        error === undefined ||
        codec === undefined ||
        !numberOrNull(sampleRate) ||
        !numberOrNull(channels) ||
        !numberOrNull(bitsPerSample) ||
        !numberOrNull(frames) ||
        !numberOrNull(durationSec) ||
        (playable !== 0 && playable !== 1) ||
        !numberOrNull(tempo) ||
        (tempoSource !== null && !TEMPO_SOURCES.has(tempoSource)) ||
        (meta !== 0 && (typeof meta !== 'object' || meta === null))
      ) {
        continue;
      }
      const path = prefix + base;
      if (outside[dirId as number] && path !== root && !path.startsWith(root + sep)) {
        dropped += 1;
        continue;
      }
      // Same fields in the same order as file-record.ts builds them: one object shape for all.
      files.push({
        id: 0,
        path,
        name: displayName(base),
        dir: dirPaths[dirId as number]!,
        root,
        sizeBytes,
        mtimeMs,
        format,
        status: status as FileRecord['status'],
        error,
        codec,
        sampleRate,
        channels,
        bitsPerSample,
        frames,
        durationSec: durationSec ?? derivedDuration(frames, sampleRate),
        playable: playable === 1,
        tempo,
        tempoSource: tempoSource as FileRecord['tempoSource'],
        meta: meta === 0 ? NO_META : (meta as FileRecord['meta']),
      });
    }
  }
  return { files, dropped };
}
