/**
 * The library rows being dragged, so a collection in the sidebar can take them when they are
 * dropped there. The row's own drag data (files for a DAW) is drag-out.ts's; this only notes
 * which files left the list, from the grid's bubbling dragstart.
 */
import { libraryFeed, useLibraryStore } from '../stores/library';

let dragged: number[] = [];

/** From the grid's dragstart: the selection when the dragged row is in it, else that row. */
export function noteRowDrag(target: EventTarget | null): void {
  const row = target instanceof Element ? target.closest('[role="row"][aria-rowindex]') : null;
  const index = Number(row?.getAttribute('aria-rowindex')) - 2;
  const { rows, selection } = useLibraryStore.getState();
  const id = rows.get(index)?.id;
  if (id === undefined) dragged = [];
  else dragged = selection.ids.has(id) ? libraryFeed.targets() : [id];
}

export function endRowDrag(): void {
  dragged = [];
}

/** The files being dragged from the list; none when the drag came from elsewhere. */
export function draggedRows(): number[] {
  return dragged;
}
