import { formatSampleRate } from '../../../shared/units';
import { libraryFeed, useLibraryStore, type Query } from '../stores/library';

const noFilters: Partial<Query> = {
  format: null,
  sampleRate: null,
  channels: null,
  key: null,
  tempoMatch: null,
};

/** The filters of the toolbar that are set, as the user would name them. */
function activeFilters(q: Query): string[] {
  const channels = (c: number) => (c === 1 ? 'mono' : c === 2 ? 'stereo' : `${c} ch`);
  return [
    q.format,
    q.sampleRate === null ? null : formatSampleRate(q.sampleRate),
    q.channels === null ? null : channels(q.channels),
    q.key,
    q.tempoMatch === null ? null : `${q.tempoMatch} BPM`,
  ].filter((f): f is string => f !== null);
}

/** An empty result says what narrowed it and offers to widen it, one click each. */
export function EmptyResult() {
  const query = useLibraryStore((s) => s.query);
  const scanning = useLibraryStore((s) => s.state?.scan.active ?? false);
  const filters = activeFilters(query);
  const folder = query.folder?.split(/[\\/]/).filter(Boolean).pop() ?? query.folder;
  const reasons = [
    query.search.trim() !== '' && (
      <li key="search">
        the search <code>{query.search}</code>{' '}
        <button onClick={() => libraryFeed.setQuery({ search: '' })}>Clear the search</button>
      </li>
    ),
    folder && (
      <li key="folder">
        searching only in {folder}{' '}
        <button onClick={() => libraryFeed.setQuery({ folder: null })}>Search all folders</button>
      </li>
    ),
    filters.length > 0 && (
      <li key="filters">
        the filters {filters.join(', ')}{' '}
        <button onClick={() => libraryFeed.setQuery(noFilters)}>Clear filters</button>
      </li>
    ),
  ].filter(Boolean);
  return (
    <div className="empty-result" role="status">
      <p className="empty-title">
        {scanning && reasons.length === 0
          ? 'Scanning… files appear here as they are read'
          : 'No files match'}
      </p>
      {reasons.length > 0 && (
        <>
          <p className="muted">What narrows the list:</p>
          <ul>{reasons}</ul>
          {reasons.length > 1 && (
            <button
              onClick={() => libraryFeed.setQuery({ ...noFilters, search: '', folder: null })}
            >
              Show every file
            </button>
          )}
        </>
      )}
    </div>
  );
}
