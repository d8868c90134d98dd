import { basename, dirname, extname } from 'node:path';
import type { LibraryFile } from '../../shared/contract';
import type { HeaderParse } from './header-types';
import { displayName } from '../platform/fs-path';

/** A library file; its id is 0 until the index takes it (and sets the id in place). */
export type FileRecord = LibraryFile;

/** Shared by every file without metadata; never mutated. */
export const NO_META: LibraryFile['meta'] = Object.freeze({});

/** Files whose headers we read (FLAC, MP3 and Ogg are listed and read, not played yet). */
const READ = new Set([
  'wav',
  'wave',
  'bwf',
  'rf64',
  'bw64',
  'aif',
  'aiff',
  'aifc',
  'flac',
  'mp3',
  'ogg',
  'oga',
  'opus',
]);
/** Audio we list by name and size, marked "not supported yet", rather than hide. */
const LIST_ONLY = new Set(['m4a', 'aac', 'wma', 'caf', 'w64']);

export type AudioKind = 'read' | 'list';

export function audioKind(name: string): AudioKind | null {
  const ext = extname(name).slice(1).toLowerCase();
  if (READ.has(ext)) return 'read';
  if (LIST_ONLY.has(ext)) return 'list';
  return null;
}

function blank(path: string, root: string, sizeBytes: number, mtimeMs: number): FileRecord {
  const name = basename(path);
  return {
    id: 0,
    path,
    name: displayName(name),
    dir: dirname(path),
    root,
    sizeBytes,
    mtimeMs,
    format: extname(name).slice(1).toUpperCase() || '?',
    status: 'error',
    error: null,
    codec: null,
    sampleRate: null,
    channels: null,
    bitsPerSample: null,
    frames: null,
    durationSec: null,
    playable: false,
    tempo: null,
    tempoSource: null,
    meta: NO_META,
  };
}

export function errorRecord(
  path: string,
  root: string,
  reason: string,
  sizeBytes = 0,
  mtimeMs = 0,
): FileRecord {
  const record = blank(path, root, sizeBytes, mtimeMs);
  record.error = reason;
  return record;
}

export function unsupportedRecord(
  path: string,
  root: string,
  sizeBytes: number,
  mtimeMs: number,
): FileRecord {
  const record = blank(path, root, sizeBytes, mtimeMs);
  record.status = 'unsupported';
  record.error = 'not supported yet';
  return record;
}

export function recordFromHeader(
  path: string,
  root: string,
  sizeBytes: number,
  mtimeMs: number,
  parse: HeaderParse,
): FileRecord {
  if (parse.kind === 'need-more' || parse.kind === 'need-tail') {
    return errorRecord(path, root, 'header larger than the reader allows', sizeBytes, mtimeMs);
  }
  if (parse.kind === 'error') return errorRecord(path, root, parse.reason, sizeBytes, mtimeMs);
  const h = parse.header;
  const extra = {
    ...(h.lengthEstimated ? { durationEstimated: true } : {}),
    ...(h.inputSampleRate !== undefined ? { inputSampleRate: h.inputSampleRate } : {}),
  };
  const meta = Object.keys(extra).length ? { ...h.meta, ...extra } : h.meta;
  // Filled in place rather than spread over a copy: a scan makes one per file, and the
  // copies were a visible share of a cold CLI scan's JavaScript time.
  const record = blank(path, root, sizeBytes, mtimeMs);
  record.format = h.container;
  record.status = 'ok';
  record.codec = h.codecLabel;
  record.sampleRate = h.sampleRate;
  record.channels = h.channels;
  // The lossy formats have no bit depth: shown blank, not as 0.
  record.bitsPerSample = h.bitsPerSample || null;
  record.frames = h.frames;
  record.durationSec = h.durationSec;
  record.playable = h.playable;
  record.tempo = h.tempo;
  record.tempoSource = h.tempoSource;
  record.meta = Object.keys(meta).length ? meta : NO_META;
  return record;
}
