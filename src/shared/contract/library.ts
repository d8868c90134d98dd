// Handled in src/main/handlers/library-handlers.ts.
import { z } from 'zod';
import { normaliseKey } from '../music-key';
import { aspectWeights, type FileAnalysis } from './analysis';
import type { FileMarks } from './marks';
import { fileId, noArgs, request } from './request';

export type FileStatus = 'ok' | 'unsupported' | 'error';

/**
 * What a file's header says beyond the format: BWF, LIST/INFO, smpl, acid (AIFF: NAME/AUTH/ANNO;
 * FLAC and Ogg: Vorbis comments; MP3: ID3v2).
 */
export interface FileMeta {
  title?: string;
  artist?: string;
  comment?: string;
  /** The musical key as tagged (INITIALKEY, TKEY): "Am", "A minor", "8A", ... (music-key.ts reads it). */
  key?: string;
  /** Opus: the rate of the encoder's input (the file itself decodes at 48 kHz). */
  inputSampleRate?: number;
  /** The duration is estimated (an MP3 without a Xing/Info or VBRI frame): shown with a "≈". */
  durationEstimated?: boolean;
  description?: string;
  originator?: string;
  originationDate?: string;
  rootNote?: number;
  loops?: { start: number; end: number }[];
  beats?: number;
}

/** One audio file as the library knows it. Header fields are null unless status is 'ok'. */
export interface LibraryFile {
  id: number;
  path: string;
  name: string;
  /** The directory holding the file. */
  dir: string;
  /** The library folder (as the user added it) the file was found under. */
  root: string;
  sizeBytes: number;
  mtimeMs: number;
  /** WAV, RF64, RIFX, AIFF, AIFF-C, FLAC, MP3, Ogg; for files not read: the extension in capitals (M4A ...). */
  format: string;
  status: FileStatus;
  /** Why the file could not be read (status 'error'), or 'not supported yet' ('unsupported'). */
  error: string | null;
  codec: string | null;
  sampleRate: number | null;
  channels: number | null;
  bitsPerSample: number | null;
  frames: number | null;
  durationSec: number | null;
  /** Whether the player can decode it (PCM, float, A-law, µ-law). */
  playable: boolean;
  tempo: number | null;
  /**
   * acid: the WAV acid chunk; tag: a BPM/TBPM/TEMPO tag; filename: guessed from the name;
   * detected: heard by the analysis (only on rows: the index keeps what the file says).
   */
  tempoSource: 'acid' | 'tag' | 'filename' | 'detected' | null;
  meta: FileMeta;
}

export interface LibraryFolder {
  path: string;
  files: number;
  errors: number;
  /** Whether changes on disk are being watched. */
  watching: boolean;
}

export interface ScanProgress {
  active: boolean;
  /** Audio files found so far by the walk, and how many of them have been read. */
  found: number;
  read: number;
  errors: number;
  currentDir: string | null;
  /** ms since the scan started (or how long the last one took). */
  elapsedMs: number;
  cancelled: boolean;
}

export interface ScanProblem {
  path: string;
  reason: string;
}

export interface FolderNode {
  path: string;
  name: string;
  /** Audio files in this folder and below it. */
  files: number;
  children: FolderNode[];
}

export const sortKeys = [
  'name',
  'durationSec',
  'format',
  'sampleRate',
  'bitsPerSample',
  'channels',
  'sizeBytes',
  'tempo',
  'dir',
  'key',
  'rating',
  /** A collection's own order when the search has `in:"name"`; otherwise by name. */
  'position',
  /** Integrated loudness, or max momentary loudness for files too short for it. */
  'loudness',
  'truePeak',
  /** Spectral centroid. */
  'brightness',
  /** Nearest first when the query has `similar`; otherwise by name. */
  'similarity',
] as const;
export type SortKey = (typeof sortKeys)[number];

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { message: 'must not contain a NUL byte' })
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), {
    message: 'must be an absolute path',
  });

/** An absolute path, or one from the home folder (`~`, `~/...`): the core expands `~`. */
const addablePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { message: 'must not contain a NUL byte' })
  .refine(
    (p) =>
      p.startsWith('/') ||
      /^[A-Za-z]:[\\/]/.test(p) ||
      p.startsWith('\\\\') ||
      p === '~' ||
      /^~[\\/]/.test(p),
    { message: 'must be an absolute path, or start with ~/' },
  );

export const libraryQuery = z.strictObject({
  search: z.string().max(500).default(''),
  folder: absolutePath.nullable().default(null),
  formats: z.array(z.string().max(20)).max(50).default([]),
  sampleRates: z.array(z.number().int().positive()).max(50).default([]),
  channels: z.array(z.number().int().positive()).max(64).default([]),
  /** Keys in any spelling music-key.ts reads ("Am", "8A"); matched against the tagged key. */
  keys: z
    .array(
      z
        .string()
        .max(40)
        .refine((k) => normaliseKey(k) !== null, { message: 'is not a musical key' }),
    )
    .max(24)
    .default([]),
  /** Only files whose tempo matches this one, or half or double it (within 2 %). */
  tempoMatch: z.number().positive().max(1000).nullable().default(null),
  /** Only the files most like this one, by these weights (find similar). */
  similar: z.strictObject({ path: absolutePath, weights: aspectWeights }).nullable().default(null),
  sort: z.enum(sortKeys).default('name'),

  descending: z.boolean().default(false),
});
export type LibraryQuery = z.output<typeof libraryQuery>;
export type LibraryQueryInput = z.input<typeof libraryQuery>;

/** A file as a result row: with the user's marks. */
export interface LibraryRow extends LibraryFile {
  marks: FileMarks;
  /** null until the file is analysed (or when it cannot be). */
  analysis: FileAnalysis | null;
}

/** A part of the search text that was not understood (the rest of the query still applied). */
export interface QueryProblem {
  /** Character offsets in the search text, end exclusive. */
  start: number;
  end: number;
  message: string;
}

export interface LibraryPage {
  /** Changes whenever the library or the marks change; pages of different versions must not be mixed. */
  version: number;
  total: number;
  offset: number;
  rows: LibraryRow[];
  /** What in the search text was not understood and ignored. */
  problems: QueryProblem[];
}

export interface Facet<T> {
  value: T;
  count: number;
}

export interface LibraryFacets {
  formats: Facet<string>[];
  sampleRates: Facet<number>[];
  channels: Facet<number>[];
  /** Tagged keys by canonical name ("Am", "F#"), in key order. */
  keys: Facet<string>[];
  /** User tags, by name. */
  tags: Facet<string>[];
}

export interface LibraryState {
  version: number;
  total: number;
  errors: number;
  folders: LibraryFolder[];
  scan: ScanProgress;
}

export interface WaveformPeaks {
  id: number;
  buckets: number;
  /** 2 × buckets values, [min, max] per bucket, each from -127 to 127. */
  peaks: number[];
}

export const libraryRequests = {
  /** Adds folders (or single files) to the library and scans them. */
  'library:add': request<{ added: string[]; problems: ScanProblem[] }>()(
    z.strictObject({ paths: z.array(addablePath).min(1).max(100) }),
  ),
  'library:remove': request<LibraryState>()(z.strictObject({ path: absolutePath })),
  /** Reads every file again (all folders, or one), ignoring what the cache says. */
  'library:rescan': request<LibraryState>()(z.strictObject({ path: absolutePath.optional() })),
  'library:cancel-scan': request<LibraryState>()(noArgs),
  'library:state': request<LibraryState>()(noArgs),
  'library:query': request<LibraryPage>()(
    z.strictObject({
      query: libraryQuery,
      offset: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(2000),
    }),
  ),
  /** Where a file sits in a query's result (to keep a selection in view), or -1. */
  'library:position': request<{ version: number; index: number }>()(
    z.strictObject({ query: libraryQuery, id: z.number().int().nonnegative() }),
  ),
  /**
   * Counts of each filter's values among the files the query's other filters let through (the
   * format counts ignore the format filter, and so on); without a query, over the whole library.
   */
  'library:facets': request<LibraryFacets>()(z.strictObject({ query: libraryQuery.optional() })),
  /** Takes files out of the library (never off the disk); a rescan leaves them out. */
  'library:forget': request<{ paths: string[]; state: LibraryState }>()(
    z.strictObject({ ids: z.array(fileId).min(1).max(200_000) }),
  ),
  /** Undoes library:forget: the files are read again and come back with their marks. */
  'library:unforget': request<LibraryState>()(
    z.strictObject({ paths: z.array(absolutePath).min(1).max(200_000) }),
  ),
  /** Shows the file in the system's file manager (where the shell can). */
  'library:reveal': request<{ revealed: boolean }>()(z.strictObject({ id: fileId })),
  'library:tree': request<FolderNode[]>()(noArgs),
  /** Files that could not be read and folders that could not be walked, with their reasons. */
  'library:problems': request<{ total: number; problems: ScanProblem[] }>()(
    z.strictObject({ limit: z.number().int().min(1).max(10000).default(1000) }),
  ),
  /** A file's waveform overview, computed in the background and cached. */
  'peaks:get': request<WaveformPeaks>()(
    z.strictObject({ id: fileId, buckets: z.number().int().min(8).max(4000) }),
  ),
};

export interface LibraryEvents {
  /** The library changed (coalesced: a few times a second at most during a scan). */
  'library:changed': LibraryState;
}
