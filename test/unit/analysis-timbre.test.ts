import { describe, expect, it } from 'vitest';
import { VECTOR_LENGTH } from '../../src/main/analysis/analysis-record';
import { ASPECT_RANGES, measureTimbre } from '../../src/main/analysis/timbre';
import { seededRandom } from '../fixtures/seeded-random';
import { VOICE_CLASSES, atPeak, lowPass, synthVoice } from '../fixtures/synth-voices';

const RATE = 44_100;

/** Seconds of a tone at `hz` with a linear attack of `attackSec`, then an exponential decay. */
function tone(hz: number, attackSec: number, seconds = 1): Float32Array {
  const out = new Float32Array(Math.round(RATE * seconds));
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const amp = t < attackSec ? t / attackSec : Math.exp(-(t - attackSec) / 0.3);
    out[i] = amp * Math.sin(2 * Math.PI * hz * t);
  }
  return out;
}

function noiseThrough(cutoffHz: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const low = lowPass(RATE, cutoffHz, 0.7);
  const out = new Float32Array(RATE);
  for (let i = 0; i < out.length; i++) out[i] = low(random() * 2 - 1) * Math.exp(-i / RATE / 0.2);
  return out;
}

describe('measureTimbre', () => {
  it('lays out its aspects inside the vector without overlap', () => {
    const { timbre, pitch, envelope } = ASPECT_RANGES;
    expect(timbre[0]).toBe(0);
    expect(pitch[0]).toBe(timbre[1]);
    expect(envelope[0]).toBe(pitch[1]);
    expect(envelope[1]).toBeLessThanOrEqual(VECTOR_LENGTH);
  });

  it.each(VOICE_CLASSES)('gives a %s the same vector at 0 and -30 dBFS', (label) => {
    const voice = synthVoice(label, 7);
    const loud = measureTimbre(atPeak(voice.samples, 0), voice.sampleRate);
    const quiet = measureTimbre(atPeak(voice.samples, -30), voice.sampleRate);
    expect(loud.vector.some((x) => x !== 0)).toBe(true);
    for (let i = 0; i < VECTOR_LENGTH; i++) {
      expect(Math.abs(quiet.vector[i]! - loud.vector[i]!), `dimension ${i}`).toBeLessThan(
        1e-3 * Math.max(1, Math.abs(loud.vector[i]!)),
      );
    }
    expect(quiet.centroidHz! / loud.centroidHz!).toBeCloseTo(1, 4);
  });

  it('reads the same sound alike at 44.1 and 48 kHz', () => {
    const sound = (rate: number) => {
      const out = new Float32Array(rate);
      for (let i = 0; i < rate; i++) {
        const t = i / rate;
        const saw = 2 * ((110 * t) % 1) - 1;
        out[i] =
          saw * Math.exp(-t / 0.3) + 0.2 * Math.sin(2 * Math.PI * 3000 * t) * Math.exp(-t / 0.05);
      }
      return out;
    };
    const a = measureTimbre(sound(44_100), 44_100);
    const b = measureTimbre(sound(48_000), 48_000);
    for (let i = 0; i < VECTOR_LENGTH; i++) {
      expect(Math.abs(a.vector[i]! - b.vector[i]!), `dimension ${i}`).toBeLessThan(
        0.12 * Math.max(1, Math.abs(a.vector[i]!)),
      );
    }
    expect(b.centroidHz! / a.centroidHz!).toBeCloseTo(1, 1);
  });

  it('puts the centroid of a sine on its frequency', () => {
    const { centroidHz, vector } = measureTimbre(tone(1000, 0.01), RATE);
    expect(centroidHz).toBeGreaterThan(970);
    expect(centroidHz).toBeLessThan(1030);
    expect(vector[39]).toBeCloseTo(Math.log(1000), 1);
  });

  it('reads a brighter noise with a higher centroid, rolloff and high-frequency share', () => {
    const dark = measureTimbre(noiseThrough(800, 1), RATE);
    const bright = measureTimbre(noiseThrough(5000, 1), RATE);
    expect(bright.centroidHz! / dark.centroidHz!).toBeGreaterThan(2);
    expect(bright.vector[42]).toBeGreaterThan(dark.vector[42]!);
    expect(bright.vector[45]).toBeGreaterThan(dark.vector[45]!);
  });

  it('measures a slower attack as a longer attack time (10 % to 90 % of the peak)', () => {
    const attack = (seconds: number) =>
      Math.exp(measureTimbre(tone(220, seconds), RATE).vector[50]!) - 1e-3;
    const fast = attack(0.005);
    const slow = attack(0.2);
    expect(fast).toBeLessThan(0.01);
    // A linear ramp spends 80 % of its length between 10 % and 90 %.
    expect(slow).toBeGreaterThan(0.16 - 0.01);
    expect(slow).toBeLessThan(0.16 + 0.01);
  });

  it('measures a longer decay and a flatter tail for a longer ring', () => {
    const ring = (tau: number) => {
      const out = new Float32Array(RATE * 2);
      for (let i = 0; i < out.length; i++) out[i] = Math.exp(-i / RATE / tau) * Math.sin(i * 0.05);
      return measureTimbre(out, RATE).vector;
    };
    const short = ring(0.05);
    const long = ring(0.4);
    // -20 dB of an exponential with time constant τ is τ·ln 10 after the peak.
    expect(Math.exp(long[51]!) - 1e-3).toBeCloseTo(0.4 * Math.log(10), 1);
    expect(long[51]).toBeGreaterThan(short[51]!);
    expect(long[55]).toBeGreaterThan(short[55]!);
  });

  it('finds the register of a pitched tone, and none in noise', () => {
    const saw = new Float32Array(RATE);
    for (let i = 0; i < saw.length; i++) saw[i] = 2 * (((110 * i) / RATE) % 1) - 1;
    const pitched = measureTimbre(saw, RATE).vector;
    expect(pitched[46]).toBeCloseTo(Math.log2(110 / 55), 1);
    expect(pitched[47]).toBeLessThan(0.2);
    const noisy = measureTimbre(noiseThrough(8000, 2), RATE).vector;
    expect(noisy[46]).toBe(0);
    expect(noisy[47]).toBeGreaterThan(0.3);
    expect(noisy[49]).toBeLessThan(pitched[49]!);
  });

  it('gives silence a zero vector and no centroid', () => {
    const { centroidHz, vector } = measureTimbre(new Float32Array(RATE), RATE);
    expect(centroidHz).toBeNull();
    expect(vector.every((x) => x === 0)).toBe(true);
  });

  it('reads a five-minute file by runs of frames and keeps its padding zero', () => {
    const long = new Float32Array(RATE * 300);
    const random = seededRandom(3);
    for (let i = 0; i < long.length; i++)
      long[i] = 0.5 * Math.sin(i * 0.03) + 0.1 * (random() - 0.5);
    const { centroidHz, vector } = measureTimbre(long, RATE);
    expect(centroidHz).toBeGreaterThan(150);
    expect(vector.every((x) => Number.isFinite(x))).toBe(true);
    expect(vector.subarray(ASPECT_RANGES.envelope[1]).every((x) => x === 0)).toBe(true);
  });
});
