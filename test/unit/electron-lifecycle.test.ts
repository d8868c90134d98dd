import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appArguments, parseLaunchArgs } from '../../src/main/host/launch-paths';
import { quitAfterDispose } from '../../src/main/host/quit-after-dispose';
import type { InvokeResult, LibraryState } from '../../src/shared/contract';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { makeWav } from '../fixtures/audio-files';
import { realAudioProcess } from '../fixtures/audio-harness';
import { createTestCore } from '../fixtures/test-core';

/** Electron's `app` as far as quitting goes: `quit()` raises `will-quit`, which may be prevented. */
class FakeApp extends EventEmitter {
  quitCalls = 0;
  exited = false;
  readonly quitted: Promise<void>;
  private resolveQuitted!: () => void;

  constructor() {
    super();
    this.quitted = new Promise((resolve) => (this.resolveQuitted = resolve));
  }

  quit(): void {
    this.quitCalls += 1;
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.exited = true;
      this.resolveQuitted();
    }
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('quitAfterDispose (Electron will-quit)', () => {
  it('holds the quit until dispose has finished, then quits once for real', async () => {
    const app = new FakeApp();
    const dispose = deferred();
    const disposeCalls = vi.fn(() => dispose.promise);
    quitAfterDispose(app, disposeCalls, { log: () => undefined });

    app.quit();
    // A second Cmd-Q while saving is held as well, and does not dispose twice.
    app.quit();
    expect(app.exited).toBe(false);
    expect(disposeCalls).toHaveBeenCalledTimes(1);

    dispose.resolve();
    await app.quitted;
    expect(app.exited).toBe(true);
    expect(app.quitCalls).toBe(3);
    expect(disposeCalls).toHaveBeenCalledTimes(1);
  });

  it('quits after the ceiling when dispose hangs, and says so', async () => {
    vi.useFakeTimers();
    const app = new FakeApp();
    const log = vi.fn();
    quitAfterDispose(app, () => new Promise<void>(() => undefined), { timeoutMs: 5000, log });

    app.quit();
    await vi.advanceTimersByTimeAsync(4999);
    expect(app.exited).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.exited).toBe(true);
    expect(log).toHaveBeenCalledWith(
      'quitting: saving did not finish within 5000 ms; quitting anyway',
    );
  });

  it('quits when dispose fails, logging the reason', async () => {
    const app = new FakeApp();
    const log = vi.fn();
    const dispose = deferred();
    quitAfterDispose(app, () => dispose.promise, { log });
    app.quit();
    dispose.reject(new Error('disk full'));
    await app.quitted;
    expect(log).toHaveBeenCalledWith('quitting: disk full');
  });

  it('with the real core: the library and settings are on disk when the app quits', async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'sd-quit-'));
    const { core } = createTestCore({
      userDataDir,
      launchAudioProcess: realAudioProcess(alsaFileDevice().env),
    });
    await core.ready;
    const folder = mkdtempSync(join(tmpdir(), 'sd-quit-lib-'));
    writeFileSync(join(folder, 'kick.wav'), makeWav({ frames: 4410 }));
    const added = (await core.dispatch('library:add', {
      paths: [folder],
    })) as InvokeResult<unknown>;
    expect(added.ok).toBe(true);
    await vi.waitFor(
      async () => {
        const state = (await core.dispatch('library:state', {})) as InvokeResult<LibraryState>;
        expect(state.ok && !state.result.scan.active && state.result.total === 1).toBe(true);
      },
      { timeout: 10_000, interval: 20 },
    );
    const volume = (await core.dispatch('player:set-volume', { db: -7 })) as InvokeResult<unknown>;
    expect(volume.ok).toBe(true);

    const app = new FakeApp();
    let onDiskAtQuit: { library: string; settings: string } | null = null;
    app.on('will-quit', () => {
      // Runs after quitAfterDispose's listener: what is on disk when the process would end.
      if (app.quitCalls === 2)
        onDiskAtQuit = {
          library: readFileSync(join(userDataDir, 'library.json'), 'utf8'),
          settings: readFileSync(join(userDataDir, 'settings.json'), 'utf8'),
        };
    });
    quitAfterDispose(app, () => core.dispose());
    // The library's cache is written a second after a change, or on dispose: quit comes first.
    app.quit();
    await app.quitted;

    expect(onDiskAtQuit).not.toBeNull();
    expect(onDiskAtQuit!.library).toContain(folder);
    expect(onDiskAtQuit!.library).toContain('kick.wav');
    expect(JSON.parse(onDiskAtQuit!.settings)).toMatchObject({ volumeDb: -7 });
  });
});

describe('parseLaunchArgs (a launch naming folders and files)', () => {
  it('keeps the folders and files that exist, made absolute against the launch directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sd-argv-'));
    mkdirSync(join(cwd, 'loops'));
    writeFileSync(join(cwd, 'kick.wav'), makeWav({ frames: 10 }));
    const elsewhere = mkdtempSync(join(tmpdir(), 'sd-argv-abs-'));

    const args = [
      'loops',
      '--allow-file-access-from-files',
      './kick.wav',
      '--user-data',
      'profile',
      elsewhere,
      '--inspect=0',
      'loops/',
      'gone.wav',
    ];
    expect(parseLaunchArgs(args, cwd)).toEqual({
      userData: join(cwd, 'profile'),
      paths: [join(cwd, 'loops'), join(cwd, 'kick.wav'), elsewhere],
      missing: [join(cwd, 'gone.wav')],
    });
    expect(parseLaunchArgs([], cwd)).toEqual({ userData: null, paths: [], missing: [] });
  });

  it('finds the app’s arguments after the executable, and after the app path when unpackaged', () => {
    expect(
      appArguments(['/opt/Sampledeck/sampledeck', 'loops', '--user-data', 'p'], false),
    ).toEqual(['loops', '--user-data', 'p']);
    expect(
      appArguments(
        [
          '/usr/bin/electron',
          '--inspect=0',
          '--remote-debugging-port=0',
          '/app/out/main/index.js',
          '--user-data',
          '/p',
          'loops',
        ],
        true,
      ),
    ).toEqual(['--user-data', '/p', 'loops']);
    expect(appArguments(['/usr/bin/electron', '.'], true)).toEqual([]);
  });
});
