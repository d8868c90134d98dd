import { version } from '../../../package.json';
import { nodeAudioLauncher } from '../audio/node-audio-launcher';
import { createCore, type Core, type CoreDeps } from '../core';
import { builtPaths, defaultUserDataDir } from '../paths';

/** The core as plain Node runs it: the web shell and the CLI. */
export function createNodeCore(shell: 'web' | 'cli', overrides: Partial<CoreDeps> = {}): Core {
  return createCore({
    appVersion: version,
    shell,
    versions: { node: process.versions.node, v8: process.versions.v8 },
    userDataDir: defaultUserDataDir(),
    launchAudioProcess: nodeAudioLauncher(builtPaths.audioProcess),
    fileWorkerPath: builtPaths.fileWorker,
    clockWorkerPath: builtPaths.clockWorker,
    ...overrides,
  });
}
