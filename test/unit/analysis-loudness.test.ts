import { describe, expect, it } from 'vitest';
import { loudnessSeries, measureLoudness } from '../../src/main/analysis/loudness';
import {
  sineParts,
  tech3341Integrated,
  tech3341TruePeak,
  tech3342,
} from '../fixtures/ebu-loudness-signals';
import { fileAnalysis } from '../fixtures/file-analysis';

// 69,313 Hz: an odd rate, where a filter designed only for 48 kHz (or a 100 ms that is not
// (fs + 5) / 10 frames) shows.
const RATES = [44_100, 48_000, 69_313];

describe.each(RATES)('EBU Tech 3341 / 3342 at %i Hz', (rate) => {
  it('integrated loudness, cases 1-6 (stereo and 5.0), within 0.1 LU', () => {
    for (const { name, signal, lufs } of tech3341Integrated(rate)) {
      const measured = measureLoudness(signal).lufs;
      expect(Math.abs(measured! - lufs), `${name}: ${measured}`).toBeLessThanOrEqual(0.1);
    }
  });

  it('loudness range, Tech 3342 cases 1-4, within 0.1 LU', () => {
    for (const { name, signal, lra } of tech3342(rate)) {
      const measured = measureLoudness(signal).lra;
      expect(Math.abs(measured! - lra), `${name}: ${measured}`).toBeLessThanOrEqual(0.1);
    }
  });

  it('true peak, cases 15-19, within +0.2 / -0.4 dB', () => {
    for (const { name, signal, dbtp } of tech3341TruePeak(rate)) {
      const measured = measureLoudness(signal).truePeakDb!;
      expect(measured - dbtp, `${name}: ${measured}`).toBeLessThanOrEqual(0.2);
      expect(measured - dbtp, `${name}: ${measured}`).toBeGreaterThanOrEqual(-0.4);
    }
  });

  it('short-term loudness, case 9: S = -23 once a whole 3 s cycle is in the window', () => {
    const cycle = [
      { seconds: 1.34, db: -20 },
      { seconds: 1.66, db: -30 },
    ];
    const signal = sineParts([...cycle, ...cycle, ...cycle, ...cycle, ...cycle], rate);
    const series = loudnessSeries(signal, 3);
    expect(series.length).toBeGreaterThan(100);
    for (const s of series) expect(Math.abs(s + 23)).toBeLessThanOrEqual(0.1);
  });

  it('max short-term loudness, cases 10 and 11: 3 s bursts at any offset and level', () => {
    for (let i = 0; i < 20; i++) {
      const burst = (db: number) =>
        sineParts(
          [
            { seconds: 0.5 + 0.15 * i, db: null },
            { seconds: 3, db },
            { seconds: 1, db: null },
          ],
          rate,
        );
      expect(
        Math.abs(Math.max(...loudnessSeries(burst(-23), 3)) + 23),
        `10/${i}`,
      ).toBeLessThanOrEqual(0.1);
      const level = -38 + i;
      const max11 = Math.max(
        ...loudnessSeries(
          sineParts(
            [
              { seconds: 3, db: level },
              { seconds: 1, db: null },
            ],
            rate,
          ),
          3,
        ),
      );
      expect(Math.abs(max11 - level), `11/${i}`).toBeLessThanOrEqual(0.1);
    }
  });

  it('momentary loudness, case 12: M = -23 after the first two cycles', () => {
    const parts = Array.from({ length: 25 }, () => [
      { seconds: 0.18, db: -20 },
      { seconds: 0.22, db: -30 },
    ]).flat();
    const series = loudnessSeries(sineParts(parts, rate), 0.4);
    // Windows start every 100 ms; from 0.8 s on each holds whole 0.4 s cycles only at
    // multiples of 0.4 s, but any 0.4 s window holds one full cycle's energy.
    for (const m of series.slice(8)) expect(Math.abs(m + 23)).toBeLessThanOrEqual(0.1);
  });

  it('max momentary loudness, cases 13 and 14: 0.4 s bursts at any offset and level', () => {
    for (let i = 0; i < 20; i++) {
      const offset = 0.3 + 0.02 * i;
      const burst = (db: number) =>
        sineParts(
          [
            { seconds: offset, db: null },
            { seconds: 0.4, db },
            { seconds: 0.5, db: null },
          ],
          rate,
        );
      const m13 = measureLoudness(burst(-23)).mmax!;
      expect(Math.abs(m13 + 23), `13/${i}: ${m13}`).toBeLessThanOrEqual(0.1);
      const level = -38 + i;
      const m14 = measureLoudness(burst(level)).mmax!;
      expect(Math.abs(m14 - level), `14/${i}: ${m14}`).toBeLessThanOrEqual(0.1);
    }
  });
});

describe('measureLoudness on short files, silence and levels', () => {
  const rate = 44_100;

  it('a 250 ms one-shot has no integrated loudness or range, but a max momentary over a padded 400 ms', () => {
    const shot = measureLoudness(sineParts([{ seconds: 0.25, db: -23 }], rate));
    expect(shot.lufs).toBeNull();
    expect(shot.lra).toBeNull();
    // 0.25 s of a -23 LUFS tone averaged over 0.4 s: -23 + 10·log10(0.25 / 0.4) = -25.04.
    expect(shot.mmax!).toBeCloseTo(-23 + 10 * Math.log10(0.25 / 0.4), 1);
    expect(shot.samplePeakDb!).toBeCloseTo(-23, 2);
  });

  it('a 2 s file has integrated loudness but no loudness range (no 3 s window)', () => {
    const file = measureLoudness(sineParts([{ seconds: 2, db: -20 }], rate));
    expect(Math.abs(file.lufs! + 20)).toBeLessThanOrEqual(0.1);
    expect(file.lra).toBeNull();
    expect(Math.abs(file.mmax! + 20)).toBeLessThanOrEqual(0.1);
  });

  it('silence has no levels, and is all lead', () => {
    const silence = measureLoudness(sineParts([{ seconds: 5, db: null }], rate));
    expect(fileAnalysis(silence)).toEqual(fileAnalysis({ leadSec: 5, tailSec: 0 }));
    const empty = measureLoudness({ planes: [new Float32Array(0)], sampleRate: rate });
    expect(empty.lufs).toBeNull();
    expect(empty.mmax).toBeNull();
  });

  it('the RMS of a full-scale sine is -3.01 dBFS (no AES17 +3 dB)', () => {
    const sine = measureLoudness(sineParts([{ seconds: 1, db: 0 }], rate));
    expect(sine.rmsDb!).toBeCloseTo(-3.0103, 3);
    expect(sine.samplePeakDb!).toBeCloseTo(0, 3);
  });

  it('mono counts once: a mono -23 dBFS tone reads -26 LUFS', () => {
    const mono = measureLoudness(sineParts([{ seconds: 10, db: -23 }], rate, 1));
    expect(Math.abs(mono.lufs! + 26)).toBeLessThanOrEqual(0.1);
  });

  it('the LFE of 5.1 is not counted: a 6-channel file with a loud 4th channel reads as 5.0', () => {
    const quiet = sineParts([{ seconds: 5, db: -30 }], rate, 6);
    const withLfe = {
      ...quiet,
      planes: quiet.planes.map((p, c) => (c === 3 ? p.map((v) => v * 30) : p)),
    };
    expect(measureLoudness(withLfe).lufs).toBeCloseTo(measureLoudness(quiet).lufs!, 6);
  });

  it('finds the silence before and after the sound to 10 ms', () => {
    const framed = sineParts(
      [
        { seconds: 0.5, db: null },
        { seconds: 1, db: -12 },
        { seconds: 0.25, db: -80 }, // under peak - 50 dB: counts as silence
      ],
      rate,
    );
    const { leadSec, tailSec } = measureLoudness(framed);
    expect(Math.abs(leadSec - 0.5)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(tailSec - 0.25)).toBeLessThanOrEqual(0.01);
  });

  it('names a NaN or infinite sample instead of measuring it', () => {
    const broken = sineParts([{ seconds: 1, db: -6 }], rate);
    broken.planes[1]![1234] = Number.NaN;
    expect(() => measureLoudness(broken)).toThrow(
      'sample 1234 of channel 2 is NaN, not a finite number',
    );
    broken.planes[1]![1234] = 0;
    broken.planes[0]![99] = Number.POSITIVE_INFINITY;
    expect(() => measureLoudness(broken)).toThrow('sample 99 of channel 1 is Infinity');
  });
});
