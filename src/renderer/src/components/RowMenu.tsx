import { markColors, type LibraryRow } from '../../../shared/contract';
import { findSimilar } from '../actions/find-similar';
import { copyPaths, forgetFiles, marksActions, revealFile } from '../actions/marks-actions';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { useMarksStore } from '../stores/marks';
import { playerActions } from '../stores/player';
import { ContextMenu, type MenuItem } from './ContextMenu';

/** What the row menu asks its owner to open (dialogs live outside the menu, which closes). */
export type RowMenuRequest =
  { kind: 'tags'; ids: number[] } | { kind: 'new-collection'; ids: number[] };

const stars = (n: number) => (n === 0 ? 'No rating' : '★'.repeat(n) + '☆'.repeat(5 - n));

/** The menu of the selected rows (right click, Shift+F10, the menu key). */
export function RowMenu(props: {
  x: number;
  y: number;
  onClose: () => void;
  onRequest: (request: RowMenuRequest) => void;
}) {
  const collections = useMarksStore((s) => s.state?.collections ?? []);
  // A right click on a row outside the selection selects it after the menu first draws: the
  // menu follows the selection, or its items would act on the rows selected before.
  useLibraryStore((s) => s.selection);
  useLibraryStore((s) => s.selectedId);
  const ids = libraryFeed.targets();
  const rows = libraryFeed.rowsOf(ids);
  const first: LibraryRow | undefined = rows[0];
  const many = ids.length > 1;
  const allFav = rows.length > 0 && rows.every((r) => r.marks.fav);
  const same = <T,>(get: (r: LibraryRow) => T): T | undefined =>
    rows.length > 0 && rows.every((r) => get(r) === get(rows[0]!)) ? get(rows[0]!) : undefined;
  const rating = same((r) => r.marks.rating);
  const color = same((r) => r.marks.color);

  const items: MenuItem[] = [
    {
      label: 'Play',
      disabled: !(first?.status === 'ok' && first.playable),
      run: () => first && void playerActions.play(first.id),
    },
    {
      label: 'Find similar',
      disabled: !(first?.status === 'ok'),
      run: () => first && findSimilar(first),
    },
    {
      label: 'Show in file manager',
      disabled: !first,
      run: () => first && void revealFile(first.id),
    },
    { label: many ? `Copy ${ids.length} paths` : 'Copy path', run: () => void copyPaths(rows) },
    {
      label: 'Add to collection',
      items: [
        ...collections.map((c) => ({
          label: c.name,
          run: () => void marksActions.addToCollection(c.id, ids),
        })),
        { label: 'New collection…', run: () => props.onRequest({ kind: 'new-collection', ids }) },
      ],
    },
    { label: 'Tags…', run: () => props.onRequest({ kind: 'tags', ids }) },
    {
      label: 'Rate',
      items: [0, 1, 2, 3, 4, 5].map((n) => ({
        label: stars(n),
        checked: rating === n,
        run: () => void marksActions.set(ids, { rating: n }),
      })),
    },
    {
      label: allFav ? 'Remove from favourites' : 'Favourite',
      run: () => void marksActions.set(ids, { fav: !allFav }),
    },
    {
      label: 'Colour label',
      items: [
        {
          label: 'None',
          checked: color === null,
          run: () => void marksActions.set(ids, { color: null }),
        },
        ...markColors.map((c) => ({
          label: c[0]!.toUpperCase() + c.slice(1),
          checked: color === c,
          run: () => void marksActions.set(ids, { color: c }),
        })),
      ],
    },
    {
      label: many ? `Remove ${ids.length} files from library` : 'Remove from library',
      run: () => void forgetFiles(ids),
    },
  ];
  return (
    <ContextMenu
      label={many ? `${ids.length} files` : (first?.name ?? 'File')}
      x={props.x}
      y={props.y}
      items={items}
      onClose={props.onClose}
    />
  );
}
