import { sep } from 'node:path';
import type { FileStatus } from '../../shared/contract';
import { NO_META, type FileRecord } from '../formats/file-record';
import { displayName } from '../platform/fs-path';

/**
 * The cache's older layouts, read (never written) so that an update keeps the library: version
 * 1, one object per file, and versions 2 and 3, one tuple per file in a group per library
 * folder. The next save writes version 4 (library-cache-columns.ts).
 */

/**
 * One file of versions 2 and 3: its path relative to its library folder and nothing that can be
 * derived (name, folder).
 */
export type Row = [
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

export interface RowGroup {
  root: string;
  rows: Row[];
}

export function fromRow(root: string, row: Row): FileRecord {
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

export function isRow(value: unknown): value is Row {
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

/** The files of versions 2 and 3; a row of the wrong shape is left out. */
export function fromRowGroups(groups: unknown): FileRecord[] {
  if (!Array.isArray(groups)) throw new Error('"groups" is not a list');
  const files: FileRecord[] = [];
  for (const group of groups as Partial<RowGroup>[]) {
    if (typeof group.root !== 'string' || !Array.isArray(group.rows))
      throw new Error('a group has no root or rows');
    for (const row of group.rows) if (isRow(row)) files.push(fromRow(group.root, row));
  }
  return files;
}

/** A version 1 file: the same fields as a record, as one object each, in one flat list. */
export function fromVersion1(value: unknown): FileRecord | null {
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
