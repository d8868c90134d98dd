import { useEffect, type RefObject } from 'react';
import { useMidiStore } from '../stores/midi';

/** "Match clock tempo": files whose tempo fits the followed clock's, kept in step with it. */
function TempoMatch() {
  const bpm = useMidiStore((s) => (s.clock && !s.clock.noClock ? s.clock.bpm : null));
  const active = useLibraryStore((s) => s.query.tempoMatch !== null);
  const rounded = bpm === null ? null : Math.round(bpm);
  useEffect(() => {
    if (active && rounded !== null && useLibraryStore.getState().query.tempoMatch !== rounded) {
      libraryFeed.setQuery({ tempoMatch: rounded });
    }
  }, [active, rounded]);
  return (
    <label className="check" title="Files at the clock's tempo, or half or double it">
      <input
        type="checkbox"
        checked={active}
        disabled={!active && rounded === null}
        onChange={(e) => libraryFeed.setQuery({ tempoMatch: e.target.checked ? rounded : null })}
      />
      {rounded === null ? 'Match clock tempo' : `Match ${rounded} BPM`}
    </label>
  );
}

import { formatSampleRate } from '../../../shared/units';
import { libraryFeed, useLibraryStore } from '../stores/library';
import { QueryProblems, SearchHelp } from './SearchHelp';
import { onAppCommand } from '../actions/app-commands';
import { findSimilar } from '../actions/find-similar';

function FilterSelect<T extends string | number>(props: {
  label: string;
  all: string;
  value: T | null;
  options: { value: T; count: number }[];
  show: (value: T) => string;
  onChange: (value: T | null) => void;
}) {
  return (
    <select
      aria-label={props.label}
      value={props.value === null ? '' : String(props.value)}
      onChange={(event) => {
        const chosen = props.options.find((o) => String(o.value) === event.target.value);
        props.onChange(chosen ? chosen.value : null);
      }}
    >
      <option value="">{props.all}</option>
      {props.options.map((o) => (
        <option key={String(o.value)} value={String(o.value)}>
          {props.show(o.value)} ({o.count})
        </option>
      ))}
    </select>
  );
}

export function LibraryToolbar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const query = useLibraryStore((s) => s.query);
  const facets = useLibraryStore((s) => s.facets);
  const total = useLibraryStore((s) => s.total);
  const libraryTotal = useLibraryStore((s) => s.state?.total ?? 0);
  // Find (Ctrl/Cmd+F, the menu's Edit > Find): the search box, its text selected to type over.
  useEffect(
    () =>
      onAppCommand('find', () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      }),
    [searchRef],
  );
  return (
    <div className="toolbar" role="search">
      <input
        ref={searchRef}
        type="search"
        aria-label="Search"
        placeholder="Search: words, tag:kick, rating>=3, fav …"
        value={query.search}
        onChange={(event) => libraryFeed.setQuery({ search: event.target.value })}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'Enter') {
            event.preventDefault();
            document.querySelector<HTMLElement>('[role="grid"]')?.focus();
            if (useLibraryStore.getState().selectedIndex < 0) void libraryFeed.select(0);
          }
        }}
      />
      <SearchHelp />
      <FilterSelect
        label="Format"
        all="All formats"
        value={query.format}
        options={facets?.formats ?? []}
        show={(v) => v}
        onChange={(format) => libraryFeed.setQuery({ format })}
      />
      <FilterSelect
        label="Sample rate"
        all="All rates"
        value={query.sampleRate}
        options={facets?.sampleRates ?? []}
        show={formatSampleRate}
        onChange={(sampleRate) => libraryFeed.setQuery({ sampleRate })}
      />
      <FilterSelect
        label="Channels"
        all="All channels"
        value={query.channels}
        options={facets?.channels ?? []}
        show={(v) => (v === 1 ? 'mono' : v === 2 ? 'stereo' : `${v} ch`)}
        onChange={(channels) => libraryFeed.setQuery({ channels })}
      />
      <FilterSelect
        label="Key"
        all="All keys"
        value={query.key}
        options={facets?.keys ?? []}
        show={(v) => v}
        onChange={(key) => libraryFeed.setQuery({ key })}
      />
      <TempoMatch />
      <button
        title="Files that sound like the selected one (Ctrl/Cmd+Shift+S)"
        onClick={() => void findSimilar()}
      >
        Find similar
      </button>
      <span className="muted count" aria-label="Result count">
        {total === libraryTotal ? `${total} files` : `${total} of ${libraryTotal} files`}
      </span>
      <QueryProblems />
    </div>
  );
}
