/**
 * The lines `sampledeck scan` prints for a batch of files: made where the batch was read (a
 * scan thread or main), so only text crosses between threads, never records.
 */
import { formatBytes, formatDuration, formatSampleRate } from '../shared/units';
import type { FileRecord } from '../main/formats/file-record';
import type { HeaderTaskResult } from '../main/workers/header-task';

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

/** A batch's output: one line per file, and the counts for the summary. */
export interface ScanLines {
  text: string;
  files: number;
  errors: number;
}

export function scanLines(result: HeaderTaskResult, json: boolean): ScanLines {
  let text = '';
  let errors = 0;
  for (const r of result.records) {
    if (r.status === 'error') errors += 1;
    text += `${json ? JSON.stringify(scanJson(r)) : humanLine(r)}\n`;
  }
  return { text, files: result.records.length, errors };
}
