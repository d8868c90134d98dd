/**
 * The sequencer, MIDI learn and sampler stores (split from one) against the real core, through
 * the window's own client: a step click's round trip, each store fed by its own events only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SequencerState } from '../../src/shared/contract';
import { DisposableStore } from '../../src/shared/lifecycle';
import { connectControls } from '../../src/renderer/src/actions/controls';
import { connectDispatcher } from '../../src/renderer/src/actions/dispatcher';
import {
  connectLearnStore,
  learnActions,
  useLearnStore,
} from '../../src/renderer/src/stores/learn';
import { libraryFeed, useLibraryStore } from '../../src/renderer/src/stores/library';
import { useNoticeStore } from '../../src/renderer/src/stores/notices';
import {
  connectPlayerStore,
  playerActions,
  usePlayerStore,
} from '../../src/renderer/src/stores/player';
import {
  connectSamplerStore,
  samplerActions,
  useSamplerStore,
} from '../../src/renderer/src/stores/sampler';
import {
  connectSequencerStore,
  sequencerActions,
  useSequencerStore,
} from '../../src/renderer/src/stores/sequencer';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { createTestCore, type TestCore } from '../fixtures/test-core';
import { windowClient, type WindowClient } from '../fixtures/window-client';

let userDataDir: string;
let testCore: TestCore;
let window: WindowClient;
let connections: DisposableStore;

const notices = () => useNoticeStore.getState().notices.map((n) => `${n.tone}: ${n.text}`);
const kick = (state: SequencerState | null) => state!.patterns[0]!.drums[0]!.steps;

beforeEach(async () => {
  userDataDir = mkdtempSync(join(tmpdir(), 'sd-window-'));
  testCore = createTestCore({ userDataDir });
  await testCore.core.ready;
  window = windowClient(testCore.core);
  connections = new DisposableStore();
  connections.add(connectDispatcher(window.client));
  connections.add(libraryFeed.connect(window.client));
  connections.add(connectSequencerStore(window.client));
  connections.add(connectLearnStore(window.client));
  connections.add(connectSamplerStore(window.client));
  connections.add(connectPlayerStore(window.client));
  connections.add(connectControls(window.client));
  useNoticeStore.setState({ notices: [] });
  useSequencerStore.setState({ sequencer: null });
  useLearnStore.setState({ learn: null });
  useSamplerStore.setState({ sampler: { input: null, notes: [] } });
  useLibraryStore.setState({ state: null, rows: new Map(), total: 0 });
  await vi.waitFor(() => {
    expect(useSequencerStore.getState().sequencer).not.toBeNull();
    expect(useLearnStore.getState().learn).not.toBeNull();
  });
});

afterEach(async () => {
  await connections.dispose();
  await testCore.core.dispose();
});

describe('a step click', () => {
  test('sends that step only, flips it in the store once, and is kept in settings.json', async () => {
    // The clock thread starts on the first edit and reports its state as it starts: a first
    // click and its undo, so the click measured below is one like every other.
    await sequencerActions.toggleStep(0, 0, 1);
    await sequencerActions.toggleStep(0, 0, 1);
    const before = kick(useSequencerStore.getState().sequencer)[1];
    let updates = 0;
    const off = useSequencerStore.subscribe(() => (updates += 1));
    const sent = window.sent.length;
    await sequencerActions.toggleStep(0, 0, 1);
    off();
    expect(window.sent.slice(sent)).toEqual(['sequencer:toggle-step']);
    expect(kick(useSequencerStore.getState().sequencer)[1]).toBe(!before);
    // The state came once, as the event; the answer (the step alone) is not applied again.
    expect(updates).toBe(1);
    expect(await testCore.call('sequencer:toggle-step', { pattern: 0, track: 0, step: 1 })).toEqual(
      { on: before },
    );
    await vi.waitFor(() => expect(kick(useSequencerStore.getState().sequencer)[1]).toBe(before));
    await sequencerActions.toggleStep(0, 'bass', 15);
    await testCore.core.dispose();
    const saved = JSON.parse(readFileSync(join(userDataDir, 'settings.json'), 'utf8')) as {
      patterns: SequencerState['patterns'];
    };
    expect(saved.patterns[0]!.drums[0]!.steps[1]).toBe(before);
    expect(saved.patterns[0]!.bass.steps[15]!.on).toBe(
      useSequencerStore.getState().sequencer!.patterns[0]!.bass.steps[15]!.on,
    );
  });

  test('a step that is not there: the notice names the bad value, and nothing changes', async () => {
    const state = useSequencerStore.getState().sequencer;
    await sequencerActions.toggleStep(0, 0, 16);
    await sequencerActions.toggleStep(0, 9, 0);
    expect(notices()).toEqual([
      'error: invalid arguments for sequencer:toggle-step: step: step 16 is not a whole number from 0 to 15',
      'error: sequencer: pattern 1 (Default) has no drum track 10 (it has 4)',
    ]);
    expect(useSequencerStore.getState().sequencer!.patterns).toEqual(state!.patterns);
    await expect(
      testCore.call('sequencer:toggle-step', { pattern: 0, track: 'hat', step: 0 }),
    ).rejects.toThrow('track "hat" is neither a drum track (0-31) nor "bass"');
  });
});

describe('learn, sampler and sequencer are separate stores', () => {
  test('arming learn changes the learn store only', async () => {
    const sequencer = useSequencerStore.getState().sequencer;
    const sampler = useSamplerStore.getState().sampler;
    await learnActions.start('next-file');
    await vi.waitFor(() => expect(useLearnStore.getState().learn?.learning).toBe('next-file'));
    expect(useSequencerStore.getState().sequencer).toBe(sequencer);
    expect(useSamplerStore.getState().sampler).toBe(sampler);
    await learnActions.cancel();
    await vi.waitFor(() => expect(useLearnStore.getState().learn?.learning).toBeNull());
  });

  test('a note mapped to a file shows in the sampler store; a file gone since refreshes the list', async () => {
    const { root } = writeSampleLibrary();
    await testCore.call('library:add', { paths: [root] });
    libraryFeed.setVisible(0, 20);
    await vi.waitFor(() => expect(useLibraryStore.getState().rows.size).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    const file = [...useLibraryStore.getState().rows.values()][0]!;
    const learn = useLearnStore.getState().learn;
    await samplerActions.mapNote(36, file.id);
    expect(useSamplerStore.getState().sampler.notes).toEqual([
      { note: 36, id: file.id, name: file.name },
    ]);
    expect(useLearnStore.getState().learn).toBe(learn);

    const sent = window.sent.length;
    await samplerActions.mapNote(38, 987_654);
    expect(notices()).toEqual([]);
    await vi.waitFor(() => expect(window.sent.slice(sent)).toContain('library:state'));
    expect(useSamplerStore.getState().sampler.notes).toHaveLength(1);
  });
});

describe('a learned control does what the window owns', () => {
  test('a CC learned for “next file” moves the selection; one for “toggle auto-play” flips it', async () => {
    const { root } = writeSampleLibrary();
    await testCore.call('library:add', { paths: [root] });
    libraryFeed.setVisible(0, 20);
    await vi.waitFor(() => expect(useLibraryStore.getState().total).toBeGreaterThan(2), {
      timeout: 10_000,
    });
    await playerActions.setAutoPlay(false);
    await libraryFeed.select(0);
    const loopback = 'internal:Sampledeck Loopback';

    await learnActions.start('next-file');
    await testCore.call('midi:send', { port: loopback, bytes: [0xb0, 21, 127] });
    await vi.waitFor(() => expect(useLearnStore.getState().learn?.mappings).toHaveLength(1));
    // A button fires when pressed: released first, then pressed.
    await testCore.call('midi:send', { port: loopback, bytes: [0xb0, 21, 0] });
    await testCore.call('midi:send', { port: loopback, bytes: [0xb0, 21, 127] });
    await vi.waitFor(() => expect(useLibraryStore.getState().selectedIndex).toBe(1));
    expect(useLibraryStore.getState().selectedId).toBe(useLibraryStore.getState().rows.get(1)!.id);

    await learnActions.start('toggle-auto-play');
    await testCore.call('midi:send', { port: loopback, bytes: [0xb0, 22, 127] });
    await vi.waitFor(() => expect(useLearnStore.getState().learn?.mappings).toHaveLength(2));
    await testCore.call('midi:send', { port: loopback, bytes: [0xb0, 22, 0] });
    await testCore.call('midi:send', { port: loopback, bytes: [0xb0, 22, 127] });
    await vi.waitFor(() => expect(usePlayerStore.getState().autoPlay).toBe(true));
    expect(notices()).toEqual([]);
  });
});
