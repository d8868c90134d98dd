/** The list's multi-selection (src/renderer/src/stores/selection.ts): pure, by row index and file id. */
import { describe, expect, test } from 'vitest';
import {
  actionTargets,
  applyGesture,
  clickGesture,
  EMPTY_SELECTION,
  rowsNeeded,
  type Gesture,
  type Selection,
} from '../../src/renderer/src/stores/selection';

// Row i of the result holds file 100 + i; rows 50 and up are not loaded.
const idAt = (i: number) => (i >= 0 && i < 50 ? 100 + i : undefined);
const run = (gestures: Gesture[], from: Selection = EMPTY_SELECTION) =>
  gestures.reduce((s, g) => applyGesture(s, g, idAt), from);
const ids = (s: Selection) => [...s.ids].sort((a, b) => a - b);

describe('selection gestures', () => {
  test('a click selects that row alone and sets the anchor', () => {
    const s = run([
      { kind: 'only', index: 3 },
      { kind: 'only', index: 7 },
    ]);
    expect(ids(s)).toEqual([107]);
    expect(s.anchor).toBe(7);
  });

  test('Shift+click selects from the anchor, either way, and replaces the rest', () => {
    const down = run([
      { kind: 'only', index: 2 },
      { kind: 'range', index: 5 },
    ]);
    expect(ids(down)).toEqual([102, 103, 104, 105]);
    // Shift again from the same anchor: the range shrinks and goes upwards.
    const up = run([{ kind: 'range', index: 0 }], down);
    expect(ids(up)).toEqual([100, 101, 102]);
    expect(up.anchor).toBe(2);
  });

  test('Ctrl/Cmd+click toggles one row and keeps the others; Ctrl+Shift adds a range', () => {
    const s = run([
      { kind: 'only', index: 1 },
      { kind: 'toggle', index: 4 },
      { kind: 'toggle', index: 1 },
      { kind: 'add-range', index: 8 },
    ]);
    // 1 toggled off; the anchor moved to 1 with it, so 1..8 joins 4.
    expect(ids(s)).toEqual([101, 102, 103, 104, 105, 106, 107, 108]);
    const t = run([
      { kind: 'only', index: 10 },
      { kind: 'toggle', index: 20 },
      { kind: 'add-range', index: 22 },
    ]);
    expect(ids(t)).toEqual([110, 120, 121, 122]);
  });

  test('Shift with no anchor starts one where it lands', () => {
    const s = run([{ kind: 'range', index: 6 }]);
    expect(ids(s)).toEqual([106]);
    expect(s.anchor).toBe(6);
  });

  test('select all spans every row; rows whose id is not known are left out, never guessed', () => {
    expect(rowsNeeded(EMPTY_SELECTION, { kind: 'all', total: 60 })).toEqual([0, 59]);
    const s = run([{ kind: 'all', total: 60 }]);
    expect(s.ids.size).toBe(50);
    expect(run([{ kind: 'only', index: 55 }]).ids.size).toBe(0);
  });

  test('the rows a gesture needs loaded first', () => {
    const anchored = run([{ kind: 'only', index: 30 }]);
    expect(rowsNeeded(anchored, { kind: 'range', index: 10 })).toEqual([10, 30]);
    expect(rowsNeeded(anchored, { kind: 'toggle', index: 99 })).toEqual([99, 99]);
  });

  test('the modifier keys of a click', () => {
    const keys = (shiftKey: boolean, ctrlKey: boolean, metaKey = false) => ({
      shiftKey,
      ctrlKey,
      metaKey,
    });
    expect(clickGesture(4, keys(false, false)).kind).toBe('only');
    expect(clickGesture(4, keys(true, false)).kind).toBe('range');
    expect(clickGesture(4, keys(false, true)).kind).toBe('toggle');
    expect(clickGesture(4, keys(false, false, true)).kind).toBe('toggle');
    expect(clickGesture(4, keys(true, false, true)).kind).toBe('add-range');
  });

  test('actions act on the selection, else on the focused row', () => {
    const s = run([
      { kind: 'only', index: 1 },
      { kind: 'toggle', index: 3 },
    ]);
    expect(actionTargets(s, 103).sort()).toEqual([101, 103]);
    // The focus moved off the selection (Ctrl+click took its row out): still the selection.
    expect(actionTargets(s, 109).sort()).toEqual([101, 103]);
    expect(actionTargets(EMPTY_SELECTION, 109)).toEqual([109]);
    expect(actionTargets(EMPTY_SELECTION, null)).toEqual([]);
  });
});
