import type { FileAnalysis } from '../../shared/contract';

/** Bumped when any measure changes, so stored results are redone (lazily, in the background). */
export const ANALYZER_VERSION = 1;

/** Length of the similarity vector: timbre, pitch and envelope blocks, padded for SIMD. */
export const VECTOR_LENGTH = 64;

/** A file's analysis as the worker returns it: the row's measures and the similarity vector. */
export interface AnalysisRecord extends FileAnalysis {
  /** VECTOR_LENGTH raw (unnormalised) features; similarity-index.ts normalises over the library. */
  vector: Float32Array;
}

/** What the file itself says, which the analysis may use (never required). */
export interface AnalysisHints {
  /** Tempo from an acid chunk, a tag or the name, and where it came from. */
  tempo: number | null;
  tempoSource: 'acid' | 'tag' | 'filename' | null;
  /** acid or smpl beats. */
  beats: number | null;
  /** The file's name ("loop" in it is a hint). */
  name: string;
}

/** A decoded signal: one Float32Array per channel, samples in -1..1 (float files may exceed it). */
export interface Signal {
  planes: Float32Array[];
  sampleRate: number;
}
