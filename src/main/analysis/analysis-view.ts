import type { FileAnalysis } from '../../shared/contract';
import type { SimilarityFinder } from './similarity';

/** What the library's queries read of the analysis (the service keeps it current). */
export interface AnalysisView {
  /** Bumped on every change, so cached sorts and filters are redone. */
  readonly version: number;
  /** The current analysis of a library file, or null when it has none (yet). */
  of(path: string): FileAnalysis | null;
  /**
   * The paths whose analysis changed after `version`, or null when the view cannot say (then
   * readers look at every file): a batch of 20 results must not cost a pass over 100,000 files.
   */
  changedSince?(version: number): Iterable<string> | null;
  readonly similar: SimilarityFinder;
}
