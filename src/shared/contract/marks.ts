// Handled in src/main/handlers/marks-handlers.ts. Prefixes `tags:` and `collections:` are here too.
import { z } from 'zod';
import { fileId, noArgs, request } from './request';

/** The colour labels a file can carry (one at most), in the order the menus list them. */
export const markColors = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'grey'] as const;
export type MarkColor = (typeof markColors)[number];

/** What the user has said about one file; kept by path in the marks database. */
export interface FileMarks {
  fav: boolean;
  /** 0 (unrated) to 5. */
  rating: number;
  color: MarkColor | null;
  /** Tag names as the user spelled them, in name order. */
  tags: string[];
}

export const NO_MARKS: FileMarks = Object.freeze({
  fav: false,
  rating: 0,
  color: null,
  tags: Object.freeze([]) as unknown as string[],
}) as FileMarks;

export interface TagCount {
  name: string;
  /** Library files carrying the tag. */
  count: number;
}

/** A user's list of files from anywhere in the library, in the user's order. */
export interface Collection {
  id: number;
  name: string;
  count: number;
}

export interface MarksBackup {
  /** The backup's file name in the backups folder (marks-<timestamp>.json). */
  name: string;
  /** ISO time it was written. */
  at: string;
  files: number;
  collections: number;
}

export interface MarksStoreStatus {
  /** The database file. */
  file: string;
  /**
   * What happened at open when the file was damaged or from another program: where it was kept
   * aside and what was recovered. Null when it opened cleanly.
   */
  recovery: string | null;
  backups: MarksBackup[];
}

export interface MarksState {
  /** Bumped on every change of marks, tags or collections. */
  version: number;
  /** Every tag in use, by name (case-insensitive order). */
  tags: TagCount[];
  /** In the user's order. */
  collections: Collection[];
  store: MarksStoreStatus;
}

/** The JSON a user exports and imports (and the backups are). */
export interface MarksExport {
  format: 'sampledeck-marks';
  version: 1;
  exportedAt: string;
  files: {
    path: string;
    fav: boolean;
    rating: number;
    color: MarkColor | null;
    tags: string[];
  }[];
  collections: { name: string; paths: string[] }[];
}

/** A tag name: trimmed, 1-100 characters, no control characters. */
export const tagName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((t) => !/\p{Cc}/u.test(t), { message: 'must not contain control characters' });

export const collectionName = tagName;

const ids = z.array(fileId).min(1).max(200_000);

const exportedPath = z.string().min(1).max(4096);

export const marksExport = z.object({
  format: z.literal('sampledeck-marks'),
  version: z.literal(1),
  exportedAt: z.string().max(100),
  files: z
    .array(
      z.object({
        path: exportedPath,
        fav: z.boolean(),
        rating: z.number().int().min(0).max(5),
        color: z.enum(markColors).nullable(),
        tags: z.array(tagName).max(1000),
      }),
    )
    .max(1_000_000),
  collections: z
    .array(z.object({ name: collectionName, paths: z.array(exportedPath).max(1_000_000) }))
    .max(10_000),
});

export const marksRequests = {
  'marks:state': request<MarksState>()(noArgs),
  /** Sets what is given on every file; the result counts files that changed. */
  'marks:set': request<{ changed: number }>()(
    z
      .strictObject({
        ids,
        fav: z.boolean().optional(),
        rating: z.number().int().min(0).max(5).optional(),
        color: z.enum(markColors).nullable().optional(),
      })
      .refine((a) => a.fav !== undefined || a.rating !== undefined || a.color !== undefined, {
        message: 'give fav, rating or color',
      }),
  ),
  /** Adds and removes tags on many files at once (one transaction). */
  'marks:tag': request<{ changed: number }>()(
    z.strictObject({
      ids,
      add: z.array(tagName).max(100).default([]),
      remove: z.array(tagName).max(100).default([]),
    }),
  ),
  /** Renaming to a name already in use merges the two. */
  'tags:rename': request<MarksState>()(z.strictObject({ from: tagName, to: tagName })),
  'tags:merge': request<MarksState>()(
    z.strictObject({ from: z.array(tagName).min(1).max(100), into: tagName }),
  ),
  'tags:delete': request<MarksState>()(z.strictObject({ name: tagName })),
  'collections:create': request<Collection>()(
    z.strictObject({ name: collectionName, ids: z.array(fileId).max(200_000).default([]) }),
  ),
  'collections:rename': request<MarksState>()(
    z.strictObject({ id: z.number().int().positive(), name: collectionName }),
  ),
  'collections:delete': request<MarksState>()(z.strictObject({ id: z.number().int().positive() })),
  /** Adds files (those already in it move) at `index`, or at the end. */
  'collections:add': request<Collection>()(
    z.strictObject({
      id: z.number().int().positive(),
      ids,
      index: z.number().int().nonnegative().optional(),
    }),
  ),
  'collections:remove': request<Collection>()(
    z.strictObject({ id: z.number().int().positive(), ids }),
  ),
  'marks:export': request<MarksExport>()(noArgs),
  /** merge: adds to what is there; replace: the export becomes all the marks. */
  'marks:import': request<{ files: number; collections: number }>()(
    z.strictObject({ data: marksExport, mode: z.enum(['merge', 'replace']).default('merge') }),
  ),
  /** Replaces every mark with a backup's (the current marks are backed up first). */
  'marks:restore-backup': request<MarksState>()(
    z.strictObject({
      name: z
        .string()
        .max(200)
        .regex(/^marks-[0-9TZ.-]+\.json$/, 'is not a backup name'),
    }),
  ),
};

export interface MarksEvents {
  'marks:changed': MarksState;
}
