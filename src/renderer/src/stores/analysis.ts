import { create } from 'zustand';
import type { AnalysisProgress, LibraryRow } from '../../../shared/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { perform, reportFailure } from '../actions/dispatcher';
import type { Client } from '../ipc/client';
import { libraryFeed } from './library';
import { onConnected } from './on-connected';

interface AnalysisStore {
  /** null until the core has said (the sidebar shows nothing until then). */
  progress: AnalysisProgress | null;
}

export const useAnalysisStore = create<AnalysisStore>(() => ({ progress: null }));

/** The most paths one `analysis:prioritise` takes (the contract's limit). */
export const MAX_PRIORITY_PATHS = 500;
/** Scrolling sends the rows it settles on, not every row it passes. */
export const PRIORITY_DEBOUNCE_MS = 150;

interface Timers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The rows on screen that have no analysis yet, sent so the core analyses them first: once the
 * list has been still for PRIORITY_DEBOUNCE_MS, at most MAX_PRIORITY_PATHS, and only when they
 * differ from what was sent last (the core keeps the latest call).
 */
export class Prioritiser {
  private pending: string[] | null = null;
  private timer: unknown = null;
  private lastSent = '';

  constructor(
    private readonly send: (paths: string[]) => Promise<unknown>,
    private readonly timers: Timers = realTimers,
  ) {}

  visible(paths: readonly string[]): void {
    this.pending = paths.slice(0, MAX_PRIORITY_PATHS);
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.flush(), PRIORITY_DEBOUNCE_MS);
  }

  private flush(): void {
    this.timer = null;
    const paths = this.pending;
    this.pending = null;
    if (paths === null) return;
    const key = paths.join('\0');
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.send(paths).catch((error: unknown) => {
      // Not sent: the same rows may be asked for again.
      this.lastSent = '';
      reportFailure(error, { label: 'Could not put the visible files first' });
    });
  }

  /** Forgets what was sent (a new connection: the core may have restarted). */
  reset(): void {
    this.lastSent = '';
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.pending = null;
  }
}

/** The paths of the loaded rows first..last (inclusive) that have no analysis, on-screen order. */
export function unanalysedPaths(
  rows: ReadonlyMap<number, LibraryRow>,
  first: number,
  last: number,
): string[] {
  const paths: string[] = [];
  for (let i = first; i <= last && paths.length < MAX_PRIORITY_PATHS; i++) {
    const row = rows.get(i);
    if (row && row.status === 'ok' && row.analysis === null) paths.push(row.path);
  }
  return paths;
}

/** While files are analysed, the rows on screen are read again at most this often. */
export const ROW_REFRESH_MS = 1000;

/**
 * Reads the rows on screen again as analyses land (their LUFS, key and tempo fill in, and a sort
 * by them follows): once per ROW_REFRESH_MS at most, and once more after the last change.
 */
export class RowRefresher {
  private done: number | null = null;
  private timer: unknown = null;

  constructor(
    private readonly refresh: () => void,
    private readonly timers: Timers = realTimers,
  ) {}

  progress(progress: AnalysisProgress): void {
    const first = this.done === null;
    const changed = this.done !== progress.done;
    this.done = progress.done;
    if (first || !changed || this.timer !== null) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.refresh();
    }, ROW_REFRESH_MS);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}

let prioritiser: Prioritiser | null = null;

/** The list's rows on screen (FileTable): their unanalysed files go first. */
export function prioritiseVisible(paths: readonly string[]): void {
  prioritiser?.visible(paths);
}

/** Follows the analysis: its state on every (re)connect, then its progress events. */
export function connectAnalysisStore(api: Client): Disposable {
  const own = new Prioritiser((paths) => api.invoke('analysis:prioritise', { paths }));
  prioritiser = own;
  const rows = new RowRefresher(() => libraryFeed.refreshRows());
  const off = api.on('analysis:progress', (progress) => {
    useAnalysisStore.setState({ progress });
    rows.progress(progress);
  });
  const offConnected = onConnected(() => {
    own.reset();
    api.invoke('analysis:state', {}).then(
      (progress) => useAnalysisStore.setState({ progress }),
      (error: unknown) => reportFailure(error, { label: 'The analysis state could not be read' }),
    );
  });
  return toDisposable(() => {
    off();
    offConnected();
    own.dispose();
    rows.dispose();
    if (prioritiser === own) prioritiser = null;
  });
}

export const analysisActions = {
  /** Analyses what has no current analysis (resumes after a cancel). */
  async start(): Promise<void> {
    const progress = await perform((a) => a.invoke('analysis:start', {}), {
      label: 'Could not start the analysis',
    });
    if (progress) useAnalysisStore.setState({ progress });
  },
  async cancel(): Promise<void> {
    const progress = await perform((a) => a.invoke('analysis:cancel', {}), {
      label: 'Could not stop the analysis',
    });
    if (progress) useAnalysisStore.setState({ progress });
  },
};
