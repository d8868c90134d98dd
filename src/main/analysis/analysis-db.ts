/**
 * analysis.db (node-sqlite3-wasm, run on its own thread by analysis-db-worker.ts): what the
 * analysis found, keyed by file identity (size + hash of the two ends), and which library path
 * had which identity at which size and mtime (research-15 §6.1).
 *
 * Derived data, unlike marks.db: a damaged file, or one of another schema, is deleted and made
 * again (everything is recomputed in the background); `synchronous=NORMAL`; results are
 * written in batches, one transaction each. Rows of another ANALYZER_VERSION are not loaded
 * (their files are analysed again, and the new result replaces them).
 */
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { Database, type Statement } from 'node-sqlite3-wasm';
import type { FileAnalysis } from '../../shared/contract';
import { quickCheck } from '../marks/marks-db-file';
import type { FileIdentity } from '../marks/file-identity';
import { ANALYZER_VERSION, VECTOR_LENGTH } from './analysis-record';

/** This file's tables; another value (older or newer) means the file is made again. */
const SCHEMA_VERSION = 1;

const MEASURES = [
  ['lufs', 'lufs'],
  ['mmax', 'mmax'],
  ['lra', 'lra'],
  ['samplePeakDb', 'sample_peak'],
  ['truePeakDb', 'true_peak'],
  ['rmsDb', 'rms'],
  ['leadSec', 'lead_sec'],
  ['tailSec', 'tail_sec'],
  ['kind', 'kind'],
  ['beats', 'beats'],
  ['bpm', 'bpm'],
  ['bpmAlt', 'bpm_alt'],
  ['key', 'key'],
  ['keyConf', 'key_conf'],
  ['rootMidi', 'root_midi'],
  ['centroidHz', 'centroid_hz'],
] as const satisfies readonly (readonly [keyof FileAnalysis, string])[];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS analysis (
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL, hash TEXT NOT NULL, version INTEGER NOT NULL,
  lufs REAL, mmax REAL, lra REAL, sample_peak REAL, true_peak REAL, rms REAL,
  lead_sec REAL NOT NULL, tail_sec REAL NOT NULL, kind TEXT, beats INTEGER,
  bpm REAL, bpm_alt REAL, key TEXT, key_conf REAL, root_midi REAL, centroid_hz REAL,
  vector BLOB NOT NULL,
  UNIQUE (size, hash)
);
CREATE TABLE IF NOT EXISTS analysed_paths (
  path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ms REAL NOT NULL,
  analysis_id INTEGER NOT NULL REFERENCES analysis(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS analysed_paths_by_analysis ON analysed_paths(analysis_id);
`;

/** One library path's stored analysis. */
export interface StoredAnalysis {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  identity: FileIdentity;
  analysis: FileAnalysis;
  vector: Float32Array;
}

export interface AnalysisDbOptions {
  file: string;
  /** Told why a damaged file was deleted and made again. */
  onRebuilt?: (reason: string) => void;
}

export class AnalysisDb {
  private db: Database;
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly options: AnalysisDbOptions) {
    this.db = this.openChecked();
  }

  /** Every path's current analysis (this ANALYZER_VERSION). */
  load(): StoredAnalysis[] {
    const columns = MEASURES.map(([, column]) => `a.${column}`).join(', ');
    const rows = this.db.all(
      `SELECT p.path, p.size AS path_size, p.mtime_ms, a.size, a.hash, a.vector, ${columns}
       FROM analysed_paths p JOIN analysis a ON a.id = p.analysis_id WHERE a.version = ?`,
      [ANALYZER_VERSION],
    ) as Record<string, number | string | Uint8Array | null>[];
    return rows.map((row) => ({
      path: String(row.path),
      sizeBytes: Number(row.path_size),
      mtimeMs: Number(row.mtime_ms),
      identity: { size: Number(row.size), hash: String(row.hash) },
      analysis: analysisOf(row),
      vector: vectorOf(row.vector as Uint8Array),
    }));
  }

  /** Stores a batch of results in one transaction (a path's earlier result is replaced). */
  put(rows: readonly StoredAnalysis[]): void {
    if (!rows.length) return;
    const names = MEASURES.map(([, column]) => column);
    const upsert = this.st(
      `INSERT INTO analysis (size, hash, version, ${names.join(', ')}, vector)
       VALUES (?, ?, ?, ${names.map(() => '?').join(', ')}, ?)
       ON CONFLICT (size, hash) DO UPDATE SET version = excluded.version,
       ${names.map((n) => `${n} = excluded.${n}`).join(', ')}, vector = excluded.vector
       RETURNING id`,
    );
    const link = this.st(
      'INSERT OR REPLACE INTO analysed_paths (path, size, mtime_ms, analysis_id) VALUES (?, ?, ?, ?)',
    );
    this.transaction(() => {
      for (const row of rows) {
        const values = MEASURES.map(([field]) => row.analysis[field]);
        const bytes = new Uint8Array(
          row.vector.buffer,
          row.vector.byteOffset,
          row.vector.byteLength,
        );
        // all(), not get(): RETURNING's statement must run to its end before COMMIT.
        const [got] = upsert.all([
          row.identity.size,
          row.identity.hash,
          ANALYZER_VERSION,
          ...values,
          bytes,
        ]);
        link.run([row.path, row.sizeBytes, row.mtimeMs, Number(got!.id)]);
      }
    });
  }

  /** Paths no longer in the library (their analyses stay, found again by identity). */
  forget(paths: readonly string[]): void {
    if (!paths.length) return;
    const remove = this.st('DELETE FROM analysed_paths WHERE path = ?');
    this.transaction(() => {
      for (const path of paths) remove.run([path]);
    });
  }

  close(): void {
    for (const statement of this.statements.values()) statement.finalize();
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }

  private st(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private transaction(body: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      body();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The file checked and of this schema, or deleted and made again. */
  private openChecked(): Database {
    const { file } = this.options;
    rmSync(`${file}.lock`, { recursive: true, force: true });
    let problem: string;
    let db: Database | null = null;
    try {
      db = new Database(file);
      problem = quickCheck(db);
      if (problem === 'ok') {
        const found = Number(
          (db.get('PRAGMA user_version') as { user_version: number }).user_version,
        );
        if (found !== 0 && found !== SCHEMA_VERSION)
          problem = `schema v${found}, not v${SCHEMA_VERSION}`;
      }
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem === 'ok') return this.prepared(db!);
    try {
      db?.close();
    } catch {
      // Unusable anyway: it is deleted next.
    }
    for (const path of [file, `${file}-journal`]) rmSync(path, { force: true });
    rmSync(`${file}.lock`, { recursive: true, force: true });
    this.options.onRebuilt?.(
      `${basename(file)} was made again (${problem}); files are analysed again`,
    );
    return this.prepared(new Database(file));
  }

  private prepared(db: Database): Database {
    db.exec(
      'PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; ' +
        'PRAGMA busy_timeout=3000; PRAGMA cache_size=-16384;',
    );
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version=${SCHEMA_VERSION}`);
    // Results of an older analyzer are redone; nothing reads them meanwhile.
    db.run('DELETE FROM analysis WHERE version <> ?', [ANALYZER_VERSION]);
    return db;
  }
}

function analysisOf(row: Record<string, unknown>): FileAnalysis {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const kind = row.kind === 'loop' || row.kind === 'oneshot' ? row.kind : null;
  return {
    lufs: num(row.lufs),
    mmax: num(row.mmax),
    lra: num(row.lra),
    samplePeakDb: num(row.sample_peak),
    truePeakDb: num(row.true_peak),
    rmsDb: num(row.rms),
    leadSec: Number(row.lead_sec),
    tailSec: Number(row.tail_sec),
    kind,
    beats: num(row.beats),
    bpm: num(row.bpm),
    bpmAlt: num(row.bpm_alt),
    key: typeof row.key === 'string' ? row.key : null,
    keyConf: num(row.key_conf),
    rootMidi: num(row.root_midi),
    centroidHz: num(row.centroid_hz),
  };
}

/** A BLOB back to VECTOR_LENGTH floats (little-endian, as every supported host). */
function vectorOf(bytes: Uint8Array): Float32Array {
  const vector = new Float32Array(VECTOR_LENGTH);
  const n = Math.min(VECTOR_LENGTH * 4, bytes.byteLength) & ~3;
  new Uint8Array(vector.buffer).set(bytes.subarray(0, n));
  return vector;
}
