/**
 * The window's side of issue 15 (find by sound): the analysis columns' cells, which columns fit
 * the window, the analysis store and its on-screen priority, and find similar's query, against
 * the real core through the window's own client.
 */
import { createElement, Fragment, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { AnalysisProgress, FileAnalysis, LibraryRow } from '../../src/shared/contract';
import { DEFAULT_ASPECTS } from '../../src/shared/contract';
import { DisposableStore } from '../../src/shared/lifecycle';
import { connectDispatcher } from '../../src/renderer/src/actions/dispatcher';
import {
  findSimilar,
  leaveSimilar,
  setSimilarWeights,
} from '../../src/renderer/src/actions/find-similar';
import {
  columns,
  gridTemplate,
  keyCell,
  loudnessCell,
  peakCell,
  rootCell,
  tempoCell,
  typeCell,
  visibleColumns,
  widthClass,
} from '../../src/renderer/src/components/file-columns';
import {
  analysisActions,
  connectAnalysisStore,
  MAX_PRIORITY_PATHS,
  PRIORITY_DEBOUNCE_MS,
  Prioritiser,
  ROW_REFRESH_MS,
  RowRefresher,
  prioritiseVisible,
  unanalysedPaths,
  useAnalysisStore,
} from '../../src/renderer/src/stores/analysis';
import { libraryFeed, toWire, useLibraryStore } from '../../src/renderer/src/stores/library';
import { useNoticeStore } from '../../src/renderer/src/stores/notices';
import { useSettingsStore } from '../../src/renderer/src/stores/settings';
import { fileAnalysis } from '../fixtures/file-analysis';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { createTestCore, type TestCore } from '../fixtures/test-core';
import { windowClient, type WindowClient } from '../fixtures/window-client';

const text = (node: ReactNode) =>
  renderToStaticMarkup(createElement(Fragment, null, node)).replace(/<[^>]+>/g, '');
const html = (node: ReactNode) => renderToStaticMarkup(createElement(Fragment, null, node));

let testCore: TestCore;
let window: WindowClient;
let connections: DisposableStore;
/** Rows of a real scanned library (their `analysis` is what each test gives them). */
let rows: LibraryRow[];

/** One core and one scanned library for the file: each test starts from a new window's stores. */
beforeAll(async () => {
  testCore = createTestCore();
  await testCore.core.ready;
  const { root } = writeSampleLibrary();
  await testCore.call('library:add', { paths: [root] });
});

afterAll(async () => {
  await testCore.core.dispose();
});

beforeEach(async () => {
  window = windowClient(testCore.core);
  connections = new DisposableStore();
  connections.add(connectDispatcher(window.client));
  useNoticeStore.setState({ notices: [] });
  useLibraryStore.setState(useLibraryStore.getInitialState(), true);
  useAnalysisStore.setState(useAnalysisStore.getInitialState(), true);
  connections.add(libraryFeed.connect(window.client));
  libraryFeed.setVisible(0, 20);
  await vi.waitFor(
    () => {
      const { rows: loaded, total } = useLibraryStore.getState();
      expect(total).toBeGreaterThan(0);
      expect(loaded.size).toBe(total);
    },
    { timeout: 10_000 },
  );
  rows = [...useLibraryStore.getState().rows.values()];
});

afterEach(async () => {
  await connections.dispose();
});

const playable = () => rows.find((r) => r.status === 'ok' && r.playable)!;
const analysed = (change: Partial<FileAnalysis>, row = playable()): LibraryRow => ({
  ...row,
  analysis: fileAnalysis(change),
});

describe('the analysis columns', () => {
  test('LUFS: the integrated loudness, else the max momentary marked "M", else nothing', () => {
    expect(text(loudnessCell(analysed({ lufs: -14.04, mmax: -9.7, lra: 3.2 })))).toBe('-14.0');
    expect(text(loudnessCell(analysed({ mmax: -9.76 })))).toBe('M -9.8');
    expect(html(loudnessCell(analysed({ mmax: -9.76 })))).toContain('Too short for integrated');
    expect(text(loudnessCell(analysed({})))).toBe('');
    expect(text(loudnessCell({ ...playable(), analysis: null }))).toBe('');
  });

  test('Peak: true peak in dBTP, an over marked', () => {
    expect(text(peakCell(analysed({ truePeakDb: -1.04 })))).toBe('-1.0');
    expect(html(peakCell(analysed({ truePeakDb: 0.4 })))).toContain('class="over"');
  });

  test('Key: the tagged key wins; else the detected one, in italics titled "detected"', () => {
    const detected = html(keyCell(analysed({ key: 'F#m', keyConf: 0.8 })));
    expect(detected).toMatch(/^<em class="detected" title="detected \(80 % sure\)">F#m<\/em>$/);
    const tagged = analysed({ key: 'F#m' });
    tagged.meta = { ...tagged.meta, key: '8A' };
    expect(text(keyCell(tagged))).toBe('Am');
    expect(text(keyCell(analysed({})))).toBe('');
  });

  test('BPM: where it came from in the title; detected in italics, with half/double as "87/174"', () => {
    const tagged = { ...analysed({ bpm: 119.6 }), tempo: 120, tempoSource: 'tag' as const };
    expect(text(tempoCell(tagged))).toBe('120');
    expect(html(tempoCell(tagged))).toContain('title="From a BPM tag"');
    const detected = {
      ...analysed({ bpm: 87, bpmAlt: 174 }),
      tempo: 87,
      tempoSource: 'detected' as const,
    };
    expect(text(tempoCell(detected))).toBe('87/174');
    expect(html(tempoCell(detected))).toContain('class="detected"');
    // Rows that carry the detected tempo only in `analysis`.
    const only = { ...analysed({ bpm: 123.44 }), tempo: null, tempoSource: null };
    expect(text(tempoCell(only))).toBe('123.4');
    expect(text(tempoCell({ ...playable(), tempo: null, tempoSource: null }))).toBe('');
  });

  test('Type: loop with its beats, or one-shot; Root: by the note naming, cents in the title', () => {
    expect(text(typeCell(analysed({ kind: 'loop', beats: 8 })))).toBe('Loop 8');
    expect(text(typeCell(analysed({ kind: 'oneshot' })))).toBe('One-shot');
    expect(text(typeCell(analysed({})))).toBe('');
    const root = analysed({ rootMidi: 60.12 });
    const naming = useSettingsStore.getState().preferences.noteNaming;
    expect(text(rootCell(root))).toBe(naming === 'C3' ? 'C3' : 'C4');
    expect(html(rootCell(root))).toContain('+12 cents');
    expect(text(rootCell(analysed({ rootMidi: 56.4 })))).toMatch(/^G#/);
  });
});

/** The narrowest a track can be (its minmax minimum, or its fixed width), px. */
const least = (track: string) => Number(/(\d+)px/.exec(track)![1]);
/** Room for the rows beside the 240 px sidebar: less the rows' padding and a scrollbar. */
const room = (windowWidth: number) => windowWidth - 240 - 24 - 16;

describe('the columns shown', () => {
  test.each([1024, 1199, 1200, 1439, 1440, 1920])(
    'at %i px the default columns fit beside the sidebar',
    (windowWidth) => {
      const width = widthClass(windowWidth);
      const template = gridTemplate(width, visibleColumns(width, {}));
      const tracks = template.match(/minmax\([^)]*\)|\S+/g)!;
      expect(tracks.map(least).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(room(windowWidth));
    },
  );

  test('the analysis columns are there at 1024 px; the user can hide and show any but the name', () => {
    const narrow = visibleColumns('narrow', {});
    for (const id of ['lufs', 'peak', 'key', 'tempo', 'type']) expect(narrow).toContain(id);
    expect(visibleColumns('wide', {})).toContain('root');
    const chosen = visibleColumns('narrow', { lufs: false, root: true, name: false });
    expect(chosen).not.toContain('lufs');
    expect(chosen).toContain('root');
    expect(chosen).toContain('name');
    // One track per column shown.
    const template = gridTemplate('narrow', chosen);
    expect(template.match(/minmax\([^)]*\)|\S+/g)).toHaveLength(chosen.size);
    expect(columns.filter((c) => c.sort === 'loudness' || c.sort === 'truePeak')).toHaveLength(2);
  });
});

describe('the analysis store', () => {
  test('reads the state on connect, and Cancel and Resume show what the core answers', async () => {
    connections.add(connectAnalysisStore(window.client));
    // The core analyses the library in the background, so the state is read afresh each try:
    // the store must settle on what the core says, however far it has got.
    await vi.waitFor(async () =>
      expect(useAnalysisStore.getState().progress).toEqual(
        await testCore.call('analysis:state', {}),
      ),
    );
    await analysisActions.cancel();
    expect(window.sent).toContain('analysis:cancel');
    await vi.waitFor(async () =>
      expect(useAnalysisStore.getState().progress).toMatchObject({
        ...(await testCore.call<AnalysisProgress>('analysis:state', {})),
        paused: true,
      }),
    );
    await analysisActions.start();
    expect(window.sent).toContain('analysis:start');
    expect(useNoticeStore.getState().notices).toEqual([]);
  });

  test("the visible rows' unanalysed files go to the core once the list is still", async () => {
    connections.add(connectAnalysisStore(window.client));
    // The background analysis may have reached any of these rows already: start them unanalysed.
    const loaded = new Map<number, LibraryRow>(
      [...useLibraryStore.getState().rows].map(([i, r]) => [i, { ...r, analysis: null }]),
    );
    const paths = unanalysedPaths(loaded, 0, 20);
    const ok = [...loaded.values()].filter((r) => r.status === 'ok');
    expect(paths).toEqual(ok.map((r) => r.path));
    expect(paths.length).toBeGreaterThan(0);
    // An analysed row is left out.
    const withOne = new Map(loaded);
    const first = [...withOne.entries()].find(([, r]) => r.path === paths[0])!;
    withOne.set(first[0], { ...first[1], analysis: fileAnalysis() });
    expect(unanalysedPaths(withOne, 0, 20)).toEqual(paths.slice(1));

    const before = window.sent.filter((c) => c === 'analysis:prioritise').length;
    prioritiseVisible(paths);
    await vi.waitFor(() =>
      expect(window.sent.filter((c) => c === 'analysis:prioritise').length).toBe(before + 1),
    );
    expect(useNoticeStore.getState().notices).toEqual([]);
  });
});

describe('the prioritiser', () => {
  /** Timers the test runs by hand: what is due, when. */
  function manualTimers() {
    let due: { run: () => void; ms: number } | null = null;
    return {
      timers: {
        set: (run: () => void, ms: number) => (due = { run, ms }),
        clear: () => (due = null),
      },
      fire: () => {
        const now = due;
        due = null;
        now?.run();
        return now?.ms;
      },
    };
  }

  test('sends the latest rows after the debounce, at most 500, never the same twice', () => {
    const sent: string[][] = [];
    const clock = manualTimers();
    const p = new Prioritiser(async (paths) => sent.push(paths), clock.timers);
    p.visible(['/a', '/b']);
    p.visible(['/c', '/d']);
    expect(sent).toEqual([]);
    expect(clock.fire()).toBe(PRIORITY_DEBOUNCE_MS);
    expect(sent).toEqual([['/c', '/d']]);
    p.visible(['/c', '/d']);
    clock.fire();
    expect(sent).toHaveLength(1);
    const many = Array.from({ length: 700 }, (_, i) => `/f${i}`);
    p.visible(many);
    clock.fire();
    expect(sent[1]).toEqual(many.slice(0, MAX_PRIORITY_PATHS));
    p.visible(['/e']);
    p.dispose();
    expect(clock.fire()).toBeUndefined();
    expect(sent).toHaveLength(2);
  });
});

describe('the rows follow the analysis', () => {
  const progress = (done: number) => ({
    active: true,
    done,
    total: 10,
    failed: 0,
    current: null,
    paused: false,
  });

  test('read again once a second at most while files are analysed, and after the last', () => {
    let refreshed = 0;
    let due: { run: () => void; ms: number } | null = null;
    const rowsAgain = new RowRefresher(() => refreshed++, {
      set: (run, ms) => (due = { run, ms }),
      clear: () => (due = null),
    });
    // The first event only says where the analysis is (the rows were read with that).
    rowsAgain.progress(progress(3));
    expect(due).toBeNull();
    rowsAgain.progress(progress(3));
    expect(due).toBeNull();
    rowsAgain.progress(progress(4));
    rowsAgain.progress(progress(5));
    expect(due).toMatchObject({ ms: ROW_REFRESH_MS });
    due!.run();
    due = null;
    expect(refreshed).toBe(1);
    rowsAgain.progress({ ...progress(10), active: false });
    due!.run();
    expect(refreshed).toBe(2);
    rowsAgain.progress(progress(11));
    rowsAgain.dispose();
    expect(due).toBeNull();
  });
});

describe('find similar', () => {
  test('asks for the files like the focused one, sorted by similarity; leaving puts the sort back', async () => {
    libraryFeed.setQuery({ sort: 'tempo', descending: true });
    const row = playable();
    expect(findSimilar(row)).toBe(true);
    const { query } = useLibraryStore.getState();
    expect(query).toMatchObject({ sort: 'similarity', descending: false });
    expect(query.similar).toMatchObject({
      path: row.path,
      name: row.name,
      weights: DEFAULT_ASPECTS,
    });
    expect(toWire(query).similar).toEqual({ path: row.path, weights: DEFAULT_ASPECTS });
    // The core takes the query (a name or an old sort on the wire would be refused).
    await vi.waitFor(() => expect(useLibraryStore.getState().settled).toBe(true), {
      timeout: 10_000,
    });
    const sent = window.sent.length;
    setSimilarWeights({ timbre: 0.2, pitch: 1, envelope: 0 });
    expect(useLibraryStore.getState().query.similar?.weights).toEqual({
      timbre: 0.2,
      pitch: 1,
      envelope: 0,
    });
    await vi.waitFor(() => expect(window.sent.slice(sent)).toContain('library:query'));
    // Another file keeps the weights and the sort to go back to.
    findSimilar(rows.filter((r) => r.status === 'ok').at(-1)!);
    expect(useLibraryStore.getState().query.similar?.weights.pitch).toBe(1);
    leaveSimilar();
    expect(useLibraryStore.getState().query).toMatchObject({
      similar: null,
      sort: 'tempo',
      descending: true,
    });
    await vi.waitFor(() => expect(useLibraryStore.getState().settled).toBe(true), {
      timeout: 10_000,
    });
    expect(useNoticeStore.getState().notices).toEqual([]);
  });

  test('with nothing selected it says so and changes nothing', () => {
    const before = useLibraryStore.getState().query;
    expect(findSimilar()).toBe(false);
    expect(useLibraryStore.getState().query).toBe(before);
    expect(useNoticeStore.getState().notices.map((n) => n.text)).toEqual([
      'Select a file to find files like it',
    ]);
  });
});
