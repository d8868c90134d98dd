// Handled in src/main/handlers/analysis-handlers.ts.
import { z } from 'zod';
import type { ScanProblem } from './library';
import { request, noArgs } from './request';

/**
 * What listening to a file found (src/main/analysis/), kept in analysis.db by the file's
 * identity. Levels are dB (dBFS, dBTP, LUFS, LU); null where the measure does not apply
 * (no gated block for LUFS in files under 400 ms, no loudness range under 3 s, no key in drums).
 */
export interface FileAnalysis {
  /** Integrated loudness, ITU-R BS.1770-4 / EBU R128 (null: no gated block, e.g. under 0.4 s). */
  lufs: number | null;
  /** Max momentary loudness (400 ms windows, zero-padded for short files): sorts and matches one-shots. */
  mmax: number | null;
  /** Loudness range, EBU Tech 3342 (null under 3 s). */
  lra: number | null;
  samplePeakDb: number | null;
  /** 4x oversampled true peak, dBTP (may be above 0). */
  truePeakDb: number | null;
  /** RMS of all samples, dBFS (a full-scale sine reads -3.01). */
  rmsDb: number | null;
  /** Silence before the first sound and after the last, seconds. */
  leadSec: number;
  tailSec: number;
  kind: 'loop' | 'oneshot' | null;
  /** A loop's length in beats. */
  beats: number | null;
  /** Detected tempo, and the other reading when half or double time is as likely. */
  bpm: number | null;
  bpmAlt: number | null;
  /** Detected key by music-key.ts's canonical name ("Am", "F#"); null: no key (drums, noise, one note). */
  key: string | null;
  /** 0..1: how clearly the key was heard. */
  keyConf: number | null;
  /** Root pitch of a tuned one-shot as a MIDI number with cents (60.12). */
  rootMidi: number | null;
  /** Brightness: spectral centroid, Hz. */
  centroidHz: number | null;
}

/** Every FileAnalysis field, unknown (null): the one list of its fields (the CLI's error rows, tests). */
export const NO_ANALYSIS: { readonly [K in keyof FileAnalysis]: null } = {
  lufs: null,
  mmax: null,
  lra: null,
  samplePeakDb: null,
  truePeakDb: null,
  rmsDb: null,
  leadSec: null,
  tailSec: null,
  kind: null,
  beats: null,
  bpm: null,
  bpmAlt: null,
  key: null,
  keyConf: null,
  rootMidi: null,
  centroidHz: null,
};

/** What "similar" weighs, each 0..1 (Sononym's aspects). */
export const aspectWeights = z.strictObject({
  timbre: z.number().min(0).max(1),
  pitch: z.number().min(0).max(1),
  envelope: z.number().min(0).max(1),
});
export type AspectWeights = z.infer<typeof aspectWeights>;
export const DEFAULT_ASPECTS: AspectWeights = { timbre: 1, pitch: 0.5, envelope: 0.5 };

export interface AnalysisProgress {
  /** Files waiting or being analysed right now. */
  active: boolean;
  /** Files of the library with a current analysis, of those that can be analysed. */
  done: number;
  total: number;
  /** Files that could not be analysed (named in the problems, like scan errors). */
  failed: number;
  /** The file being analysed (one of them), for the status line. */
  current: string | null;
  /** Paused by the user (analysis:cancel); analysis:start resumes. */
  paused: boolean;
}

export interface SimilarResult {
  /** The query file and the most similar files, nearest first, as library paths. */
  path: string;
  matches: { path: string; distance: number }[];
}

const path = z.string().min(1).max(4096);

export const analysisRequests = {
  'analysis:state': request<AnalysisProgress>()(noArgs),
  /** Analyse every library file without a current analysis (also resumes after a cancel). */
  'analysis:start': request<AnalysisProgress>()(noArgs),
  /** Stops: the queue is dropped, files in flight are abandoned; nothing stored is lost. */
  'analysis:cancel': request<AnalysisProgress>()(noArgs),
  /** The rows on screen: analysed before the rest (the latest call wins). */
  'analysis:prioritise': request<null>()(z.strictObject({ paths: z.array(path).max(500) })),
  /** Files that could not be analysed, each with its reason (named like the scan's problems). */
  'analysis:failures': request<{ total: number; problems: ScanProblem[] }>()(
    z.strictObject({ limit: z.number().int().min(1).max(10000).default(1000) }),
  ),
  /** The files most like `path` by the weights given. */
  'analysis:similar': request<SimilarResult>()(
    z.strictObject({
      path,
      weights: aspectWeights,
      limit: z.number().int().min(1).max(500).default(50),
    }),
  ),
};

export interface AnalysisEvents {
  'analysis:progress': AnalysisProgress;
}
