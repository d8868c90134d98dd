/**
 * The MIDI clock follower: tempo, transport and song position from 24-ppqn clock pulses and
 * START / STOP / CONTINUE / SPP, driven by the caller's timestamps (ms, monotonic), so it is
 * pure and every behaviour can be replayed in a test.
 *
 * Longer than ~400 lines on purpose: reading pulses, detecting a tempo change, relocking and
 * refining the change point are one algorithm over one history of received pulses; split, that
 * history and the fit would be passed between modules at every pulse. The fit (./pulse-fit.ts),
 * the display (./tempo-display.ts) and the transport (./followed-transport.ts) are their own.
 *
 * DESIGN
 *
 * Tempo: a line through the pulses. Each accepted pulse is a point (pulse index, arrival time);
 * a least-squares line through the points of the last `windowMs` (3 s) gives the period (its
 * slope) and a grid that predicts when each later pulse should arrive (why a line: see
 * ./pulse-fit.ts). Why 3 s rather than 2 beats: at 120 BPM with +-2 ms uniform jitter (sigma 1.15 ms) a 2-beat (49-point) fit has a
 * standard error of 0.07 BPM, and over a minute the worst of those passes 0.2; 3 s (144
 * points) gives 0.013 BPM. At a fixed number of points the error grows like BPM^2, so a window
 * fixed in time keeps it roughly even from 30 to 300 BPM. A long window lags a tempo change;
 * the change detection below restarts it.
 *
 * Drops and extras. A new pulse is placed on the fitted grid: k = round((t - fitted time of
 * the last accepted pulse) / period). k = 1: the next pulse. k = 2 or 3: one or two pulses were
 * lost (`missedPulses`; the position moves by k). k <= 0: an extra pulse, left out of the
 * position. Drops and extras stay out of the fit: a misread pulse would bend the grid, and a
 * bent grid misreads more. An extra within a quarter period (and 2 ms) of the pulse before is
 * a duplicate; an extra right after a drop is a pulse that was late, not lost (delayed past half
 * a period, or one of a clump of late pulses the event loop delivered together, whose first
 * was read as a drop): it cancels one missed pulse of that drop. Placing pulses against the
 * fitted grid rather than the previous raw time tolerates jitter up to nearly half a period
 * (+-3 ms at 300 BPM, period 8.3 ms) and keeps the position anchored to time. Until a window
 * holds 8 points its grid is too rough to judge: every pulse counts as the next.
 *
 * Tempo changes: a CUSUM alarm, confirmed by a change test. Each accepted pulse's prediction
 * error, in units of its expected spread (the fit's residual deviation, floored at 0.25 ms so
 * an exact clock is not infinitely sensitive, times the prediction's leverage), clipped to
 * +-3 (one late pulse must not look like a tempo change), feeds two one-sided CUSUMs (slack
 * 0.5, threshold 8). A crossing, or a drop or extra (tested 3 pulses later, when the pulses
 * after it show which it was), runs the change test over the pulses since that CUSUM was last
 * zero or since the first drop or extra among them (at most a bar, 96 pulses, back). It compares, in
 * squared units of the expected error, "all on the old grid, each drop or extra costing 9"
 * with "the old grid up to pulse c, then one new line through every received pulse one apart,
 * costing 25" for the best c. A tempo change drifts off the old grid (past half a period it
 * shows as drops or extras every few pulses; a tempo halved or doubled, on every other one),
 * which the new line fits; a real drop or a late pulse puts a whole-period kink in any new
 * line, so the old grid wins, and a CUSUM alarm the test rejects is reset. If the new line
 * wins, the candidates within 4 of the best cost bracket the change: the window restarts at
 * the latest (a pulse from before the change would bias the new line for as long as it stays
 * in the window; one left out costs little), and every pulse after the earliest counts one in
 * the position (drops and extras read there were the drift). 16 pulses later, with a better
 * new line, the change point is checked again and moved later if that fits better.
 *
 * Display: ./tempo-display.ts. Transport and position: ./followed-transport.ts.
 *
 * Limits. A tempo ramp is followed in steps, each a detected change (120 to 140 BPM over 8
 * bars with +-2 ms jitter: at most 2.4 BPM behind). A drop among the first 8 pulses of a
 * window is not seen. While playing, a silence shorter than `noClockMs` counts as missed
 * pulses. At 300 BPM with +-3 ms jitter (over a third of a period) a tempo change can leave
 * the position a pulse off. Cost: each `clock()` refits the window, O(points), about 3 us at
 * 300 BPM.
 */
import type { MonoMs, Pulses } from '../unit-types';
import { PULSES_PER_BAR } from './clock-pulses';
import { FollowedTransport, type Applied, type Transport } from './followed-transport';
import { MIN_SPREAD_MS, PulseFit, periodToBpm } from './pulse-fit';
import { TempoDisplay } from './tempo-display';

export type { Transport };

export interface ClockState {
  transport: Transport;
  /** Displayed tempo, rounded to 0.1; null before enough pulses or with no clock. */
  bpm: number | null;
  /** The unrounded estimate of the current fit (null with no clock or under 2 points). */
  rawBpm: number | null;
  /** 24-ppqn pulses since START, or from the SPP / CONTINUE point: the song position. */
  pulses: Pulses;
  /** 4/4, 1-based bar and beat, tick 0..PPQN-1. */
  position: { bar: number; beat: number; tick: number };
  /** Quarter notes reached while playing; the UI flashes on change. */
  beat: number;
  /** No pulse for more than `noClockMs` (and before the first). */
  noClock: boolean;
  /** Pulses inferred missing since START (an interval of about 2 or 3 periods). */
  missedPulses: Pulses;
}

export interface ClockFollowerOptions {
  /** No pulse for longer than this: no clock (ms). */
  noClockMs?: number;
  /** The span of pulses the tempo fit covers (ms). */
  windowMs?: number;
}

/** Points a fit needs before it judges pulses (drops, extras, drift). */
const MIN_JUDGE_POINTS = 8;
/** CUSUM parameters, in units of the expected prediction error. */
const CUSUM_SLACK = 0.5;
const CUSUM_THRESHOLD = 8;
const CUSUM_CLIP = 3;
/** An extra pulse this close (in periods, and in ms) to the one before belongs to the same
 * clump. The cap in ms matters at slow tempos: a quarter of 20 BPM's period is 31 ms, and a
 * clock jumping to 240 BPM (10 ms a pulse) must read as a change, not as a run of duplicates. */
const CLUMP_FRACTION = 0.25;
const CLUMP_MAX_MS = 2;
/** Pulses to wait after a drop or an extra before testing for a tempo change. */
const TEST_DELAY = 3;
/** The change test looks back at most this many pulses (a bar). */
const TEST_SPAN = PULSES_PER_BAR;
/** In the change test (units of squared expected error): the price of one drop or extra on the
 * old grid (a 3-sigma misfit), and of the new line itself. */
const ANOMALY_COST = 9;
const CHANGE_COST = 25;
/** Change points this close in cost to the best count as equally good. */
const CHANGE_POINT_SLACK = 4;
/** Pulses after a tempo change to check the change point again, and how far it may move. */
const REFINE_AFTER = 16;
const REFINE_RANGE = 6;
/** The fewest pulses a new line in the change test goes through. */
const MIN_NEW_LINE = TEST_DELAY + 1;
/** Received pulses remembered for re-indexing after a tempo change. */
const HISTORY = 256;

/** How a received pulse was read. */
const enum PulseKind {
  /** The next pulse on the grid (or any pulse while the grid is too rough to judge). */
  Next = 0,
  /** A drop or an extra pulse. */
  Anomaly = 1,
  /** Right on the heels of the pulse before: ignored. */
  Clump = 2,
}

/** One-sided CUSUM with the sequence number of the pulse after which it was last zero. */
interface Cusum {
  sum: number;
  zeroSeq: number;
}

export class ClockFollower {
  private readonly noClockMs: number;
  private readonly windowMs: number;

  // Tempo.
  private readonly fit = new PulseFit();
  private lastPulseAt: MonoMs | null = null;
  /** Window index of the last accepted pulse. */
  private lastIndex = 0;
  private up: Cusum = { sum: 0, zeroSeq: 0 };
  private down: Cusum = { sum: 0, zeroSeq: 0 };
  /** A change test is due at this pulse (after a drop or extra), from this pulse on (-1: none). */
  private testAt = -1;
  private testFrom = 0;
  /** The first drop or extra of the last TEST_SPAN pulses (-1: none): a tempo change may have
   * begun there, before the CUSUM noticed. */
  private firstAnomaly = -1;
  /** The drop that extra pulses right after it (no pulse on the grid between) turn out to be a
   * delay of: they were late, not lost (-1: none). */
  private clumpDrop = -1;
  /** The pulse the window starts at, the grid before the last tempo change, and when to check
   * the change point again (-1: never). */
  private windowStart = 0;
  private oldGrid = { meanI: 0, meanT: 0, period: 0 };
  private refineAt = -1;
  private readonly display = new TempoDisplay();

  // Received pulses since the window (re)started, numbered by `seq`, in rings of HISTORY: their
  // times, how each was read, the position step and missed pulses it applied, whether it moved
  // the position at all (playing, and not the first pulse after a locate).
  private seq = 0;
  private readonly historyTime = new Float64Array(HISTORY);
  private readonly historyKind = new Uint8Array(HISTORY);
  private readonly historyStep = new Int32Array(HISTORY);
  private readonly historyMissed = new Int32Array(HISTORY);
  private readonly historyPlayed = new Uint8Array(HISTORY);

  private readonly transport = new FollowedTransport();

  /** Tempo changes detected so far (the clock's health restarts its statistics on each). */
  tempoChanges = 0;

  constructor(options: ClockFollowerOptions = {}) {
    this.noClockMs = options.noClockMs ?? 500;
    this.windowMs = options.windowMs ?? 3000;
  }

  clock(t: MonoMs): void {
    if (!Number.isFinite(t)) return;
    if (this.lastPulseAt !== null && t < this.lastPulseAt) return;
    const gap = this.lastPulseAt === null || t - this.lastPulseAt > this.noClockMs;
    this.lastPulseAt = t;
    if (gap) {
      this.restartTempo(t);
      this.record(t, PulseKind.Next, this.transport.advance(1));
      return;
    }
    this.seq += 1;
    const fit = this.fit;
    const previous = this.historyTime[(this.seq - 1) % HISTORY] as number;
    const judged = fit.count >= MIN_JUDGE_POINTS && fit.period > 0;
    const k = judged ? Math.round((t - fit.predict(this.lastIndex)) / fit.period) : 1;
    const close =
      fit.period > 0 && t - previous < Math.min(CLUMP_FRACTION * fit.period, CLUMP_MAX_MS);
    if ((close && (k <= 0 || !judged)) || (k <= 0 && this.clumpDrop >= 0)) {
      // A duplicate right on the heels of the pulse before, or a pulse behind its time: the
      // first of several late ones (the event loop delivering them together) read as a drop.
      this.record(t, PulseKind.Clump, this.transport.advance(0));
      this.fillDrop();
    } else if (k === 1) {
      this.clumpDrop = -1;
      this.record(t, PulseKind.Next, this.transport.advance(1));
      this.accept(t);
    } else {
      // A drop or an extra pulse, or a tempo change: read as the former for now, and test for
      // the latter once a few more pulses show which it was.
      this.record(t, PulseKind.Anomaly, this.transport.advance(Math.max(k, 0)));
      if (this.firstAnomaly < 0) this.firstAnomaly = this.seq;
      if (this.testAt < 0) {
        this.testAt = this.seq + TEST_DELAY;
        this.testFrom = Math.min(this.seq - 1, (k > 1 ? this.up : this.down).zeroSeq);
      }
      if (k > 1) {
        // Kept out of the fit, as extras are: a misread pulse would bend the grid, and a bent
        // grid misreads more.
        this.clumpDrop = this.seq;
        this.lastIndex += k;
      }
    }
    if (this.seq === this.testAt) {
      this.testAt = -1;
      this.testForChange(this.testFrom);
    }
    if (this.seq === this.refineAt) {
      this.refineAt = -1;
      this.refineStart();
    }
  }

  start(_t: MonoMs): void {
    this.transport.start();
  }

  stop(_t: MonoMs): void {
    this.transport.stop();
  }

  continue(_t: MonoMs): void {
    this.transport.continue();
  }

  songPosition(sixteenths: number, _t: MonoMs): void {
    this.transport.locate(sixteenths);
  }

  /** Back to the state of a new follower (the clock source changed). */
  reset(): void {
    this.lastPulseAt = null;
    this.restartTempo(0);
    this.fit.clear();
    this.transport.reset();
  }

  state(t: MonoMs): ClockState {
    const noClock = this.lastPulseAt === null || t - this.lastPulseAt > this.noClockMs;
    const transport = this.transport;
    return {
      transport: transport.state,
      bpm: noClock ? null : this.display.shown,
      rawBpm: noClock || this.fit.period <= 0 ? null : periodToBpm(this.fit.period),
      pulses: transport.pulses,
      position: transport.position(),
      beat: transport.beats,
      noClock,
      missedPulses: transport.missed,
    };
  }

  // ---------------------------------------------------------------- tempo

  /** A new window holding just this pulse (the first, or the first after a silence). */
  private restartTempo(t: MonoMs): void {
    this.fit.clear();
    this.fit.add(0, t);
    this.lastIndex = 0;
    this.seq = 0;
    this.windowStart = 0;
    this.refineAt = -1;
    this.display.clear();
    this.resetChangeDetection();
  }

  private resetChangeDetection(): void {
    this.up = { sum: 0, zeroSeq: this.seq };
    this.down = { sum: 0, zeroSeq: this.seq };
    this.testAt = -1;
    this.firstAnomaly = -1;
    this.clumpDrop = -1;
    this.display.newFit();
  }

  /** Adds the newest pulse to the window, as the pulse after the last. */
  private accept(t: MonoMs): void {
    const fit = this.fit;
    const index = this.lastIndex + 1;
    if (fit.count >= MIN_JUDGE_POINTS) {
      const z = (t - fit.predict(index)) / fit.predictionSpread(index);
      const clipped = Math.max(-CUSUM_CLIP, Math.min(CUSUM_CLIP, z));
      this.step(this.up, clipped);
      this.step(this.down, -clipped);
    }
    fit.add(index, t);
    this.lastIndex = index;
    fit.trim(t - this.windowMs, MIN_JUDGE_POINTS);
    fit.refit();
    this.display.update(this.fit);
    for (const cusum of [this.up, this.down]) {
      if (cusum.sum <= CUSUM_THRESHOLD) continue;
      if (this.testForChange(cusum.zeroSeq)) return;
      // A false alarm: the pulses fit the old grid as well as any new line.
      cusum.sum = 0;
      cusum.zeroSeq = this.seq;
    }
  }

  private step(cusum: Cusum, z: number): void {
    cusum.sum = Math.max(0, cusum.sum + z - CUSUM_SLACK);
    if (cusum.sum === 0) cusum.zeroSeq = this.seq;
  }

  /**
   * Did the tempo change at some pulse c since `from`? Compares the pulses on the old grid
   * (each drop or extra at a price) with the old grid up to c and a new line from c on, every
   * pulse one apart (at the price of the new line), for the best c; relocks at that c if the
   * new line wins. A real drop or a late pulse makes a whole-period kink in the new line, a
   * tempo change drifts off the old grid: the test tells them apart once a few pulses follow.
   */
  private testForChange(from: number): boolean {
    const fit = this.fit;
    if (this.seq - this.firstAnomaly > TEST_SPAN) this.firstAnomaly = -1;
    const since = this.firstAnomaly < 0 ? from : Math.min(from, this.firstAnomaly - 1);
    const first = Math.max(since, 0, this.seq - HISTORY + 1, this.seq - TEST_SPAN);
    const sigma = Math.max(fit.spread, MIN_SPREAD_MS);
    const costs: number[] = [];
    let oldCost = 0;
    for (let c = first; c <= this.seq; c++) {
      const at = c % HISTORY;
      const kind = this.historyKind[at];
      if (kind !== PulseKind.Clump) {
        const t = this.historyTime[at] as number;
        const onGrid = fit.predict(Math.round((t - fit.meanT) / fit.period + fit.meanI));
        oldCost += ((t - onGrid) / sigma) ** 2;
        if (kind === PulseKind.Anomaly) oldCost += ANOMALY_COST;
      }
      if (c <= this.seq - MIN_NEW_LINE) {
        costs.push(oldCost + this.lineError(c) / (sigma * sigma));
      }
    }
    const bestCost = Math.min(...costs);
    if (!(bestCost + CHANGE_COST < oldCost)) return false;
    // The near-best change points span the uncertainty about where the change was. The window
    // starts at the latest (a pulse from before the change would bias the new line for as long
    // as it stays in the window; one left out costs little); the pulses after the earliest
    // count one each (drift read as drops or extras is what a tempo change looks like).
    const near = (i: number) => (costs[i] as number) <= bestCost + CHANGE_POINT_SLACK;
    let latest = costs.length - 1;
    while (!near(latest)) latest -= 1;
    let earliest = 0;
    while (!near(earliest)) earliest += 1;
    this.relock(first + latest, first + earliest);
    return true;
  }

  /** Squared error (ms^2) of the least-squares line through pulses from..seq, one apart. */
  private lineError(from: number): number {
    const n = this.seq - from + 1;
    if (n < 3) return 0;
    let st = 0;
    for (let s = from; s <= this.seq; s++) st += this.historyTime[s % HISTORY] as number;
    const mi = (n - 1) / 2;
    const mt = st / n;
    let sxy = 0;
    let syy = 0;
    for (let s = from; s <= this.seq; s++) {
      const dt = (this.historyTime[s % HISTORY] as number) - mt;
      sxy += (s - from - mi) * dt;
      syy += dt * dt;
    }
    const sxx = (n * (n * n - 1)) / 12;
    return Math.max(0, syy - (sxy * sxy) / sxx);
  }

  /**
   * The tempo changed at pulse `start`, or as early as `recountFrom`: a new window from
   * `start`, one pulse apart, and every pulse after `recountFrom` counted as one in the
   * position (undoing drops, extras and clumps read there).
   */
  private relock(start: number, recountFrom: number): void {
    // If the change was a false alarm, the value shown is as good as the old fit: replace it
    // only with a fit as precise (or one that shows it is clearly off).
    this.display.changedFrom(this.fit.bpmError());
    this.oldGrid = { meanI: this.fit.meanI, meanT: this.fit.meanT, period: this.fit.period };
    let positionFix = 0;
    let missedFix = 0;
    for (let s = recountFrom + 1; s <= this.seq; s++) {
      const at = s % HISTORY;
      this.historyKind[at] = PulseKind.Next;
      if (this.historyPlayed[at] === 0) continue;
      positionFix += 1 - (this.historyStep[at] as number);
      missedFix -= this.historyMissed[at] as number;
      this.historyStep[at] = 1;
      this.historyMissed[at] = 0;
    }
    this.transport.correct(positionFix, missedFix);
    this.resetChangeDetection();
    this.restartWindowAt(start);
    this.refineAt = this.seq + REFINE_AFTER;
    this.tempoChanges += 1;
  }

  /** The window becomes the received pulses from `start` on, one apart. */
  private restartWindowAt(start: number): void {
    const fit = this.fit;
    fit.clear();
    for (let s = start; s <= this.seq; s++) {
      fit.add(s - start, this.historyTime[s % HISTORY] as number);
    }
    this.windowStart = start;
    this.lastIndex = this.seq - start;
    fit.refit();
    this.display.update(this.fit);
  }

  /**
   * Some pulses after a tempo change the change point is clearer than when it was detected:
   * moves the window's start later if its first pulses fit the old grid better than the new
   * line (a pulse from before the change biases the new line for as long as it stays).
   */
  private refineStart(): void {
    for (let s = this.windowStart + 1; s <= this.seq; s++) {
      if (this.historyKind[s % HISTORY] !== PulseKind.Next) return;
    }
    const old = this.oldGrid;
    const variance = Math.max(this.fit.spread, MIN_SPREAD_MS) ** 2;
    const last = Math.min(this.windowStart + REFINE_RANGE, this.seq - MIN_NEW_LINE);
    let oldCost = 0;
    let best = this.windowStart;
    let bestCost = Infinity;
    for (let c = this.windowStart; c <= last; c++) {
      const t = this.historyTime[c % HISTORY] as number;
      const index = Math.round((t - old.meanT) / old.period + old.meanI);
      oldCost += (t - old.meanT - old.period * (index - old.meanI)) ** 2 / variance;
      const cost = oldCost + this.lineError(c) / variance;
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    if (best !== this.windowStart) this.restartWindowAt(best);
  }

  // ---------------------------------------------------------------- position

  /** A pulse of a clump arrived: one pulse of the drop before it was late, not lost. */
  private fillDrop(): void {
    if (this.clumpDrop < 0 || this.seq - this.clumpDrop >= HISTORY) return;
    const at = this.clumpDrop % HISTORY;
    if ((this.historyMissed[at] as number) === 0) return;
    this.historyMissed[at] = (this.historyMissed[at] as number) - 1;
    this.transport.correct(0, -1);
  }

  private record(t: MonoMs, kind: PulseKind, applied: Applied): void {
    const at = this.seq % HISTORY;
    this.historyTime[at] = t;
    this.historyKind[at] = kind;
    this.historyStep[at] = applied.step;
    this.historyMissed[at] = applied.missed;
    this.historyPlayed[at] = applied.played ? 1 : 0;
  }
}
