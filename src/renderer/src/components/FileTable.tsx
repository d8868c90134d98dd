// Over 400 lines: the grid's column definitions, its rows and its keyboard belong together.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { LibraryFile, LibraryRow, SortKey } from '../../../shared/contract';
import { formatBytes, formatDuration, formatSampleRate, formatTempo } from '../../../shared/units';
import { normaliseKey } from '../../../shared/music-key';
import { noteName } from '../../../shared/note-name';
import { useNoteNaming } from '../stores/settings';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { playerActions, usePlayerStore } from '../stores/player';
import { forgetFiles, marksActions } from '../actions/marks-actions';
import { endRowDrag, noteRowDrag } from '../actions/row-drag';
import { clickGesture } from '../stores/selection';
import { FavCell, NameCell, RatingCell } from './MarkCells';
import { NameDialog } from './NameDialog';
import { RowMenu, type RowMenuRequest } from './RowMenu';
import { TagDialog } from './TagDialog';
import { Thumbnail } from './Thumbnail';
import { draggedRows, startDragOut } from '../actions/drag-out';
import { useRoving } from './keyboard-nav';

/**
 * Focuses a row (and selects it alone, or extends the selection) and plays it. A file that
 * cannot play is asked for too: the core stops what played and says why (skipping it here left
 * the previous file sounding under this row).
 */
async function selectAndPlay(
  index: number,
  play: boolean,
  gesture: 'only' | 'range' = 'only',
): Promise<void> {
  const row = await libraryFeed.select(index, gesture);
  if (play && row) await playerActions.play(row.id);
}

const ROW_HEIGHT = 28;

/** The rate a file plays at; for Opus (always 48 kHz) the encoder's input rate too. */
function rateCell(f: LibraryFile): ReactNode {
  const input = f.meta.inputSampleRate;
  if (input === undefined || input === f.sampleRate) return formatSampleRate(f.sampleRate);
  return (
    <span
      title={`Decodes at ${formatSampleRate(f.sampleRate)}; the input was ${formatSampleRate(input)}`}
    >
      {formatSampleRate(f.sampleRate)} ({formatSampleRate(input).replace(' kHz', '')})
    </span>
  );
}

/** A note's name as the user names notes (Settings: note naming). */
function NoteName(props: { note: number }) {
  return noteName(props.note, useNoteNaming());
}

/**
 * The tagged key by its canonical name; else the root note of a sampler file (WAV smpl, AIFF
 * INST), marked as such: a one-shot's pitch says nothing of major or minor, so it is no key.
 */
function keyCell(f: LibraryFile): ReactNode {
  const tagged = f.meta.key;
  if (tagged !== undefined) {
    const name = normaliseKey(tagged);
    return <span title={name === tagged ? undefined : `Tagged "${tagged}"`}>{name ?? tagged}</span>;
  }
  const root = f.meta.rootNote;
  if (root === undefined) return '';
  return (
    <span className="muted" title={`Root note (MIDI note ${root}), not a key`}>
      <NoteName note={root} /> (root)
    </span>
  );
}

interface Column {
  id: string;
  label: string;
  /** The sort key behind the header; none for the waveform. */
  sort: SortKey | null;
  cell: (f: LibraryRow) => ReactNode;
  className?: string;
}

const columns: Column[] = [
  {
    id: 'fav',
    sort: null,
    label: 'Favourite',
    cell: (f) => <FavCell row={f} />,
    className: 'col-fav',
  },
  {
    id: 'name',
    sort: 'name',
    label: 'Name',
    cell: (f) => <NameCell row={f} />,
    className: 'col-name',
  },
  {
    id: 'rating',
    sort: 'rating',
    label: 'Rating',
    cell: (f) => <RatingCell row={f} />,
    className: 'col-rating',
  },
  {
    id: 'wave',
    sort: null,
    label: 'Waveform',
    cell: (f) => f.status === 'ok' && f.playable && <Thumbnail id={f.id} />,
    className: 'col-wave',
  },
  {
    id: 'duration',
    sort: 'durationSec',
    label: 'Duration',
    // An MP3 without a Xing/Info frame has an estimated length.
    cell: (f) => `${f.meta.durationEstimated ? '≈ ' : ''}${formatDuration(f.durationSec)}`,
    className: 'num',
  },
  // What a musician sorts and filters by first; the technical properties after it.
  { id: 'tempo', sort: 'tempo', label: 'BPM', cell: (f) => formatTempo(f.tempo), className: 'num' },
  { id: 'key', sort: 'key', label: 'Key', cell: keyCell },
  {
    id: 'format',
    sort: 'format',
    label: 'Format',
    cell: (f) =>
      f.status === 'ok'
        ? f.codec === f.format || !f.codec
          ? f.format // FLAC, MP3: the codec is the format
          : `${f.format} ${f.codec}`
        : f.status === 'unsupported'
          ? `${f.format} (not supported yet)`
          : `Unreadable: ${f.error ?? ''}`,
  },
  {
    id: 'rate',
    sort: 'sampleRate',
    label: 'Rate',
    cell: rateCell,
    className: 'num',
  },
  {
    id: 'bits',
    sort: 'bitsPerSample',
    label: 'Bits',
    cell: (f) => (f.bitsPerSample ? `${f.bitsPerSample}` : ''),
    className: 'num col-bits',
  },
  {
    id: 'channels',
    sort: 'channels',
    label: 'Ch',
    cell: (f) => (f.channels ? `${f.channels}` : ''),
    className: 'num col-channels',
  },
  {
    id: 'size',
    sort: 'sizeBytes',
    label: 'Size',
    cell: (f) => formatBytes(f.sizeBytes),
    className: 'num',
  },
  { id: 'folder', sort: 'dir', label: 'Folder', cell: (f) => f.dir, className: 'col-dir' },
];

/** A sortable column's header: the whole cell is the button (a click anywhere on it sorts). */
function SortHeader({
  column,
  sortKey,
  roving,
}: {
  column: Column;
  sortKey: SortKey;
  roving: ReturnType<ReturnType<typeof useRoving>['itemProps']>;
}) {
  const sort = useLibraryStore((s) => s.query.sort);
  const descending = useLibraryStore((s) => s.query.descending);
  const active = sort === sortKey;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      className={`cell sort-cell ${column.className ?? ''}`}
    >
      <button
        className="sort-button"
        {...roving}
        onClick={() =>
          libraryFeed.setQuery({ sort: sortKey, descending: active ? !descending : false })
        }
      >
        {column.label}
        {active ? (descending ? ' ▼' : ' ▲') : ''}
      </button>
    </div>
  );
}

/** The name cell of a file's row: what the grid's aria-activedescendant names (ids, never indexes). */
const nameCellId = (id: number) => `file-${id}-name`;

/** Arrow keys move between the sortable headers: one Tab stop for the header row. */
const SORTABLE = columns.flatMap((c) => (c.sort ? [c.id] : []));

/** A click: a plain one focuses, selects and plays the row; with Shift or Ctrl/Cmd it selects. */
function onRowClick(index: number, event: MouseEvent) {
  const gesture = clickGesture(index, event);
  if (gesture.kind === 'only') void selectAndPlay(index, true);
  else {
    useLibraryStore.setState({
      selectedIndex: index,
      selectedId: useLibraryStore.getState().rows.get(index)?.id ?? null,
    });
    void libraryFeed.gesture(gesture);
  }
}

function Row({
  file,
  index,
  top,
  onMenu,
}: {
  file: LibraryRow | undefined;
  index: number;
  top: number;
  onMenu: (index: number, x: number, y: number) => void;
}) {
  const focused = useLibraryStore((s) => s.selectedIndex === index);
  const selected = useLibraryStore((s) => file !== undefined && s.selection.ids.has(file.id));
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-current={focused || undefined}
      data-status={file?.status}
      className={`row${selected ? ' selected' : ''}${focused ? ' focused' : ''}${file?.status === 'error' ? ' row-error' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(event) => onRowClick(index, event)}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(index, event.clientX, event.clientY);
      }}
      draggable={file !== undefined}
      onDragStart={(event) => file && startDragOut(event, draggedRows(index, file))}
      title={file?.error ?? file?.path}
    >
      {columns.map((c) => (
        <div
          role="gridcell"
          key={c.id}
          id={c.id === 'name' && file ? nameCellId(file.id) : undefined}
          data-col={c.id}
          className={`cell ${c.className ?? ''}`}
        >
          {file ? c.cell(file) : '…'}
        </div>
      ))}
    </div>
  );
}

/** The library as a virtualised grid: only the rows on screen exist, at 100,000 files too. */
export function FileTable({ onTypeAhead }: { onTypeAhead: (key: string) => void }) {
  const total = useLibraryStore((s) => s.total);
  const rows = useLibraryStore((s) => s.rows);
  const selectedIndex = useLibraryStore((s) => s.selectedIndex);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [request, setRequest] = useState<RowMenuRequest | null>(null);
  /** A right click on a row outside the selection selects it first; on one inside, keeps it. */
  const openMenu = (index: number, x: number, y: number) => {
    const id = useLibraryStore.getState().rows.get(index)?.id;
    if (id === undefined) return;
    if (!useLibraryStore.getState().selection.ids.has(id)) void libraryFeed.select(index);
    else useLibraryStore.setState({ selectedIndex: index, selectedId: id });
    setMenu({ x, y });
  };
  /** From the keyboard: at the focused row. */
  const openMenuAtFocus = () => {
    const element = gridRef.current?.querySelector('.row.focused');
    const box = element?.getBoundingClientRect();
    if (!box) return;
    if (libraryFeed.targets().length > 0) setMenu({ x: box.left + 40, y: box.bottom });
  };
  const closeMenu = () => {
    setMenu(null);
    gridRef.current?.focus();
  };
  // We do not use the React Compiler, so its memoisation warning does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    libraryFeed.setVisible(first, last);
  }, [first, last, total]);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const headers = useRoving(SORTABLE, 'horizontal');
  // The focused row, named to assistive technology while it is drawn (a dangling id is an error).
  const focusedId = rows.get(selectedIndex)?.id;
  const activeDescendant =
    focusedId !== undefined && items.some((item) => item.index === selectedIndex)
      ? nameCellId(focusedId)
      : undefined;

  const onKeyDown = (event: KeyboardEvent) => {
    // Not the header's keys: its buttons sort with Enter and move along with the arrows.
    if ((event.target as HTMLElement).closest('.row.header')) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: Math.max(0, selectedIndex - 1),
      PageDown: selectedIndex + page,
      PageUp: selectedIndex - page,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    const command = event.ctrlKey || event.metaKey;
    if (target !== undefined) {
      event.preventDefault();
      // Auditioning: with auto-play on, each file plays as the focus reaches it.
      void selectAndPlay(
        target,
        usePlayerStore.getState().autoPlay,
        event.shiftKey ? 'range' : 'only',
      );
    } else if (command && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void libraryFeed.gesture({ kind: 'all', total });
    } else if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault();
      openMenuAtFocus();
    } else if (event.key === 'Delete') {
      event.preventDefault();
      void forgetFiles(libraryFeed.targets());
    } else if (/^[0-5]$/.test(event.key) && !command && !event.altKey) {
      // Rating keys, as in most sample browsers: 0 clears.
      event.preventDefault();
      void marksActions.set(libraryFeed.targets(), { rating: Number(event.key) });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (selectedIndex >= 0) void selectAndPlay(selectedIndex, true);
    } else if (
      event.key.length === 1 &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      event.key !== ' '
    ) {
      // Type-ahead: typing in the list goes to the search box.
      event.preventDefault();
      onTypeAhead(event.key);
    }
  };

  return (
    <>
      <div
        ref={gridRef}
        role="grid"
        aria-label="Library"
        aria-rowcount={total + 1}
        aria-multiselectable
        aria-activedescendant={activeDescendant}
        className="grid"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onDragStart={(event) => noteRowDrag(event.target)}
        onDragEnd={endRowDrag}
      >
        <div role="row" className="row header" aria-rowindex={1} onKeyDown={headers.onKeyDown}>
          {columns.map((c) =>
            c.sort ? (
              <SortHeader key={c.id} column={c} sortKey={c.sort} roving={headers.itemProps(c.id)} />
            ) : (
              <div
                role="columnheader"
                key={c.id}
                aria-label={c.label}
                className={`cell ${c.className ?? ''}`}
              />
            ),
          )}
        </div>
        <div ref={scrollRef} className="grid-body">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => (
              <Row
                key={item.key}
                index={item.index}
                top={item.start}
                file={rows.get(item.index)}
                onMenu={openMenu}
              />
            ))}
          </div>
        </div>
      </div>
      {menu && <RowMenu x={menu.x} y={menu.y} onClose={closeMenu} onRequest={setRequest} />}
      {request?.kind === 'tags' && <TagDialog ids={request.ids} onClose={() => setRequest(null)} />}
      {request?.kind === 'new-collection' && (
        <NameDialog
          label="New collection"
          action="Create"
          onClose={() => setRequest(null)}
          onDone={(name) => void marksActions.createCollection(name, request.ids)}
        />
      )}
    </>
  );
}
