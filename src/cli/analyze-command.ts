/**
 * `sampledeck analyze <path>... [--json]`: every audio file under the folders (or the files)
 * given, analysed on the file workers (out/main/file-worker.js, the app's own task), one line
 * per file in the order found. Nothing is stored: the app's analysis.db is not touched.
 */
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { NO_ANALYSIS } from '../shared/contract';
import { noteName } from '../shared/note-name';
import { audioKind } from '../main/formats/file-record';
import { describeMissingOrFsError } from '../main/platform/fs-error';
import type { AnalysisTaskResult } from '../main/analysis/analysis-task';
import { WorkerPool } from '../main/workers/worker-pool';

/** The fields `analyze --json` prints per file: stable, so scripts can rely on them. */
export function analyzeJson(result: AnalysisTaskResult) {
  if (!result.ok)
    return { path: result.path, ...NO_ANALYSIS, bpmSource: null, error: result.error };
  const { vector: _vector, ...analysis } = result.record;
  return { path: result.path, ...analysis, bpmSource: bpmSource(result), error: null };
}

/** Where the tempo shown comes from: the file's own (acid, tag, name), else the detected one. */
function bpmSource(result: AnalysisTaskResult & { ok: true }): string | null {
  if (result.tempoSource) return result.tempoSource;
  return result.record.bpm !== null ? 'detected' : null;
}

const fixed = (value: number | null, digits: number, unit: string) =>
  value === null ? '' : `${value.toFixed(digits)} ${unit}`;

function humanLine(result: AnalysisTaskResult): string {
  if (!result.ok) return `${result.path}\terror\t${result.error}`;
  const a = result.record;
  return [
    result.path,
    a.lufs !== null ? fixed(a.lufs, 1, 'LUFS') : fixed(a.mmax, 1, 'LUFS max'),
    fixed(a.truePeakDb, 1, 'dBTP'),
    fixed(a.rmsDb, 1, 'dB RMS'),
    a.kind === 'loop' && a.beats !== null ? `loop ${a.beats} beats` : (a.kind ?? ''),
    fixed(a.bpm, 1, 'BPM'),
    a.key ?? '',
    a.rootMidi !== null ? noteName(Math.round(a.rootMidi), 'C3') : '',
  ].join('\t');
}

/** Audio files under `path` (itself, when it is one), in name order. */
async function* audioFiles(path: string): AsyncGenerator<string> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* audioFiles(child);
    else if (entry.isFile() && audioKind(entry.name) === 'read') yield child;
  }
}

export async function analyzeCommand(paths: string[], json: boolean): Promise<number> {
  if (paths.length === 0) throw new Error('analyze needs at least one folder or file');
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  // Beside this bundle (out/main), as every built entry is.
  const pool = new WorkerPool(join(__dirname, 'file-worker.js'), threads);
  const started = performance.now();
  let files = 0;
  let errors = 0;
  let missing = 0;
  // In flight, in the order found: printed in that order as each one's turn comes.
  const window: Promise<AnalysisTaskResult>[] = [];
  const print = (result: AnalysisTaskResult) => {
    files += 1;
    if (!result.ok) errors += 1;
    process.stdout.write(`${json ? JSON.stringify(analyzeJson(result)) : humanLine(result)}\n`);
  };
  try {
    for (const given of paths) {
      const root = resolve(given);
      try {
        for await (const path of audioFiles(root)) {
          window.push(pool.analyse({ path }));
          if (window.length >= threads * 2) print(await window.shift()!);
        }
      } catch (error) {
        missing += 1;
        errors += 1;
        const reason = describeMissingOrFsError(error);
        if (json) console.log(JSON.stringify({ path: root, error: reason }));
        else console.error(`${root}: ${reason}`);
      }
    }
    while (window.length) print(await window.shift()!);
  } finally {
    await pool.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  console.error(`${files} files, ${errors} problems, ${seconds.toFixed(2)} s`);
  return missing > 0 ? 1 : 0;
}
