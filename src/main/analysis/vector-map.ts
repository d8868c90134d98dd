import type { AspectWeights } from '../../shared/contract';
import type { SimilarityFinder } from './similarity';

/**
 * A plain SimilarityFinder until similarity-index.ts (normalised features, aspect weights,
 * off main's loop) is wired in its place: vectors by path, nearest by Euclidean distance over
 * the whole vector. The weights are not used.
 */
export class VectorMap implements SimilarityFinder {
  private readonly vectors = new Map<string, Float32Array>();

  get size(): number {
    return this.vectors.size;
  }

  set(path: string, vector: Float32Array): void {
    this.vectors.set(path, vector);
  }

  delete(path: string): void {
    this.vectors.delete(path);
  }

  nearest(
    path: string,
    _weights: AspectWeights,
    limit: number,
  ): { path: string; distance: number }[] {
    const query = this.vectors.get(path);
    if (!query) return [];
    const found: { path: string; distance: number }[] = [];
    for (const [other, vector] of this.vectors) {
      if (other === path) continue;
      let sum = 0;
      for (let i = 0; i < query.length; i++) sum += (query[i]! - (vector[i] ?? 0)) ** 2;
      found.push({ path: other, distance: Math.sqrt(sum) });
    }
    return found
      .sort((a, b) => a.distance - b.distance || (a.path < b.path ? -1 : 1))
      .slice(0, limit);
  }
}
