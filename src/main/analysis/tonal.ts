export interface Tonal {
  key: string | null;
  keyConf: number | null;
  rootMidi: number | null;
}

/** Scaffold for issue 15's tonal slice (chroma + key profiles, YIN root pitch): replaced by it. */
export function measureTonal(
  _mono: Float32Array,
  _sampleRate: number,
  _kind: 'loop' | 'oneshot' | null,
): Tonal {
  return { key: null, keyConf: null, rootMidi: null };
}
