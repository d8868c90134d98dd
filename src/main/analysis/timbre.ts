import { VECTOR_LENGTH } from './analysis-record';

/** Where each aspect's features sit in the vector (similarity-index.ts weighs them). */
export const ASPECT_RANGES = {
  timbre: [0, 45],
  pitch: [45, 49],
  envelope: [49, 55],
} as const satisfies Record<string, readonly [number, number]>;

export interface Timbre {
  centroidHz: number | null;
  vector: Float32Array;
}

/** Scaffold for issue 15's timbre slice (MFCC, spectral shape, pitch, envelope): replaced by it. */
export function measureTimbre(_mono: Float32Array, _sampleRate: number): Timbre {
  return { centroidHz: null, vector: new Float32Array(VECTOR_LENGTH) };
}
