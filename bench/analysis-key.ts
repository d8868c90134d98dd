/**
 * Key detection on >= 240 seeded synthetic progressions with melodies (all 24 keys, six timbres,
 * detunings of 0/±15/±30 cents): exact share, and the errors counted apart as fifth (tonic ±7,
 * same mode), relative (major t ↔ minor t+9), parallel (same tonic) and other, plus "no key".
 * Baseline in the same run: the same chroma fitted with the plain Krumhansl-Kessler profile (no
 * harmonics, no relative-key tie-break). BENCH_PER_KEY sets the files per key (default 10).
 */
import { chromaOf } from '../src/main/analysis/chroma';
import { fitKey } from '../src/main/analysis/key-profile';
import { measureTonal } from '../src/main/analysis/tonal';
import { parseKey } from '../src/shared/music-key';
import { renderProgression, tonalSet } from '../test/fixtures/synth-tonal';

const PER_KEY = Number(process.env.BENCH_PER_KEY ?? 10);
type Verdict = 'exact' | 'fifth' | 'relative' | 'parallel' | 'other' | 'noKey';

function verdict(
  found: { tonic: number; minor: boolean } | null,
  tonic: number,
  minor: boolean,
): Verdict {
  if (!found) return 'noKey';
  if (found.tonic === tonic && found.minor === minor) return 'exact';
  if (
    found.minor === minor &&
    (found.tonic === (tonic + 7) % 12 || found.tonic === (tonic + 5) % 12)
  )
    return 'fifth';
  if (!minor && found.minor && found.tonic === (tonic + 9) % 12) return 'relative';
  if (minor && !found.minor && found.tonic === (tonic + 3) % 12) return 'relative';
  if (found.tonic === tonic) return 'parallel';
  return 'other';
}

const empty = (): Record<Verdict, number> => ({
  exact: 0,
  fifth: 0,
  relative: 0,
  parallel: 0,
  other: 0,
  noKey: 0,
});
const ours = empty();
const krumhansl = empty();
const set = tonalSet(PER_KEY, 21);
let ms = 0;
for (const options of set) {
  const file = renderProgression(options);
  const t0 = performance.now();
  const r = measureTonal(file.samples, file.sampleRate, 'loop');
  ms += performance.now() - t0;
  ours[verdict(r.key === null ? null : parseKey(r.key), options.tonic, options.minor)]++;
  const { chroma } = chromaOf(file.samples, file.sampleRate);
  const plain = fitKey(chroma, 'krumhansl', { harmonics: false, relativeByTonic: false });
  krumhansl[verdict(plain, options.tonic, options.minor)]++;
}
const shares = (v: Record<Verdict, number>) =>
  Object.fromEntries(Object.entries(v).map(([k, n]) => [k, +(n / set.length).toFixed(3)]));
console.log(
  JSON.stringify({
    files: set.length,
    sampledeck: { ...shares(ours), msPerFile: +(ms / set.length).toFixed(1) },
    baselineKrumhanslKessler: shares(krumhansl),
  }),
);
