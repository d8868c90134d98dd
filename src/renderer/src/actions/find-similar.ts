/**
 * Find similar: the list becomes the files most like one file (the library query's `similar`,
 * sorted by similarity, the file itself first) until the user leaves it, when the sort from
 * before comes back. The toolbar's button, the row menu and Ctrl/Cmd+Shift+S all come here.
 */
import { DEFAULT_ASPECTS, type AspectWeights, type LibraryRow } from '../../../shared/contract';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { notify } from '../stores/notices';

/** The file find similar starts from: the focused row, else the first selected one loaded. */
export function similarSource(): LibraryRow | null {
  const { rows, selectedIndex } = useLibraryStore.getState();
  const focused = rows.get(selectedIndex);
  if (focused) return focused;
  return libraryFeed.rowsOf(libraryFeed.targets())[0] ?? null;
}

/** Lists the files most like `row` (by default the focused one); false when there is none. */
export function findSimilar(row: LibraryRow | null = similarSource()): boolean {
  if (!row) {
    notify('Select a file to find files like it', 'info');
    return false;
  }
  const { query } = useLibraryStore.getState();
  libraryFeed.setQuery({
    similar: {
      path: row.path,
      name: row.name,
      // Weights the user set last time still apply to the next file.
      weights: query.similar?.weights ?? DEFAULT_ASPECTS,
      before: query.similar?.before ?? { sort: query.sort, descending: query.descending },
    },
    sort: 'similarity',
    descending: false,
  });
  return true;
}

/** Runs the same search with other weights. */
export function setSimilarWeights(weights: AspectWeights): void {
  const { similar } = useLibraryStore.getState().query;
  if (similar) libraryFeed.setQuery({ similar: { ...similar, weights } });
}

/** Back to the whole list, in the order it had before. */
export function leaveSimilar(): void {
  const { similar, sort } = useLibraryStore.getState().query;
  if (!similar) return;
  libraryFeed.setQuery({
    similar: null,
    // A sort the user chose while in "similar" stays.
    ...(sort === 'similarity' ? similar.before : {}),
  });
}
