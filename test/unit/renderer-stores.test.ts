/**
 * The window's stores and actions against the real core (the renderer's own client over
 * core.dispatch and core.subscribe): what the user sees when a request fails, and the
 * library feed. The sequencer, learn and sampler stores: renderer-sequencer-stores.test.ts.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DisposableStore } from '../../src/shared/lifecycle';
import { connectDispatcher } from '../../src/renderer/src/actions/dispatcher';
import { libraryActions } from '../../src/renderer/src/actions/library-actions';
import { libraryFeed, useLibraryStore } from '../../src/renderer/src/stores/library';
import { midiActions } from '../../src/renderer/src/stores/midi';
import { useMarksStore } from '../../src/renderer/src/stores/marks';
import { useNoticeStore } from '../../src/renderer/src/stores/notices';
import { connectPlayerStore, playerActions } from '../../src/renderer/src/stores/player';
import {
  requestThumbnail,
  connectThumbnails,
  useThumbnailStore,
} from '../../src/renderer/src/stores/thumbnails';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { createTestCore, type TestCore } from '../fixtures/test-core';
import { windowClient, type WindowClient } from '../fixtures/window-client';

let testCore: TestCore;
let window: WindowClient;
let connections: DisposableStore;

const notices = () => useNoticeStore.getState().notices.map((n) => `${n.tone}: ${n.text}`);

beforeEach(async () => {
  testCore = createTestCore();
  await testCore.core.ready;
  window = windowClient(testCore.core);
  connections = new DisposableStore();
  connections.add(connectDispatcher(window.client));
  connections.add(libraryFeed.connect(window.client));
  connections.add(connectPlayerStore(window.client));
  connections.add(connectThumbnails());
  // The stores are the window's singletons: each test starts from what a new window has.
  useNoticeStore.setState({ notices: [] });
  useLibraryStore.setState(useLibraryStore.getInitialState(), true);
  useThumbnailStore.setState(useThumbnailStore.getInitialState(), true);
  useMarksStore.setState(useMarksStore.getInitialState(), true);
});

afterEach(async () => {
  await connections.dispose();
  await testCore.core.dispose();
});

/** A library on disk, added, and its first playable file's row once the list shows it. */
async function addLibrary() {
  const { root } = writeSampleLibrary();
  await testCore.call('library:add', { paths: [root] });
  libraryFeed.setVisible(0, 20);
  await vi.waitFor(
    () => {
      const { rows, total } = useLibraryStore.getState();
      expect(total).toBeGreaterThan(0);
      expect(rows.size).toBe(total);
    },
    { timeout: 10_000 },
  );
  const rows = [...useLibraryStore.getState().rows.values()];
  return { root, rows, playable: rows.find((r) => r.status === 'ok' && r.playable)! };
}

describe('a failed request, by its code', () => {
  test('NOT_FOUND (a file a rescan removed): no notice, the library is read again', async () => {
    await vi.waitFor(() => expect(useLibraryStore.getState().state).not.toBeNull());
    const before = window.sent.length;
    await playerActions.play(987_654);
    expect(notices()).toEqual([]);
    // reload() starts with library:state (an event-driven refresh never asks for it).
    await vi.waitFor(() => expect(window.sent.slice(before)).toContain('library:state'));
  });

  test('NOT_FOUND: a folder the tree showed is read again; a SysEx message gone is said', async () => {
    const before = window.sent.length;
    await libraryActions.rescan('/no/such/folder');
    expect(notices()).toEqual([]);
    await vi.waitFor(() => expect(window.sent.slice(before)).toContain('library:state'));
    // The SysEx export has nothing to re-read: the user is told the message is gone.
    await midiActions.exportSysex(123);
    expect(notices()).toEqual(['error: no SysEx message #123 in the monitor']);
  });

  test('UNAVAILABLE from the core (no audio output here): a notice, once', async () => {
    const { playable } = await addLibrary();
    await playerActions.play(playable.id);
    await playerActions.play(playable.id);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toMatch(/^error: Audio output unavailable: /);
  });

  test('INVALID_ARGS (bad arguments): the core’s message names what is wrong', async () => {
    await midiActions.configureClock({ bpm: 100_000 });
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toMatch(/^error: invalid arguments for clock:configure: bpm: /);
  });

  test('an expected answer (a file with no waveform) shows no notice and no thumbnail', async () => {
    const { rows } = await addLibrary();
    const broken = rows.find((r) => r.status !== 'ok')!;
    const good = rows.find((r) => r.status === 'ok' && r.playable)!;
    requestThumbnail(broken.id);
    requestThumbnail(good.id);
    await vi.waitFor(() => {
      const { peaks } = useThumbnailStore.getState();
      expect(peaks.has(broken.id) && peaks.get(good.id)).toBeTruthy();
    });
    expect(useThumbnailStore.getState().peaks.get(broken.id)).toBeNull();
    expect(notices()).toEqual([]);
  });
});

describe('connectors are released through their Disposable', () => {
  test('a released library feed applies no more changes', async () => {
    await vi.waitFor(() => expect(useLibraryStore.getState().state).not.toBeNull());
    await connections.dispose();
    const version = useLibraryStore.getState().state!.version;
    const { root } = writeSampleLibrary();
    await testCore.call('library:add', { paths: [root] });
    await vi.waitFor(async () =>
      expect(
        (await testCore.call<{ version: number }>('library:state', {})).version,
      ).toBeGreaterThan(version),
    );
    expect(useLibraryStore.getState().state!.version).toBe(version);
  });
});
