import type { MouseEvent } from 'react';
import type { LibraryRow } from '../../../shared/contract';
import { marksActions } from '../actions/marks-actions';
import { libraryFeed, useLibraryStore } from '../stores/library';

/**
 * The files a click on a row's star or rating acts on: the selection when the row is in it,
 * else that row alone (a click on another row's star does not touch what is selected).
 */
function clickTargets(row: LibraryRow): number[] {
  const { selection } = useLibraryStore.getState();
  return selection.ids.has(row.id) ? libraryFeed.targets() : [row.id];
}

const stop = (event: MouseEvent) => event.stopPropagation();

export function FavCell({ row }: { row: LibraryRow }) {
  const fav = row.marks.fav;
  return (
    <button
      className={`mark-star${fav ? ' on' : ''}`}
      aria-label="Favourite"
      aria-pressed={fav}
      title={fav ? 'Favourite (click to unstar)' : 'Star as a favourite'}
      tabIndex={-1}
      onMouseDown={stop}
      onClick={(event) => {
        stop(event);
        void marksActions.set(clickTargets(row), { fav: !fav });
      }}
    >
      {fav ? '★' : '☆'}
    </button>
  );
}

export function RatingCell({ row }: { row: LibraryRow }) {
  const rating = row.marks.rating;
  return (
    <span className="rating" role="group" aria-label={`Rating: ${rating} of 5`}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          className={n <= rating ? 'on' : ''}
          aria-label={`Rate ${n}`}
          title={n === rating ? 'Click to clear the rating' : `Rate ${n} of 5`}
          tabIndex={-1}
          onMouseDown={stop}
          onClick={(event) => {
            stop(event);
            // The current rating clicked again clears it.
            void marksActions.set(clickTargets(row), { rating: n === rating ? 0 : n });
          }}
        >
          {n <= rating ? '★' : '·'}
        </button>
      ))}
    </span>
  );
}

/** The name, after the colour label's dot when there is one, and its tags after it. */
export function NameCell({ row }: { row: LibraryRow }) {
  const color = row.marks.color;
  return (
    <>
      {color && (
        <span
          className={`color-dot color-${color}`}
          role="img"
          aria-label={`${color} label`}
          title={`${color} label`}
        />
      )}
      {row.name}
      {row.marks.tags.length > 0 && (
        <span className="row-tags" aria-label="Tags">
          {row.marks.tags.map((t) => ` #${t}`).join('')}
        </span>
      )}
    </>
  );
}
