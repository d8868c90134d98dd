import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { LibraryFile, SortKey } from '../../../shared/contract';
import { formatBytes, formatDuration, formatSampleRate, formatTempo } from '../../../shared/units';
import { normaliseKey, noteName } from '../../../shared/music-key';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { playerActions, usePlayerStore } from '../stores/player';
import { Thumbnail } from './Thumbnail';
import { draggedRows, startDragOut } from '../actions/drag-out';

/** Selects a row and plays it when it can be played. */
async function selectAndPlay(index: number, play: boolean): Promise<void> {
  const row = await libraryFeed.select(index);
  if (play && row?.status === 'ok' && row.playable) await playerActions.play(row.id);
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
      {noteName(root)} (root)
    </span>
  );
}

interface Column {
  id: string;
  label: string;
  /** The sort key behind the header; none for the waveform. */
  sort: SortKey | null;
  cell: (f: LibraryFile) => ReactNode;
  className?: string;
}

const columns: Column[] = [
  { id: 'name', sort: 'name', label: 'Name', cell: (f) => f.name, className: 'col-name' },
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
    className: 'num',
  },
  {
    id: 'channels',
    sort: 'channels',
    label: 'Ch',
    cell: (f) => (f.channels ? `${f.channels}` : ''),
    className: 'num',
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

function SortHeader({ column, sortKey }: { column: Column; sortKey: SortKey }) {
  const sort = useLibraryStore((s) => s.query.sort);
  const descending = useLibraryStore((s) => s.query.descending);
  const active = sort === sortKey;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      className={`cell ${column.className ?? ''}`}
    >
      <button
        className="sort-button"
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

function Row({ file, index, top }: { file: LibraryFile | undefined; index: number; top: number }) {
  const selected = useLibraryStore((s) => s.selectedIndex === index);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-status={file?.status}
      className={`row${selected ? ' selected' : ''}${file?.status === 'error' ? ' row-error' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => void selectAndPlay(index, true)}
      draggable={file !== undefined}
      onDragStart={(event) => file && startDragOut(event, draggedRows(index, file))}
      title={file?.error ?? file?.path}
    >
      {columns.map((c) => (
        <div role="gridcell" key={c.id} data-col={c.id} className={`cell ${c.className ?? ''}`}>
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

  const onKeyDown = (event: KeyboardEvent) => {
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
    if (target !== undefined) {
      event.preventDefault();
      // Auditioning: with auto-play on, each file plays as the selection reaches it.
      void selectAndPlay(target, usePlayerStore.getState().autoPlay);
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
    <div
      role="grid"
      aria-label="Library"
      aria-rowcount={total + 1}
      className="grid"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="row" className="row header" aria-rowindex={1}>
        {columns.map((c) =>
          c.sort ? (
            <SortHeader key={c.id} column={c} sortKey={c.sort} />
          ) : (
            <div role="columnheader" key={c.id} aria-label={c.label} className="cell col-wave" />
          ),
        )}
      </div>
      <div ref={scrollRef} className="grid-body">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <Row key={item.key} index={item.index} top={item.start} file={rows.get(item.index)} />
          ))}
        </div>
      </div>
    </div>
  );
}
