/** Tempo range the analysis reports (research-15 §2.2): wide enough for 60-200 BPM material. */
export const MIN_BPM = 55;
export const MAX_BPM = 215;

/** Log-normal tempo prior at 120 BPM, one octave wide: flatter than librosa's for 60-200 BPM. */
export function tempoPrior(bpm: number): number {
  const octaves = Math.log2(bpm / 120);
  return Math.exp(-0.5 * octaves * octaves);
}

/**
 * The coarse tempo: autocorrelation of the onset strength with Ellis's duple-metre sum
 * TPS2(τ) = A(τ) + ½A(2τ) + ¼A(2τ−1) + ¼A(2τ+1), times the prior, best integer lag refined by a
 * parabola. Null when the envelope is flat or too short for two beats.
 */
export function coarseTempo(strength: Float64Array, frameRate: number): number | null {
  const n = strength.length;
  const minLag = Math.max(2, Math.floor((60 * frameRate) / MAX_BPM));
  const maxLag = Math.ceil((60 * frameRate) / MIN_BPM);
  if (n < 2 * minLag + 2) return null;
  const top = Math.min(n - 1, 2 * maxLag + 1);
  const ac = new Float64Array(top + 1);
  for (let lag = 1; lag <= top; lag++) {
    let sum = 0;
    for (let t = lag; t < n; t++) sum += strength[t]! * strength[t - lag]!;
    ac[lag] = sum / (n - lag);
  }
  const at = (lag: number) => (lag <= top ? ac[lag]! : 0);
  const score = (lag: number) =>
    (at(lag) + 0.5 * at(2 * lag) + 0.25 * at(2 * lag - 1) + 0.25 * at(2 * lag + 1)) *
    tempoPrior((60 * frameRate) / lag);
  let best = -1;
  let bestScore = 0;
  for (let lag = minLag; lag <= Math.min(maxLag, top); lag++) {
    const s = score(lag);
    if (s > bestScore) [best, bestScore] = [lag, s];
  }
  if (best < 0) return null;
  const a = score(best - 1);
  const c = score(best + 1);
  const denom = a - 2 * bestScore + c;
  const lag = denom < 0 ? best + (0.5 * (a - c)) / denom : best;
  return (60 * frameRate) / lag;
}

/**
 * Comb fit (research-15 §2.3): the onset strength, lightly smoothed, read at φ + kP for every
 * beat k, averaged, at the best phase φ. Over a whole loop this pins the period far below one
 * frame, which a lag alone cannot.
 */
export class CombFit {
  private readonly smooth: Float64Array;
  /** Mean onset strength: what a comb at a random period reads. */
  readonly mean: number;

  constructor(
    strength: Float64Array,
    readonly frameRate: number,
  ) {
    const n = strength.length;
    this.smooth = new Float64Array(n);
    const kernel = [1, 2, 3, 2, 1];
    let total = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = -2; k <= 2; k++) sum += (strength[i + k] ?? 0) * kernel[k + 2]!;
      this.smooth[i] = sum / 9;
      total += strength[i]!;
    }
    this.mean = n > 0 ? total / n : 0;
  }

  /** C(P) at `bpm`: the best phase's mean over beats. */
  score(bpm: number): number {
    return this.bestPhase(bpm).score;
  }

  /** The phase (frames) whose beats read the most, and that mean. */
  bestPhase(bpm: number): { phase: number; score: number } {
    const period = (60 * this.frameRate) / bpm;
    let best = { phase: 0, score: 0 };
    if (this.smooth.length < 2 * period) return best;
    for (let phase = 0; phase < period; phase += 0.5) {
      const s = this.at(phase, period);
      if (s > best.score) best = { phase, score: s };
    }
    return best;
  }

  /** Mean of the smoothed strength at phase + k·period over the whole envelope. */
  at(phase: number, period: number): number {
    const { smooth } = this;
    const n = smooth.length;
    let sum = 0;
    let count = 0;
    for (let x = phase; x < n - 1; x += period) {
      const i = Math.floor(x);
      const f = x - i;
      sum += smooth[i]! * (1 - f) + smooth[i + 1]! * f;
      count++;
    }
    return count > 0 ? sum / count : 0;
  }

  /** The best-scoring tempo within ±`spread` (a fraction) of `bpm`: 0.05 BPM steps, then 0.01. */
  refine(bpm: number, spread = 0.03): { bpm: number; score: number } {
    let best = { bpm, score: this.score(bpm) };
    const lo = Math.max(MIN_BPM / 2, bpm * (1 - spread));
    const hi = Math.min(MAX_BPM * 2, bpm * (1 + spread));
    for (let b = lo; b <= hi; b += 0.05) {
      const s = this.score(b);
      if (s > best.score) best = { bpm: b, score: s };
    }
    const centre = best.bpm;
    for (let b = centre - 0.05; b <= centre + 0.05; b += 0.01) {
      const s = this.score(b);
      if (s > best.score) best = { bpm: b, score: s };
    }
    return best;
  }
}

/** How alike alternate beats read at `bpm` (min/max of the even and the odd beats), and the mean. */
function accent(comb: CombFit, bpm: number): { score: number; balance: number } {
  const period = (60 * comb.frameRate) / bpm;
  const { phase, score } = comb.bestPhase(bpm);
  const even = comb.at(phase, 2 * period);
  const odd = comb.at(phase + period, 2 * period);
  const top = Math.max(even, odd);
  return { score: score / (comb.mean || 1), balance: top > 0 ? Math.min(even, odd) / top : 1 };
}

/**
 * How much `bpm` reads as the beat a musician writes, against its half and double (compare
 * only among those). Every metrical level's comb scores fall by about the same factor per
 * octave, so the comb alone cannot choose; what sets the written beat apart is the backbeat:
 * alternate beats differ (kick, then snare), in the full band and below 5 kHz without the
 * hats, while at half tempo alternate beats are bar halves that repeat. The weights were
 * fitted (logistic, T against T/2 and 2T) on 200 seeded loops of bench:analysis-tempo and
 * checked on 200 of another seed: the written tempo wins for ~96 % of both.
 */
export function metreScore(full: CombFit, low: CombFit, bpm: number): number {
  const f = accent(full, bpm);
  const l = accent(low, bpm);
  const octaves = Math.log2(bpm / 115);
  return (
    0.77 * Math.log1p(f.score) -
    3.97 * f.balance +
    0.98 * Math.log1p(l.score) -
    4.42 * l.balance -
    0.735 * octaves * octaves
  );
}

/**
 * The tempo of a line fitted through the onset peaks that fall on the 8th-note grid of `bpm`
 * (within a fifth of a 16th; 8ths are never swung), each weighed by its strength. A comb at
 * 0.5-frame phases over a few beats drifts by up to a BPM; the fit reads sub-frame peak times
 * (parabolic), so a one-bar loop with a tail, which no length snap can pin, still comes out
 * within a fraction of a BPM. Also how many grid positions hold a peak; null when fewer than three.
 */
export function fitGrid(
  strength: Float64Array,
  frameRate: number,
  peaks: number[],
  bpm: number,
): { bpm: number; positions: number } | null {
  const half = (30 * frameRate) / bpm;
  // Peak times to a frame's fraction (parabolic).
  const times = peaks.map((p) => {
    const a = strength[p - 1] ?? 0;
    const b = strength[p]!;
    const c = strength[p + 1] ?? 0;
    const denom = a - 2 * b + c;
    return { x: p + (denom < 0 ? (0.5 * (a - c)) / denom : 0), b };
  });
  const off = (x: number, phase: number) => {
    const d = (((x - phase) % half) + half) % half;
    return Math.min(d, half - d);
  };
  // The phase: the peak whose grid holds the most strength (a 16th's pull would skew a mean).
  let phase = 0;
  let most = -1;
  for (const t of times) {
    let held = 0;
    for (const { x, b } of times) if (off(x, t.x) <= half / 10) held += b;
    if (held > most) [phase, most] = [t.x, held];
  }
  let [sw, sk, sx, skk, skx] = [0, 0, 0, 0, 0];
  const positions = new Set<number>();
  for (const { x, b } of times) {
    if (off(x, phase) > half / 10) continue;
    const k = Math.round((x - phase) / half);
    positions.add(k);
    sw += b;
    sk += b * k;
    sx += b * x;
    skk += b * k * k;
    skx += b * k * x;
  }
  const det = sw * skk - sk * sk;
  if (positions.size < 3 || det <= 0) return null;
  const slope = (sw * skx - sk * sx) / det;
  return slope > 0 ? { bpm: (30 * frameRate) / slope, positions: positions.size } : null;
}
