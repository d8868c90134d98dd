// The grid: its rows, its header and its keyboard (the columns: file-columns.tsx).
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type CSSProperties,
  type MouseEvent,
} from 'react';
import type { LibraryRow, SortKey } from '../../../shared/contract';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { playerActions, usePlayerStore } from '../stores/player';
import { forgetFiles, marksActions } from '../actions/marks-actions';
import { endRowDrag, noteRowDrag } from '../actions/row-drag';
import { leaveSimilar } from '../actions/find-similar';
import { clickGesture } from '../stores/selection';
import { columns, gridTemplate, visibleColumns, type Column } from './file-columns';
import { ColumnsMenu } from './ColumnsMenu';
import { useColumnsStore, useWidthClass } from '../stores/columns';
import { prioritiseVisible, unanalysedPaths } from '../stores/analysis';
import { NameDialog } from './NameDialog';
import { RowMenu, type RowMenuRequest } from './RowMenu';
import { TagDialog } from './TagDialog';
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

/** A sortable column's header: the whole cell is the button (a click anywhere on it sorts). */
function SortHeader({
  column,
  sortKey,
  hidden,
  roving,
}: {
  column: Column;
  sortKey: SortKey;
  hidden: boolean;
  roving: ReturnType<ReturnType<typeof useRoving>['itemProps']>;
}) {
  const sort = useLibraryStore((s) => s.query.sort);
  const descending = useLibraryStore((s) => s.query.descending);
  const active = sort === sortKey;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      hidden={hidden}
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
  shown,
  onMenu,
}: {
  file: LibraryRow | undefined;
  index: number;
  top: number;
  shown: ReadonlySet<string>;
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
          hidden={!shown.has(c.id)}
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
  const [columnsMenu, setColumnsMenu] = useState<{ x: number; y: number } | null>(null);
  const width = useWidthClass();
  const chosen = useColumnsStore((s) => s.chosen);
  const shown = visibleColumns(width, chosen);
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

  // The rows on screen that have no analysis yet go first (sent once the list is still).
  useEffect(() => {
    prioritiseVisible(unanalysedPaths(rows, first, last));
  }, [first, last, rows]);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  // Arrow keys move between the sortable headers shown: one Tab stop for the header row.
  const headers = useRoving(
    columns.flatMap((c) => (c.sort && shown.has(c.id) ? [c.id] : [])),
    'horizontal',
  );
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
    } else if (event.key === 'Escape' && useLibraryStore.getState().query.similar) {
      // Out of "similar" first; the next Escape stops the player (App.tsx) as anywhere else.
      event.preventDefault();
      leaveSimilar();
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
        style={{ '--columns': gridTemplate(width, shown) } as CSSProperties}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onDragStart={(event) => noteRowDrag(event.target)}
        onDragEnd={endRowDrag}
      >
        <div
          role="row"
          className="row header"
          aria-rowindex={1}
          onKeyDown={headers.onKeyDown}
          title="Right click: the columns shown"
          onContextMenu={(event) => {
            event.preventDefault();
            setColumnsMenu({ x: event.clientX, y: event.clientY });
          }}
        >
          {columns.map((c) =>
            c.sort ? (
              <SortHeader
                key={c.id}
                column={c}
                sortKey={c.sort}
                hidden={!shown.has(c.id)}
                roving={headers.itemProps(c.id)}
              />
            ) : (
              <div
                role="columnheader"
                key={c.id}
                aria-label={c.label}
                hidden={!shown.has(c.id)}
                className={`cell ${c.className ?? ''}`}
              >
                {c.id === 'wave' || c.id === 'fav' ? (
                  ''
                ) : (
                  <span className="plain-header">{c.label}</span>
                )}
              </div>
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
                shown={shown}
                onMenu={openMenu}
              />
            ))}
          </div>
        </div>
      </div>
      {columnsMenu && (
        <ColumnsMenu
          x={columnsMenu.x}
          y={columnsMenu.y}
          shown={shown}
          onClose={() => setColumnsMenu(null)}
        />
      )}
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
