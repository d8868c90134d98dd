import { create } from 'zustand';
import type {
  AspectWeights,
  FolderNode,
  LibraryFacets,
  LibraryQueryInput,
  LibraryRow,
  QueryProblem,
  LibraryState,
  ScanProblem,
  SortKey,
} from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { reportFailure } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { onConnected } from './on-connected';
import {
  actionTargets,
  applyGesture,
  EMPTY_SELECTION,
  rowsNeeded,
  type Gesture,
  type Selection,
} from './selection';

export const PAGE_SIZE = 200;

export interface Query {
  search: string;
  folder: string | null;
  format: string | null;
  sampleRate: number | null;
  channels: number | null;
  /** A key by its canonical name ("Am"), as the facets give it. */
  key: string | null;
  /** Show only files at this tempo (or half or double it). */
  tempoMatch: number | null;
  /** Find similar: the files most like this one, nearest first (actions/find-similar.ts). */
  similar: SimilarQuery | null;
  sort: SortKey;
  descending: boolean;
}

export interface SimilarQuery {
  path: string;
  /** The file's name, for "Similar to <name>". */
  name: string;
  weights: AspectWeights;
  /** The sort before, put back when the user leaves "similar". */
  before: { sort: SortKey; descending: boolean };
}

interface LibraryStore {
  state: LibraryState | null;
  query: Query;
  /** Rows of the current result by index, filled a page at a time as they come into view. */
  rows: Map<number, LibraryRow>;
  total: number;
  /** Whether `total` answers the current query (false while a new query's first page is on its way). */
  settled: boolean;
  /** The focused row: what arrows move from and what plays (the selection is `selection`). */
  selectedIndex: number;
  selectedId: number | null;
  /** The rows picked for an action (rate, tag, remove ...): selection.ts. */
  selection: Selection;
  /** The parts of the search text the core did not understand (it applied the rest). */
  queryProblems: QueryProblem[];
  facets: LibraryFacets | null;
  tree: FolderNode[];
  problems: { total: number; problems: ScanProblem[] } | null;
}

const initialQuery: Query = {
  search: '',
  folder: null,
  format: null,
  sampleRate: null,
  channels: null,
  key: null,
  tempoMatch: null,
  similar: null,
  sort: 'name',
  descending: false,
};

export const useLibraryStore = create<LibraryStore>(() => ({
  state: null,
  query: initialQuery,
  rows: new Map(),
  total: 0,
  settled: false,
  selectedIndex: -1,
  selectedId: null,
  selection: EMPTY_SELECTION,
  queryProblems: [],
  facets: null,
  tree: [],
  problems: null,
}));

export function toWire(q: Query): LibraryQueryInput {
  return {
    search: q.search,
    folder: q.folder,
    formats: q.format ? [q.format] : [],
    sampleRates: q.sampleRate ? [q.sampleRate] : [],
    channels: q.channels ? [q.channels] : [],
    keys: q.key ? [q.key] : [],
    tempoMatch: q.tempoMatch,
    similar: q.similar && { path: q.similar.path, weights: q.similar.weights },
    sort: q.sort,
    descending: q.descending,
  };
}

/**
 * The list's data, outside React: pages are fetched for what is on screen, every answer is
 * checked against the query and library version it was asked for, and stale ones are dropped.
 */
class LibraryFeed {
  private api: Client | null = null;
  /** Bumped when the query or the library changes: answers from before are stale. */
  private generation = 0;
  private loaded = new Set<number>();
  private inFlight = new Set<number>();
  private visible: [number, number] = [0, 0];

  connect(api: Client): Disposable {
    this.api = api;
    const off = api.on('library:changed', (state) => {
      const previous = useLibraryStore.getState().state;
      useLibraryStore.setState({ state });
      if (previous?.version !== state.version) this.refresh(false);
    });
    // A mark changed: the rows show marks, and a sort or filter by them may order them anew.
    const offMarks = api.on('marks:changed', () => this.refresh(false));
    const offConnected = onConnected(() => this.reload());
    return toDisposable(() => {
      off();
      offMarks();
      offConnected();
      if (this.api === api) this.api = null;
    });
  }

  /** Reads the library's state and what is on screen afresh (after a reconnect, or a stale id). */
  reload(): void {
    this.api?.invoke('library:state', {}).then(
      (state) => {
        useLibraryStore.setState({ state });
        this.refresh(false);
      },
      (error: unknown) => this.failed(error),
    );
  }

  /** Every failed request of the feed ends in the window's one error policy, never unhandled. */
  private failed(error: unknown): void {
    reportFailure(error, { label: 'The library list could not be read' });
  }

  /** Refetches what is visible; `reset` drops the old rows at once (a new query) */
  private refresh(reset: boolean): void {
    this.generation += 1;
    this.loaded.clear();
    this.inFlight.clear();
    if (reset) useLibraryStore.setState({ rows: new Map(), total: 0, settled: false });
    this.ensure(this.visible[0], this.visible[1]);
    this.loadSide().catch((error: unknown) => this.failed(error));
    this.follow(reset).catch((error: unknown) => this.failed(error));
  }

  /** Reads what is on screen again (after an action whose event may come later). */
  refreshRows(): void {
    this.refresh(false);
  }

  setVisible(start: number, end: number): void {
    this.visible = [start, end];
    this.ensure(start, end);
  }

  setQuery(change: Partial<Query>): void {
    useLibraryStore.setState((s) => ({ query: { ...s.query, ...change } }));
    this.refresh(true);
  }

  /**
   * Keeps the focused file focused, and in view, across sorts, searches and rescans. A new
   * query (`reset`) narrows the selection to it: the old rows' indexes mean nothing now.
   */
  private async follow(reset: boolean): Promise<void> {
    if (reset) useLibraryStore.setState({ selection: EMPTY_SELECTION });
    const { selectedId, query } = useLibraryStore.getState();
    if (selectedId === null || !this.api) return;
    const generation = this.generation;
    const { index } = await this.api.invoke('library:position', {
      query: toWire(query),
      id: selectedId,
    });
    if (generation !== this.generation) return;
    useLibraryStore.setState({ selectedIndex: index, selectedId: index >= 0 ? selectedId : null });
    if (reset && index >= 0) {
      useLibraryStore.setState({ selection: { ids: new Set([selectedId]), anchor: index } });
    }
  }

  private ensure(start: number, end: number): void {
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
    const last = Math.floor(Math.max(0, end) / PAGE_SIZE);
    for (let page = first; page <= last; page++) void this.fetchPage(page);
  }

  private async fetchPage(page: number): Promise<void> {
    if (!this.api || this.loaded.has(page) || this.inFlight.has(page)) return;
    const generation = this.generation;
    this.inFlight.add(page);
    try {
      const result = await this.api.invoke('library:query', {
        query: toWire(useLibraryStore.getState().query),
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (generation !== this.generation) return;
      this.loaded.add(page);
      useLibraryStore.setState((s) => {
        // A page from a new generation replaces every row from older ones.
        const rows = this.loaded.size === 1 ? new Map<number, LibraryRow>() : new Map(s.rows);
        result.rows.forEach((row, i) => rows.set(result.offset + i, row));
        return {
          rows,
          total: result.total,
          settled: true,
          queryProblems: result.problems ?? [],
        };
      });
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    } finally {
      if (generation === this.generation) this.inFlight.delete(page);
    }
  }

  /** Facets, the folder tree and the problem list follow the library version. */
  private async loadSide(): Promise<void> {
    if (!this.api) return;
    // The counts respect the other active filters and the search: they follow the query.
    const [facets, tree, problems] = await Promise.all([
      this.api.invoke('library:facets', { query: toWire(useLibraryStore.getState().query) }),
      this.api.invoke('library:tree', {}),
      this.api.invoke('library:problems', { limit: 1000 }),
    ]);
    useLibraryStore.setState({ facets, tree, problems });
  }

  /** Moves the focus and the selection to the row at `index` (clamped), loading it if needed. */
  async select(index: number, gesture: Gesture['kind'] = 'only'): Promise<LibraryRow | null> {
    const { total } = useLibraryStore.getState();
    if (total === 0) return null;
    const target = Math.max(0, Math.min(total - 1, index));
    useLibraryStore.setState({ selectedIndex: target });
    if (gesture !== 'all') void this.gesture({ kind: gesture, index: target });
    let row = useLibraryStore.getState().rows.get(target);
    if (!row) {
      await this.fetchPage(Math.floor(target / PAGE_SIZE));
      row = useLibraryStore.getState().rows.get(target);
    }
    if (useLibraryStore.getState().selectedIndex === target) {
      useLibraryStore.setState({ selectedId: row?.id ?? null });
    }
    return row ?? null;
  }

  /** Applies a selection gesture, loading the ids of the rows it spans first. */
  async gesture(gesture: Gesture): Promise<void> {
    const generation = this.generation;
    const { selection } = useLibraryStore.getState();
    const ids = await this.idsOf(rowsNeeded(selection, gesture));
    if (generation !== this.generation || !ids) return;
    useLibraryStore.setState((s) => ({
      selection: applyGesture(s.selection, gesture, (i) => ids.get(i)),
    }));
  }

  /** The ids of rows `from`..`to` of the current result: those on screen, the rest read in large pages. */
  private async idsOf([from, to]: [number, number]): Promise<Map<number, number> | null> {
    const ids = new Map<number, number>();
    const { rows } = useLibraryStore.getState();
    let missing: number | null = null;
    for (let i = Math.max(0, from); i <= to; i++) {
      const row = rows.get(i);
      if (row) ids.set(i, row.id);
      else missing ??= i;
    }
    const generation = this.generation;
    for (let offset = missing ?? to + 1; offset <= to && this.api; offset += 2000) {
      const page = await this.api.invoke('library:query', {
        query: toWire(useLibraryStore.getState().query),
        offset,
        limit: Math.min(2000, to - offset + 1),
      });
      if (generation !== this.generation) return null;
      page.rows.forEach((row, i) => ids.set(page.offset + i, row.id));
    }
    return ids;
  }

  /** The files an action acts on: the selection, else the focused row. */
  targets(): number[] {
    const { selection, selectedId } = useLibraryStore.getState();
    return actionTargets(selection, selectedId);
  }

  /** The loaded rows of some files (for their paths and names); those not on screen are left out. */
  rowsOf(ids: readonly number[]): LibraryRow[] {
    const wanted = new Set(ids);
    return [...useLibraryStore.getState().rows.values()].filter((r) => wanted.has(r.id));
  }
}

export const libraryFeed = new LibraryFeed();
