/**
 * The audio output section's store against the real core (the window's own client over
 * core.dispatch and core.subscribe), and the picker's pure logic.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectDispatcher } from '../../src/renderer/src/actions/dispatcher';
import {
  audioOutputActions,
  connectAudioOutputStore,
  deviceOptions,
  SYSTEM_DEFAULT,
  typedDevice,
  useAudioOutputStore,
} from '../../src/renderer/src/stores/audio-output';
import { useNoticeStore } from '../../src/renderer/src/stores/notices';
import { DisposableStore } from '../../src/shared/lifecycle';
import { createTestCore, type TestCore } from '../fixtures/test-core';
import { windowClient } from '../fixtures/window-client';

describe('the device picker’s options', () => {
  const usb = { id: 'plughw:CARD=M2,DEV=0', label: 'Mbox 2 (direct, exclusive)', detail: null };

  it('offers the system default first, then what was found', () => {
    expect(deviceOptions([usb], null)).toEqual([
      { value: SYSTEM_DEFAULT, label: 'System default', missing: false },
      { value: usb.id, label: usb.label, missing: false },
    ]);
  });

  it('keeps showing a chosen device that was not found, marked so', () => {
    expect(deviceOptions([usb], 'sd_gone').at(-1)).toEqual({
      value: 'sd_gone',
      label: 'sd_gone (not found)',
      missing: true,
    });
    expect(deviceOptions([usb], usb.id)).toHaveLength(2);
  });

  it('a typed name is trimmed; nothing typed is the system default', () => {
    expect(typedDevice('  pipewire ')).toBe('pipewire');
    expect(typedDevice('   ')).toBeNull();
  });
});

describe('the audio output store with the real core', () => {
  let testCore: TestCore;
  let connections: DisposableStore;
  let userDataDir: string;

  beforeEach(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'sd-audio-store-'));
    testCore = createTestCore({ userDataDir });
    await testCore.core.ready;
    connections = new DisposableStore();
    connections.add(connectDispatcher(windowClient(testCore.core).client));
    useNoticeStore.setState({ notices: [] });
    useAudioOutputStore.setState(useAudioOutputStore.getInitialState(), true);
  });

  afterEach(async () => {
    await connections.dispose();
    await testCore.core.dispose();
  });

  it('lists on connect, follows the choice, and keeps it in settings', async () => {
    const client = windowClient(testCore.core).client;
    connections.add(connectAudioOutputStore(client));
    await vi.waitFor(() => expect(useAudioOutputStore.getState().output).not.toBeNull(), {
      timeout: 10_000,
    });
    expect(useAudioOutputStore.getState()).toMatchObject({
      listing: false,
      output: { chosen: null, current: null, fallback: null },
    });
    await audioOutputActions.choose('sd_typed');
    expect(useAudioOutputStore.getState().output).toMatchObject({ chosen: 'sd_typed' });
    await testCore.core.dispose();
    // Disposed, the core has written its settings; a new one reads the choice back.
    const again = createTestCore({ userDataDir });
    await again.core.ready;
    connections.add(connectDispatcher(windowClient(again.core).client));
    await audioOutputActions.refresh();
    expect(useAudioOutputStore.getState().output).toMatchObject({ chosen: 'sd_typed' });
    expect(deviceOptions(useAudioOutputStore.getState().devices, 'sd_typed').at(-1)).toMatchObject({
      value: 'sd_typed',
      missing: true,
    });
    await again.core.dispose();
  });

  it('a name the core refuses is told to the user, and the choice stays', async () => {
    await audioOutputActions.choose('two words');
    expect(useNoticeStore.getState().notices.map((n) => n.text)).toEqual([
      expect.stringMatching(/^The audio device could not be chosen.*no spaces/),
    ]);
    expect(useAudioOutputStore.getState().output).toBeNull();
  });
});
