/**
 * The tempo the clock follower shows (./clock-follower.ts), from its fit (./pulse-fit.ts).
 *
 * `rawBpm` is 60000 / (PPQN * period). The displayed `bpm`, rounded to 0.1, appears once the
 * window has 6 points and the fit's standard error is under 0.5 BPM (at once for an exact
 * clock; after about half a beat at 120 BPM with +-2 ms jitter). After a tempo change the old
 * value stays until the new fit is as precise as the old one was (or 0.01 BPM), or until the
 * old value is more than 4 standard errors off the new fit (a real change shows this within a
 * few pulses; a false alarm never does). Once shown, the display follows the fit but moves
 * only when the estimate is more than 0.07 BPM (half a step plus 0.02 of hysteresis) away
 * from it, so a tempo on a rounding boundary does not flicker. No pulse for `noClockMs`
 * (500 ms): `noClock`, tempo null, and the next pulse starts a new window.
 */
import { periodToBpm, type PulseFit } from './pulse-fit';

/** Points a fit needs before it is shown. */
const MIN_SHOW_POINTS = 6;
/** Standard error (BPM) under which a fit is shown. */
const MAX_SHOWN_ERROR_BPM = 0.5;
/** After a tempo change, a new fit not clearly different waits for at least this precision. */
const MIN_SHOWN_ERROR_BPM = 0.01;
/** A shown value this many standard errors away from a newer fit is replaced at once. */
const STALE_ERRORS = 4;
/** Display step (dividing by an integer keeps 120.1 free of float dust) and hysteresis (BPM). */
const STEPS_PER_BPM = 10;
const DISPLAY_STEP = 1 / STEPS_PER_BPM;
const HYSTERESIS_BPM = 0.02;

export class TempoDisplay {
  /** The tempo shown, rounded to 0.1; null before a fit is good enough. */
  shown: number | null = null;
  /** Whether the current window's fit has reached the display yet. */
  private fitShown = false;
  /** The standard error (BPM) under which the current window's fit is shown. */
  private showBelowError = MAX_SHOWN_ERROR_BPM;

  /** A new window after a silence (or the first): nothing shown. */
  clear(): void {
    this.shown = null;
    this.showBelowError = MAX_SHOWN_ERROR_BPM;
    this.fitShown = false;
  }

  /** The window's fit started again: it must earn its place on the display. */
  newFit(): void {
    this.fitShown = false;
  }

  /**
   * A tempo change from a fit with this standard error (BPM). If the change was a false
   * alarm, the value shown is as good as the old fit: replace it only with a fit as precise
   * (or one that shows it is clearly off).
   */
  changedFrom(oldError: number): void {
    this.showBelowError = Math.min(MAX_SHOWN_ERROR_BPM, Math.max(oldError, MIN_SHOWN_ERROR_BPM));
  }

  /**
   * Shows a new window's fit once it is good enough: a standard error under 0.5 BPM, or, after
   * a tempo change, as soon as the value shown is clearly further off than the new fit's error.
   * From then on the display follows the fit, with hysteresis.
   */
  update(fit: PulseFit): void {
    if (fit.count < MIN_SHOW_POINTS) return;
    const raw = periodToBpm(fit.period);
    const error = fit.bpmError();
    if (!this.fitShown) {
      const stale = this.shown !== null && Math.abs(raw - this.shown) > STALE_ERRORS * error;
      if (!(error <= this.showBelowError) && !stale) return;
      this.fitShown = true;
    }
    if (this.shown === null || Math.abs(raw - this.shown) > DISPLAY_STEP / 2 + HYSTERESIS_BPM) {
      this.shown = Math.round(raw * STEPS_PER_BPM) / STEPS_PER_BPM;
    }
  }
}
