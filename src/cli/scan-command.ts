import { resolve } from 'node:path';
import { formatBytes, formatDuration, formatSampleRate } from '../shared/units';
import type { FileRecord } from '../main/formats/file-record';
import { WorkerPool } from '../main/workers/worker-pool';
import { scanFolder } from '../main/library/scanner';
import { builtPaths } from '../main/paths';

/** The fields `scan --json` prints per file: stable, so scripts can rely on them. */
export function scanJson(r: FileRecord) {
  return {
    path: r.path,
    format: r.format,
    codec: r.codec,
    sampleRate: r.sampleRate,
    channels: r.channels,
    bitsPerSample: r.bitsPerSample,
    frames: r.frames,
    durationSec: r.durationSec,
    sizeBytes: r.sizeBytes,
    tempo: r.tempo,
    error: r.error,
  };
}

function humanLine(r: FileRecord): string {
  if (r.status !== 'ok') return `${r.path}\t${r.format}\t${r.error ?? ''}`;
  return [
    r.path,
    // FLAC and MP3 are their own codec; the lossy formats have no bit depth.
    r.codec && r.codec !== r.format ? `${r.format} ${r.codec}` : r.format,
    // Opus decodes at 48 kHz whatever the input was: the input rate follows when it differs.
    r.meta.inputSampleRate && r.meta.inputSampleRate !== r.sampleRate
      ? `${formatSampleRate(r.sampleRate)} (${formatSampleRate(r.meta.inputSampleRate)} in)`
      : formatSampleRate(r.sampleRate),
    r.bitsPerSample ? `${r.bitsPerSample} bit` : '',
    `${r.channels} ch`,
    `${r.meta.durationEstimated ? '≈ ' : ''}${formatDuration(r.durationSec)}`,
    formatBytes(r.sizeBytes),
    r.tempo ? `${r.tempo} BPM` : '',
  ].join('\t');
}

/** `sampledeck scan <path>... [--json]`: one line per file as it is read. */
export async function scanCommand(paths: string[], json: boolean): Promise<number> {
  if (paths.length === 0) throw new Error('scan needs at least one folder or file');
  const pool = new WorkerPool(builtPaths.fileWorker);
  let files = 0;
  let errors = 0;
  let missing = 0;
  const started = performance.now();
  try {
    for (const path of paths) {
      const root = resolve(path);
      await scanFolder({
        root,
        pool,
        onRecords: (records) => {
          // One write per batch: a write per line costs more than reading the file did.
          let out = '';
          for (const r of records) {
            files += 1;
            if (r.status === 'error') errors += 1;
            out += `${json ? JSON.stringify(scanJson(r)) : humanLine(r)}\n`;
          }
          process.stdout.write(out);
        },
        onProblem: (problem) => {
          errors += 1;
          if (problem.path === root) missing += 1;
          if (json) console.log(JSON.stringify({ path: problem.path, error: problem.reason }));
          else console.error(`${problem.path}: ${problem.reason}`);
        },
      });
    }
  } finally {
    await pool.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  console.error(`${files} files, ${errors} problems, ${seconds.toFixed(2)} s`);
  return missing > 0 ? 1 : 0;
}
