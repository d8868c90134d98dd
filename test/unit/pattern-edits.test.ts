import { describe, expect, it } from 'vitest';
import { defaultPattern, emptyPattern } from '../../src/shared/sequencer/pattern';
import {
  applyPatternEdit,
  patternEditSchema,
  PatternEditError,
} from '../../src/shared/sequencer/pattern-edit';
import { Sequencer } from '../../src/shared/sequencer/sequencer';

const named = (...names: string[]) => names.map((n) => emptyPattern(n));

describe('renaming and deleting patterns', () => {
  it('renames one pattern and leaves the others the same objects', () => {
    const patterns = named('A', 'B');
    const out = applyPatternEdit(patterns, { type: 'rename-pattern', pattern: 1, name: 'Verse' });
    expect(out.map((p) => p.name)).toEqual(['A', 'Verse']);
    expect(out[0]).toBe(patterns[0]);
    expect(out[1]!.drums).toEqual(patterns[1]!.drums);
  });

  it('refuses an empty name with a reason, and trims the one it takes', () => {
    const empty = patternEditSchema.safeParse({ type: 'rename-pattern', pattern: 0, name: '  ' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe('a pattern needs a name');
    const spaced = patternEditSchema.parse({ type: 'rename-pattern', pattern: 0, name: ' Fill ' });
    expect(spaced).toMatchObject({ name: 'Fill' });
  });

  it('deletes a pattern; the last one stays, with a reason', () => {
    expect(
      applyPatternEdit(named('A', 'B', 'C'), { type: 'delete-pattern', pattern: 1 }).map(
        (p) => p.name,
      ),
    ).toEqual(['A', 'C']);
    expect(() => applyPatternEdit(named('A'), { type: 'delete-pattern', pattern: 0 })).toThrow(
      new PatternEditError('pattern 1 (A) is the only one: it stays'),
    );
  });

  it('a pattern added after a delete takes a letter no pattern has', () => {
    const left = applyPatternEdit(named('A', 'B', 'C'), { type: 'delete-pattern', pattern: 1 });
    const added = applyPatternEdit(left, { type: 'add-pattern', copyOf: 0 });
    expect(added.map((p) => p.name)).toEqual(['A', 'C', 'B']);
  });

  it('the playing and queued patterns follow a delete before them; a deleted queued one is dropped', () => {
    const patterns = [defaultPattern(), ...named('B', 'C', 'D')];
    const seq = new Sequencer(patterns);
    seq.queuePattern(2);
    seq.setPatterns(applyPatternEdit(patterns, { type: 'delete-pattern', pattern: 1 }), 1);
    // C moved from 3rd to 2nd and is still the one queued.
    expect(seq.queued).toBe(1);
    seq.setPatterns(named('A', 'C', 'D'));
    seq.queuePattern(2);
    seq.setPatterns(named('A', 'C'), 2);
    expect(seq.queued).toBeNull();
    expect(seq.current).toBe(0);
  });
});
