import { version } from '../../../package.json';
import { DisposableStore } from '../../shared/lifecycle';
import { nodeAudioLauncher } from '../audio/node-audio-launcher';
import { createCore, type Core, type CoreDeps } from '../core';
import { acquireInstanceLock } from '../platform/instance-lock';
import { builtPaths, defaultUserDataDir } from '../paths';

/**
 * The core as plain Node runs it: the web shell and the CLI. The web shell holds its user-data
 * folder's lock (it throws UserDataLockedError when another Sampledeck has it); the CLI does not,
 * because it never writes the user's folder (see src/cli/user-data-snapshot.ts).
 */
export function createNodeCore(shell: 'web' | 'cli', overrides: Partial<CoreDeps> = {}): Core {
  const userDataDir = overrides.userDataDir ?? defaultUserDataDir();
  const disposables = new DisposableStore();
  const lock = shell === 'web' ? acquireInstanceLock(userDataDir, shell) : null;
  // Released last, once the core's last writes are on disk (even when disposing it failed).
  if (lock) disposables.add(lock);
  const core = disposables.add(
    createCore({
      appVersion: version,
      shell,
      versions: { node: process.versions.node, v8: process.versions.v8 },
      userDataDir,
      launchAudioProcess: nodeAudioLauncher(builtPaths.audioProcess),
      fileWorkerPath: builtPaths.fileWorker,
      clockWorkerPath: builtPaths.clockWorker,
      marksWorkerPath: builtPaths.marksWorker,
      ...overrides,
    }),
  );
  return { ...core, dispose: () => disposables.dispose() };
}
