import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { measureRhythm } from '../../src/main/analysis/rhythm';
import { renderLoop } from '../fixtures/synth-loops';
import { renderOneShot } from '../fixtures/synth-tonal';

const RATE = 44_100;
const plain = {
  tempo: null,
  tempoSource: null,
  beats: null,
  name: 'sample.wav',
  leadSec: 0,
  tailSec: 0,
};

describe('measureRhythm', () => {
  it.each([
    { bpm: 120, bars: 2, pattern: 'four' as const, swing: 0 },
    { bpm: 93.5, bars: 4, pattern: 'break' as const, swing: 0.16 },
    { bpm: 87.37, bars: 2, pattern: 'shuffle' as const, swing: 0.08 },
    { bpm: 104, bars: 1, pattern: 'dembow' as const, swing: 0 },
  ])('hears a drum loop at $bpm BPM ($pattern, $bars bars) within 0.5 BPM, and its length', (o) => {
    const loop = renderLoop({ seed: Math.round(o.bpm * 100), ...o });
    const r = measureRhythm(loop.samples, RATE, plain);
    expect(r.kind).toBe('loop');
    expect(Math.abs(r.bpm! - o.bpm)).toBeLessThanOrEqual(0.5);
    expect(r.beats).toBe(o.bars * 4);
  });

  it('finds the tempo past leading silence and through a decay tail (no duration snap)', () => {
    const lead = renderLoop({ seed: 5, bpm: 110.25, bars: 4, pattern: 'four', leadSec: 0.2 });
    const r = measureRhythm(lead.samples, RATE, plain);
    expect(Math.abs(r.bpm! - 110.25)).toBeLessThanOrEqual(0.5);
    const tail = renderLoop({ seed: 6, bpm: 96.4, bars: 4, pattern: 'break', tailSec: 1.5 });
    const t = measureRhythm(tail.samples, RATE, plain);
    expect(t.kind).toBe('loop');
    expect(Math.abs(t.bpm! - 96.4)).toBeLessThanOrEqual(0.5);
  });

  // The tempo the loop is written at, not its half: the comb alone favours the slower reading.
  it.each([
    { bpm: 131.4, bars: 2, pattern: 'four' as const, swing: 0 },
    { bpm: 138.2, bars: 4, pattern: 'trap' as const, swing: 0 },
    { bpm: 146.75, bars: 2, pattern: 'break' as const, swing: 0.08 },
    { bpm: 155, bars: 1, pattern: 'twostep' as const, swing: 0 },
    { bpm: 163.6, bars: 4, pattern: 'dembow' as const, swing: 0.16 },
    { bpm: 170.2, bars: 2, pattern: 'shuffle' as const, swing: 0.08 },
    { bpm: 178.9, bars: 2, pattern: 'half' as const, swing: 0 },
  ])('hears a fast loop at its written $bpm BPM, not half ($pattern, $bars bars)', (o) => {
    const loop = renderLoop({ seed: Math.round(o.bpm * 10), ...o });
    const r = measureRhythm(loop.samples, RATE, plain);
    expect(r.kind).toBe('loop');
    expect(Math.abs(r.bpm! - o.bpm)).toBeLessThanOrEqual(0.5);
  });

  it('hears one-bar loops with a decay tail as loops, nearly all within 1 BPM, most within 0.5', () => {
    // Four beats and a fade: no length snap applies, the precision is the grid fit's alone.
    const errors: number[] = [];
    for (let seed = 21; seed <= 28; seed++)
      for (const pattern of ['dembow', 'four', 'break'] as const) {
        const loop = renderLoop({ seed, bpm: 142.2, bars: 1, pattern, tailSec: 1.4 });
        const r = measureRhythm(loop.samples, RATE, plain);
        errors.push(r.kind === 'loop' && r.bpm !== null ? Math.abs(r.bpm - 142.2) : Infinity);
      }
    expect(errors.filter((e) => e <= 1).length).toBeGreaterThanOrEqual(21);
    expect(errors.filter((e) => e <= 0.5).length).toBeGreaterThanOrEqual(17);
  });

  it('reports a fast loop at its tempo, and the name’s tempo settles half or double', () => {
    const loop = renderLoop({ seed: 9, bpm: 172, bars: 4, pattern: 'twostep' });
    const r = measureRhythm(loop.samples, RATE, plain);
    expect(Math.abs(r.bpm! - 172)).toBeLessThanOrEqual(0.5);
    const half = measureRhythm(loop.samples, RATE, {
      ...plain,
      tempo: 86,
      tempoSource: 'filename',
    });
    expect(Math.abs(half.bpm! - 86)).toBeLessThanOrEqual(0.25);
    const named = measureRhythm(loop.samples, RATE, {
      ...plain,
      tempo: 172,
      tempoSource: 'filename',
    });
    expect(Math.abs(named.bpm! - 172)).toBeLessThanOrEqual(0.5);
  });

  it('hears evenly struck chords, one a beat, at their tempo: no backbeat to halve it', () => {
    // The e2e's chord loop: C, Am, F, G plucked by sox at 120 BPM, twice, read as raw floats.
    const floats = ['-r', '48000', '-c', '1', '-t', 'raw', '-e', 'floating-point', '-b', '32'];
    const chord = (notes: string[]) => [
      'synth',
      '0.5',
      ...notes.flatMap((n) => ['pluck', n]),
      'remix',
      '-',
      'vol',
      '0.6',
    ];
    const chords = [
      ['C3', 'E3', 'G3'],
      ['A2', 'C3', 'E3'],
      ['F2', 'A2', 'C3'],
      ['G2', 'B2', 'D3'],
    ];
    const parts = [...chords, ...chords].map((notes) => {
      const raw = execFileSync('sox', ['-R', '-n', ...floats, '-', ...chord(notes)]);
      return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    });
    const loop = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (loop.set(p, at), at + p.length), 0);
    const r = measureRhythm(loop, 48_000, { ...plain, name: 'chords loop.wav' });
    expect(Math.abs(r.bpm! - 120)).toBeLessThanOrEqual(0.5);
  });

  it('calls a decaying note and a short hit one-shots, with no tempo', () => {
    const pluck = measureRhythm(renderOneShot(57, 'pluck', 1, RATE, 2), RATE, plain);
    expect(pluck).toEqual({ kind: 'oneshot', beats: null, bpm: null, bpmAlt: null });
    const short = measureRhythm(renderOneShot(40, 'saw', 2, RATE, 0.4), RATE, plain);
    expect(short.kind).toBe('oneshot');
  });

  it('takes "loop" in the name or a tag tempo as a loop, and silence as nothing', () => {
    const pad = renderOneShot(57, 'organ', 3, RATE, 2);
    expect(measureRhythm(pad, RATE, { ...plain, name: 'pad loop.wav' }).kind).toBe('loop');
    expect(measureRhythm(new Float32Array(RATE), RATE, plain).kind).toBeNull();
  });
});
