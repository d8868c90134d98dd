import type { AspectWeights } from '../../shared/contract';

/**
 * What the analysis service asks of the similarity index (similarity-index.ts): vectors by
 * library path, and the nearest ones to a path's by the user's aspect weights.
 */
export interface SimilarityFinder {
  set(path: string, vector: Float32Array): void;
  delete(path: string): void;
  /** The vector kept for a path (a copy), or null. */
  vectorOf(path: string): Float32Array | null;
  /** Nearest first; never the query itself. Empty when the path has no vector. */
  nearest(
    path: string,
    weights: AspectWeights,
    limit: number,
  ): { path: string; distance: number }[];
}
