import type { FileAnalysis } from '../../shared/contract';
import type { SimilarityFinder } from './similarity';

/** What the library's queries read of the analysis (the service keeps it current). */
export interface AnalysisView {
  /** Bumped on every change, so cached sorts and filters are redone. */
  readonly version: number;
  /** The current analysis of a library file, or null when it has none (yet). */
  of(path: string): FileAnalysis | null;
  readonly similar: SimilarityFinder;
}
