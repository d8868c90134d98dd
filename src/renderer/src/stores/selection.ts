/**
 * The list's multi-selection as pure logic: which files are selected (by id, so a selection
 * survives a sort or a rescan) and the anchor a Shift gesture extends from (a row index of the
 * current result). The focused row, the one arrows move and Enter plays, is the library store's
 * `selectedIndex`: it is not part of this.
 */

export interface Selection {
  ids: ReadonlySet<number>;
  /** The row index Shift+click and Shift+arrows extend from; -1 for none. */
  anchor: number;
}

export const EMPTY_SELECTION: Selection = Object.freeze({
  ids: new Set<number>(),
  anchor: -1,
}) as Selection;

/** What the user did to the list, with the row index it was done on. */
export type Gesture =
  /** A plain click or arrow: that row alone. */
  | { kind: 'only'; index: number }
  /** Ctrl/Cmd+click: that row in or out, the rest kept. */
  | { kind: 'toggle'; index: number }
  /** Shift+click, Shift+arrows: the rows from the anchor to `index`, in place of the rest. */
  | { kind: 'range'; index: number }
  /** Ctrl/Cmd+Shift+click: the rows from the anchor to `index`, added to the rest. */
  | { kind: 'add-range'; index: number }
  /** Ctrl/Cmd+A: every row of the result. */
  | { kind: 'all'; total: number };

/** The rows (inclusive) a gesture needs the ids of, so the caller can load them first. */
export function rowsNeeded(selection: Selection, gesture: Gesture): [number, number] {
  switch (gesture.kind) {
    case 'only':
    case 'toggle':
      return [gesture.index, gesture.index];
    case 'range':
    case 'add-range': {
      const anchor = selection.anchor < 0 ? gesture.index : selection.anchor;
      return [Math.min(anchor, gesture.index), Math.max(anchor, gesture.index)];
    }
    case 'all':
      return [0, gesture.total - 1];
  }
}

/**
 * The selection after a gesture. `idAt` gives the file id at a row index (undefined where the
 * row is not known: that row is left out rather than guessed).
 */
export function applyGesture(
  selection: Selection,
  gesture: Gesture,
  idAt: (index: number) => number | undefined,
): Selection {
  const idsIn = ([from, to]: [number, number]) => {
    const ids: number[] = [];
    for (let i = from; i <= to; i++) {
      const id = idAt(i);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  };
  switch (gesture.kind) {
    case 'only': {
      const id = idAt(gesture.index);
      return { ids: new Set(id === undefined ? [] : [id]), anchor: gesture.index };
    }
    case 'toggle': {
      const id = idAt(gesture.index);
      const ids = new Set(selection.ids);
      if (id !== undefined) {
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
      }
      return { ids, anchor: gesture.index };
    }
    case 'range':
    case 'add-range': {
      const range = idsIn(rowsNeeded(selection, gesture));
      const ids = gesture.kind === 'range' ? new Set(range) : new Set([...selection.ids, ...range]);
      // The anchor stays put: the next Shift gesture extends from the same row.
      return { ids, anchor: selection.anchor < 0 ? gesture.index : selection.anchor };
    }
    case 'all':
      return {
        ids: new Set(idsIn(rowsNeeded(selection, gesture))),
        anchor: selection.anchor < 0 ? 0 : selection.anchor,
      };
  }
}

/** Which gesture a click with these modifier keys is (Cmd on a Mac, Ctrl elsewhere). */
export function clickGesture(
  index: number,
  keys: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean },
): Gesture {
  const toggle = keys.ctrlKey || keys.metaKey;
  if (keys.shiftKey) return { kind: toggle ? 'add-range' : 'range', index };
  return { kind: toggle ? 'toggle' : 'only', index };
}

/** The files an action (rate, tag, remove ...) acts on: the selection, else the focused row. */
export function actionTargets(selection: Selection, focusedId: number | null): number[] {
  if (selection.ids.size > 0) return [...selection.ids];
  return focusedId === null ? [] : [focusedId];
}
