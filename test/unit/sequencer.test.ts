import { describe, expect, it } from 'vitest';
import type { MidiMessage } from '../../src/shared/midi/midi-message';
import { decodeMessage } from '../../src/shared/midi/midi-parser';
import { PULSES_PER_BAR } from '../../src/shared/midi/clock-pulses';
import {
  STEPS,
  defaultPattern,
  emptyPattern,
  patternSchema,
  type Pattern,
} from '../../src/shared/sequencer/pattern';
import { Sequencer, type SequencerEvent } from '../../src/shared/sequencer/sequencer';
import { seededRandom } from '../fixtures/seeded-random';

const prng = seededRandom;

interface Decoded {
  type: MidiMessage['type'];
  channel: number | null;
  note?: number;
  velocity?: number;
  controller?: number;
  pulse: number;
}

function decode(events: SequencerEvent[]): Decoded[] {
  return events.map(({ bytes, pulse }) => {
    const m = decodeMessage(bytes);
    if ('kind' in m) throw new Error(m.reason);
    return {
      type: m.type,
      channel: m.channel,
      note: 'note' in m ? m.note : undefined,
      velocity: 'velocity' in m ? m.velocity : undefined,
      controller: 'controller' in m ? m.controller : undefined,
      pulse,
    };
  });
}

/** Run pulses from..to-1 and return every event. */
function run(seq: Sequencer, from: number, to: number): Decoded[] {
  const out: Decoded[] = [];
  for (let p = from; p < to; p++) out.push(...decode(seq.pulse(p)));
  return out;
}

const ons = (events: Decoded[]) => events.filter((e) => e.type === 'note-on');
const key = (e: { channel: number | null; note?: number }) => `${e.channel}:${e.note}`;

/** Checks note-on/off balance, and returns what is still sounding at the end. */
function replay(events: Decoded[]): Set<string> {
  const sounding = new Set<string>();
  for (const e of events) {
    if (e.type === 'note-on') {
      if (sounding.has(key(e))) throw new Error(`double note-on ${key(e)} at ${e.pulse}`);
      sounding.add(key(e));
    } else if (e.type === 'note-off') {
      if (!sounding.has(key(e))) throw new Error(`stray note-off ${key(e)} at ${e.pulse}`);
      sounding.delete(key(e));
    }
  }
  return sounding;
}

function drumOnly(steps: number[], gatePulses = 3): Pattern {
  const p = emptyPattern('drum');
  const kick = p.drums[0]!;
  kick.steps = kick.steps.map((_, i) => steps.includes(i));
  kick.gatePulses = gatePulses;
  return p;
}

function bassOnly(steps: Record<number, [note: number, slide: boolean]>, gatePulses = 5): Pattern {
  const p = emptyPattern('bass');
  p.bass.gatePulses = gatePulses;
  p.bass.steps = p.bass.steps.map((s, i) => {
    const v = steps[i];
    return v ? { on: true, note: v[0], slide: v[1] } : s;
  });
  return p;
}

describe('pattern', () => {
  it('the default and empty patterns are valid', () => {
    expect(patternSchema.safeParse(defaultPattern()).success).toBe(true);
    expect(patternSchema.safeParse(emptyPattern('x')).success).toBe(true);
  });

  it('rejects wrong step counts, ranges and extra keys', () => {
    const bad1 = defaultPattern();
    bad1.drums[0]!.steps.pop();
    const bad2 = defaultPattern();
    bad2.bass.channel = 17;
    const bad3 = defaultPattern();
    bad3.drums[0]!.gatePulses = 0;
    const bad4 = { ...defaultPattern(), extra: 1 };
    const bad5 = defaultPattern();
    bad5.bass.steps[0]!.note = 128;
    for (const bad of [bad1, bad2, bad3, bad4, bad5]) {
      expect(patternSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('the default pattern is the documented beat', () => {
    const p = defaultPattern();
    const on = (i: number) => p.drums[i]!.steps.flatMap((s, n) => (s ? [n] : []));
    expect(p.drums.map((d) => [d.channel, d.note, d.gatePulses])).toEqual([
      [10, 36, 3],
      [10, 38, 3],
      [10, 42, 3],
      [10, 46, 3],
    ]);
    expect(on(0)).toEqual([0, 4, 8, 12]);
    expect(on(1)).toEqual([4, 12]);
    expect(on(3)).toEqual([14]);
    expect(p.bass.channel).toBe(2);
    expect(p.bass.gatePulses).toBe(5);
    expect(p.bass.steps).toHaveLength(STEPS);
  });
});

describe('Sequencer', () => {
  it('needs at least one valid pattern', () => {
    expect(() => new Sequencer([])).toThrow(RangeError);
    const bad = defaultPattern();
    bad.drums[0]!.velocity = 0;
    expect(() => new Sequencer([bad])).toThrow();
  });

  it('plays the default pattern over one bar: the right note-ons at the right pulses', () => {
    const seq = new Sequencer([defaultPattern()]);
    expect(seq.start()).toEqual([]);
    const events = run(seq, 0, PULSES_PER_BAR);
    const p = defaultPattern();
    const expected: { pulse: number; channel: number; note: number; velocity: number }[] = [];
    for (let step = 0; step < STEPS; step++) {
      for (const d of p.drums) {
        if (d.steps[step])
          expected.push({ pulse: step * 6, channel: 10, note: d.note, velocity: d.velocity });
      }
      const b = p.bass.steps[step]!;
      if (b.on) expected.push({ pulse: step * 6, channel: 2, note: b.note, velocity: 100 });
    }
    expect(
      ons(events).map(({ pulse, channel, note, velocity }) => ({ pulse, channel, note, velocity })),
    ).toEqual(expected);
    // Kick on steps 1, 5, 9, 13.
    expect(
      ons(events)
        .filter((e) => e.note === 36 && e.channel === 10)
        .map((e) => e.pulse),
    ).toEqual([0, 24, 48, 72]);
    // Every note is closed by the end of the bar except possibly the last gate still open.
    const open = replay(events);
    for (const k of open) expect(seq.sounding.map(key)).toContain(k);
    expect(seq.step).toBe(15);
  });

  it('drum gates: note-off exactly gatePulses after the note-on, offs before ons', () => {
    const seq = new Sequencer([drumOnly([0, 1], 3)]);
    seq.start();
    const events = run(seq, 0, 20);
    expect(events.map((e) => [e.type, e.pulse])).toEqual([
      ['note-on', 0],
      ['note-off', 3],
      ['note-on', 6],
      ['note-off', 9],
    ]);
  });

  it('a drum retriggered while still sounding gets its note-off first', () => {
    const seq = new Sequencer([drumOnly([0, 1], 10)]);
    seq.start();
    const events = run(seq, 0, 20);
    expect(events.map((e) => [e.type, e.pulse])).toEqual([
      ['note-on', 0],
      ['note-off', 6],
      ['note-on', 6],
      ['note-off', 16],
    ]);
  });

  it('muted tracks are silent', () => {
    const p = defaultPattern();
    for (const d of p.drums) d.mute = true;
    p.bass.mute = true;
    const seq = new Sequencer([p]);
    seq.start();
    expect(run(seq, 0, PULSES_PER_BAR * 2)).toEqual([]);
  });

  it('bass is monophonic: a long gate is cut by the next note, off first', () => {
    const seq = new Sequencer([bassOnly({ 0: [36, false], 1: [40, false] }, 20)]);
    seq.start();
    const events = run(seq, 0, 40);
    expect(events.map((e) => [e.type, e.note, e.pulse])).toEqual([
      ['note-on', 36, 0],
      ['note-off', 36, 6],
      ['note-on', 40, 6],
      ['note-off', 40, 26],
    ]);
  });

  it('bass slide: the next note-on comes before the previous note-off (legato)', () => {
    const seq = new Sequencer([bassOnly({ 0: [36, true], 1: [40, false] }, 3)]);
    seq.start();
    const events = run(seq, 0, 20);
    expect(events.map((e) => [e.type, e.note, e.pulse])).toEqual([
      ['note-on', 36, 0],
      ['note-on', 40, 6],
      ['note-off', 36, 6],
      ['note-off', 40, 9],
    ]);
  });

  it('bass slide into a rest closes at the next step; slide into the same note ties', () => {
    const rest = new Sequencer([bassOnly({ 0: [36, true] }, 3)]);
    rest.start();
    expect(run(rest, 0, 20).map((e) => [e.type, e.pulse])).toEqual([
      ['note-on', 0],
      ['note-off', 6],
    ]);
    const tie = new Sequencer([bassOnly({ 0: [36, true], 1: [36, false] }, 3)]);
    tie.start();
    expect(run(tie, 0, 20).map((e) => [e.type, e.pulse])).toEqual([
      ['note-on', 0],
      ['note-off', 9],
    ]);
  });

  it('the default pattern slide steps are legato', () => {
    const seq = new Sequencer([defaultPattern()]);
    seq.start();
    const bass = run(seq, 0, PULSES_PER_BAR).filter((e) => e.channel === 2);
    const at42 = bass.filter((e) => e.pulse === 42); // step 8 (index 7) follows a slide
    expect(at42.map((e) => [e.type, e.note])).toEqual([
      ['note-on', 41],
      ['note-off', 39],
    ]);
  });

  it('STOP: property test over seeded random stop points', () => {
    const rand = prng(42);
    const pattern = defaultPattern();
    pattern.drums[0]!.gatePulses = 96;
    pattern.bass.gatePulses = 40;
    const alt = drumOnly([0, 3, 7, 11], 17);
    alt.drums[1]!.channel = 5;
    alt.drums[1]!.steps = alt.drums[1]!.steps.map((_, i) => i % 3 === 0);
    for (let run_ = 0; run_ < 300; run_++) {
      const seq = new Sequencer([pattern, alt]);
      const all: Decoded[] = decode(seq.start());
      const stopAt = Math.floor(rand() * PULSES_PER_BAR * 4);
      let p = 0;
      while (p < stopAt) {
        if (rand() < 0.02) seq.queuePattern(rand() < 0.5 ? 0 : 1);
        all.push(...decode(seq.pulse(p)));
        // Random clock trouble now and then: a repeat, a gap, or a jump backwards.
        const r = rand();
        p =
          r < 0.03
            ? p
            : r < 0.06
              ? p + 2 + Math.floor(rand() * 10)
              : r < 0.08
                ? Math.floor(rand() * p)
                : p + 1;
      }
      const usedChannels = new Set(ons(all).map((e) => e.channel));
      expect([...replay(all)].sort()).toEqual(seq.sounding.map(key).sort());
      const stop = decode(seq.stop());
      all.push(...stop);
      expect(seq.sounding).toEqual([]);
      expect(seq.step).toBeNull();
      expect(replay(all).size).toBe(0);
      const cc123 = stop.filter((e) => e.type === 'control-change' && e.controller === 123);
      expect(new Set(cc123.map((e) => e.channel))).toEqual(usedChannels);
      // Note-offs come before the CCs.
      const firstCc = stop.findIndex((e) => e.type === 'control-change');
      expect(stop.slice(firstCc).every((e) => e.type === 'control-change')).toBe(true);
    }
  });

  it('stop sends CC 123 on every channel ever used, even if nothing sounds now', () => {
    const seq = new Sequencer([defaultPattern()]);
    seq.start();
    run(seq, 0, PULSES_PER_BAR);
    seq.stop();
    seq.start();
    const stop = decode(seq.stop());
    expect(stop.map((e) => [e.type, e.channel, e.controller])).toEqual([
      ['control-change', 2, 123],
      ['control-change', 10, 123],
    ]);
  });

  it('pulses while stopped do nothing', () => {
    const seq = new Sequencer([defaultPattern()]);
    expect(run(seq, 0, 10)).toEqual([]);
    seq.start();
    seq.pulse(0);
    seq.stop();
    expect(seq.pulse(1)).toEqual([]);
  });

  it('switches pattern exactly at the next bar line, closing the old gates correctly', () => {
    const a = drumOnly([15], 10); // a note whose gate crosses the bar line
    const b = bassOnly({ 0: [50, false] });
    const seq = new Sequencer([a, b]);
    seq.start();
    run(seq, 0, 10);
    seq.queuePattern(1);
    expect(seq.queued).toBe(1);
    const events = run(seq, 10, PULSES_PER_BAR);
    expect(seq.current).toBe(0);
    expect(ons(events).map((e) => [e.note, e.pulse])).toEqual([[36, 90]]);
    const bar = decode(seq.pulse(PULSES_PER_BAR));
    expect(seq.current).toBe(1);
    expect(seq.queued).toBeNull();
    expect(bar.map((e) => [e.type, e.note])).toEqual([['note-on', 50]]);
    const after = run(seq, PULSES_PER_BAR + 1, PULSES_PER_BAR + 10);
    // The old pattern's kick closes 10 pulses after it started, at 100.
    expect(after.filter((e) => e.note === 36).map((e) => [e.type, e.pulse])).toEqual([
      ['note-off', 100],
    ]);
    expect(seq.sounding).toEqual([]);
  });

  it('a queued pattern waits for a bar line after CONTINUE mid-bar', () => {
    const seq = new Sequencer([drumOnly([0]), bassOnly({ 0: [50, false] })]);
    seq.queuePattern(1);
    seq.continue(30);
    run(seq, 30, PULSES_PER_BAR);
    expect(seq.current).toBe(0);
    seq.pulse(PULSES_PER_BAR);
    expect(seq.current).toBe(1);
  });

  it('edits apply from the next step', () => {
    const seq = new Sequencer([emptyPattern('e')]);
    seq.start();
    expect(run(seq, 0, 6)).toEqual([]);
    seq.setPatterns([drumOnly([1, 2])]);
    expect(ons(run(seq, 6, 18)).map((e) => e.pulse)).toEqual([6, 12]);
  });

  it('is tempo independent: events depend on pulses only, gates never hang', () => {
    // Two runs of the same pulses: one steady, one with its wall-clock spacing varying wildly.
    // The sequencer takes no time input, so both must give the same events.
    const steady = new Sequencer([defaultPattern()]);
    steady.start();
    const a = run(steady, 0, PULSES_PER_BAR * 2);
    const wobbly = new Sequencer([defaultPattern()]);
    wobbly.start();
    const b: Decoded[] = [];
    const rand = prng(7);
    let fakeTime = 0;
    for (let p = 0; p < PULSES_PER_BAR * 2; p++) {
      fakeTime += p < PULSES_PER_BAR ? 20.8 : 5 + rand() * 100; // 120 bpm, then anything
      b.push(...decode(wobbly.pulse(p)));
    }
    expect(fakeTime).toBeGreaterThan(0);
    expect(b).toEqual(a);
    // Every gate opened in the first bar is closed by the time the second ends, apart from the
    // last step's, which are still within their gate.
    const open = replay(a);
    expect([...open].sort()).toEqual(steady.sounding.map(key).sort());
    for (const e of ons(a)) {
      const off = a.find((x) => x.type === 'note-off' && key(x) === key(e) && x.pulse > e.pulse);
      if (off) expect(off.pulse - e.pulse).toBeLessThanOrEqual(6);
    }
  });

  it('continue resumes from a song position', () => {
    const seq = new Sequencer([defaultPattern()]);
    seq.start();
    run(seq, 0, 26); // kick at 24 still sounding
    expect(seq.sounding.length).toBeGreaterThan(0);
    const stop = decode(seq.stop());
    expect(stop.some((e) => e.type === 'note-off')).toBe(true);
    expect(seq.continue(48)).toEqual([]);
    const events = run(seq, 48, 49);
    expect(seq.step).toBe(8);
    // Step 9: kick and closed hat (the bass is silent there).
    expect(ons(events).map((e) => [e.channel, e.note])).toEqual([
      [10, 36],
      [10, 42],
    ]);
    // A position in the middle of a step plays nothing until the next step.
    const mid = new Sequencer([defaultPattern()]);
    mid.continue(49);
    expect(ons(run(mid, 49, 60))).toEqual([]); // step 10 (pulse 54) is empty
    expect(ons(run(mid, 60, 61)).map((e) => e.note)).toEqual([42, 36]); // step 11: hat, bass
  });

  it('CONTINUE and START while notes sound close them first', () => {
    const seq = new Sequencer([drumOnly([0], 50)]);
    seq.start();
    run(seq, 0, 5);
    const events = decode(seq.continue(96));
    expect(events.map((e) => [e.type, e.note])).toEqual([['note-off', 36]]);
    expect(seq.sounding).toEqual([]);
    run(seq, 96, 98);
    expect(decode(seq.start()).map((e) => e.type)).toEqual(['note-off']);
  });

  it('repeats are ignored, jumps backwards relocate, gaps close due gates', () => {
    const seq = new Sequencer([drumOnly([0, 4], 10)]);
    seq.start();
    expect(ons(decode(seq.pulse(0)))).toHaveLength(1);
    expect(seq.pulse(0)).toEqual([]);
    // Gap to 12: the gate (off at 10) closes at 12.
    expect(decode(seq.pulse(12)).map((e) => [e.type, e.pulse])).toEqual([['note-off', 12]]);
    seq.pulse(24); // kick on step 5
    expect(seq.sounding).toHaveLength(1);
    // Jump back to 0: the sounding kick closes first, then the step plays.
    expect(decode(seq.pulse(0)).map((e) => e.type)).toEqual(['note-off', 'note-on']);
  });

  it('never throws on odd pulse values', () => {
    const seq = new Sequencer([defaultPattern()]);
    seq.start();
    for (const p of [NaN, -1, 1.5, Infinity, Number.MAX_SAFE_INTEGER, 0, 5, 3, 1e9]) {
      expect(() => seq.pulse(p)).not.toThrow();
    }
    expect(() => seq.continue(NaN)).not.toThrow();
    expect(() => seq.continue(-5)).not.toThrow();
  });

  it('queuePattern checks its index; queueing the current pattern cancels', () => {
    const seq = new Sequencer([defaultPattern(), emptyPattern('b')]);
    expect(() => seq.queuePattern(2)).toThrow(RangeError);
    seq.queuePattern(1);
    seq.queuePattern(0);
    expect(seq.queued).toBeNull();
    seq.queuePattern(1);
    seq.setPatterns([defaultPattern()]);
    expect(seq.queued).toBeNull();
  });
});
