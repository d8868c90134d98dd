/**
 * analysis.db (the store its thread runs): results survive a reopen, two paths of one identity
 * share one analysis, a damaged file is deleted and made again. The thread itself runs in the
 * core's tests (analysis-service-core.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisDb, type StoredAnalysis } from '../../src/main/analysis/analysis-db';
import { ANALYZER_VERSION, VECTOR_LENGTH } from '../../src/main/analysis/analysis-record';
import type { FileAnalysis } from '../../src/shared/contract';

const open: AnalysisDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

let rebuilt: string | null = null;
function client(file: string): AnalysisDb {
  rebuilt = null;
  const db = new AnalysisDb({ file, onRebuilt: (reason) => (rebuilt = reason) });
  open.push(db);
  return db;
}

const analysis = (lufs: number | null, key: string | null): FileAnalysis => ({
  lufs,
  mmax: -9.5,
  lra: null,
  samplePeakDb: -1.25,
  truePeakDb: -0.75,
  rmsDb: -12,
  leadSec: 0,
  tailSec: 0.125,
  kind: key ? 'loop' : 'oneshot',
  beats: key ? 8 : null,
  bpm: key ? 120.5 : null,
  bpmAlt: null,
  key,
  keyConf: key ? 0.75 : null,
  rootMidi: null,
  centroidHz: 1234.5,
});

function row(path: string, hash: string, lufs: number | null, key: string | null): StoredAnalysis {
  const vector = new Float32Array(VECTOR_LENGTH).map((_, i) => i * 0.5 + lufs!);
  return {
    path,
    sizeBytes: 1000,
    mtimeMs: 1_700_000_000_123.5,
    identity: { size: 1000, hash },
    analysis: analysis(lufs, key),
    vector,
  };
}

describe('analysis.db', () => {
  it('keeps results across a reopen, one analysis per identity', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sd-adb-')), 'analysis.db');
    const first = client(file);
    expect(first.load()).toEqual([]);
    const a = row('/lib/a.wav', 'aaa', -14, 'Am');
    const b = row('/lib/b.wav', 'bbb', -20, null);
    first.put([a, b, { ...a, path: '/lib/copy-of-a.wav' }]);
    first.forget(['/lib/b.wav']);
    first.close();

    const again = client(file);
    const loaded = again.load();
    expect(rebuilt).toBeNull();
    const byPath = new Map(loaded.map((r) => [r.path, r]));
    expect([...byPath.keys()].sort()).toEqual(['/lib/a.wav', '/lib/copy-of-a.wav']);
    expect(byPath.get('/lib/a.wav')!.analysis).toEqual(a.analysis);
    expect(byPath.get('/lib/a.wav')!.mtimeMs).toBe(a.mtimeMs);
    expect([...byPath.get('/lib/copy-of-a.wav')!.vector]).toEqual([...a.vector]);
    again.close();

    const db = new Database(file);
    const counts = db.get('SELECT count(*) AS n, min(version) AS v FROM analysis') as {
      n: number;
      v: number;
    };
    db.close();
    // b's analysis stays (found again by identity); a and its copy share one.
    expect(counts).toEqual({ n: 2, v: ANALYZER_VERSION });
  });

  it('a damaged file is deleted and made again', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sd-adb-')), 'analysis.db');
    const first = client(file);
    first.load();
    first.put(Array.from({ length: 50 }, (_, i) => row(`/lib/${i}.wav`, `h${i}`, -i, 'C')));
    first.close();
    const bytes = readFileSync(file);
    // Garbage over every page after the header's: the b-trees are unreadable.
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    writeFileSync(file, bytes);

    const again = client(file);
    expect(rebuilt).toMatch(/analysis\.db was made again/);
    expect(again.load()).toEqual([]);
    again.put([row('/lib/new.wav', 'n', -3, null)]);
    expect(again.load().map((r) => r.path)).toEqual(['/lib/new.wav']);
  });
});
