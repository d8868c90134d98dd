/**
 * The application menu's `app:command` event in the window (src/renderer/src/stores/app-commands.ts):
 * it runs the handler the window registered, over the renderer's own client and a real core.
 * Main sends the event, not the core, so the bridge here hands on the core's events and main's.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { onAppCommand } from '../../src/renderer/src/actions/app-commands';
import { connectDispatcher } from '../../src/renderer/src/actions/dispatcher';
import { libraryActions } from '../../src/renderer/src/actions/library-actions';
import { createClient } from '../../src/renderer/src/ipc/client';
import { connectAppCommands } from '../../src/renderer/src/stores/app-commands';
import type { Bridge, LibraryState } from '../../src/shared/contract';
import { DisposableStore } from '../../src/shared/lifecycle';
import { writeSampleLibrary } from '../fixtures/library-tree';
import { createTestCore, type TestCore } from '../fixtures/test-core';

let testCore: TestCore;
let connections: DisposableStore;
let fromMain: (name: string, payload: unknown) => void;
const sent: string[] = [];

beforeEach(async () => {
  testCore = createTestCore();
  await testCore.core.ready;
  sent.length = 0;
  const listeners = new Set<(name: string, payload: unknown) => void>();
  fromMain = (name, payload) => {
    for (const listener of listeners) listener(name, structuredClone(payload));
  };
  const bridge: Bridge = {
    invoke: async (channel, args) => {
      sent.push(channel);
      return structuredClone(await testCore.core.dispatch(channel, structuredClone(args)));
    },
    subscribe: (listener) => {
      listeners.add(listener);
      const subscription = testCore.core.subscribe((name, payload) =>
        listener(name, structuredClone(payload)),
      );
      return () => {
        listeners.delete(listener);
        void subscription.dispose();
      };
    },
    setEvents: () => undefined,
  };
  const client = createClient(bridge);
  connections = new DisposableStore();
  connections.add(connectDispatcher(client));
  connections.add(connectAppCommands(client));
});

afterEach(async () => {
  await connections.dispose();
  await testCore.core.dispose();
});

describe('app:command from the menu', () => {
  test('Rescan runs the handler the window registered: the core scans every folder again', async () => {
    const { root } = writeSampleLibrary();
    await testCore.call('library:add', { paths: [root] });
    await vi.waitFor(
      async () =>
        expect((await testCore.call<LibraryState>('library:state', {})).scan.active).toBe(false),
      { timeout: 10_000 },
    );
    const scans: boolean[] = [];
    const watching = testCore.core.subscribe((name, payload) => {
      if (name === 'library:changed') scans.push((payload as LibraryState).scan.active);
    });
    const off = onAppCommand('rescan', () => void libraryActions.rescanAll());

    fromMain('app:command', { command: 'rescan' });

    await vi.waitFor(() => expect(sent).toContain('library:rescan'), { timeout: 10_000 });
    await vi.waitFor(() => expect(scans).toContain(true), { timeout: 10_000 });
    off();
    await watching.dispose();
  });

  test('runs only the command named, and nothing once unregistered or disconnected', () => {
    const ran: string[] = [];
    const offAbout = onAppCommand('about', () => ran.push('about'));
    const offFind = onAppCommand('find', () => ran.push('find'));

    fromMain('app:command', { command: 'about' });
    expect(ran).toEqual(['about']);

    // Not a command the window knows: ignored, nothing thrown.
    fromMain('app:command', { command: 'format-disk' });
    expect(ran).toEqual(['about']);

    offAbout();
    fromMain('app:command', { command: 'about' });
    expect(ran).toEqual(['about']);

    void connections.dispose();
    fromMain('app:command', { command: 'find' });
    expect(ran).toEqual(['about']);
    offFind();
  });
});
