/**
 * The web shell: the same core under plain Node, the built renderer and a loopback WebSocket.
 * Used by the end-to-end tests and by anyone who wants Sampledeck headless on a studio box.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DisposableStore } from '../../shared/lifecycle';
import { builtPaths, defaultUserDataDir } from '../paths';
import { createNodeCore } from './node-core';
import { loadWebToken } from './web-token';
import { startWsHost } from './ws-host';

const usage = `usage: node out/main/node-main.js [--port N] [--host 127.0.0.1] [--user-data DIR]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.SAMPLEDECK_PORT ?? '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'user-data': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  }
  const userDataDir = resolve(values['user-data'] ?? defaultUserDataDir());
  // Released newest first: the clients go before the core, whose last writes are awaited.
  const disposables = new DisposableStore();
  // The folder's lock first: a second shell that is refused must not touch its token.
  const core = disposables.add(createNodeCore('web', { userDataDir }));
  const token = await loadWebToken(userDataDir);
  const host = disposables.add(
    await startWsHost({
      core,
      token,
      host: values.host,
      port,
      staticDir: resolve(builtPaths.renderer),
      libraryFile: (id) => core.library.index.getById(id),
    }),
  );
  console.log(`Sampledeck web shell: ${host.url}`);

  const stop = () => {
    disposables
      .dispose()
      .catch((error: unknown) => console.error('sampledeck web shell: shutting down:', error))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Last resort: a bug in one request must not take down the shell and every open window.
process.on('uncaughtException', (error) => console.error('sampledeck web shell: uncaught:', error));
process.on('unhandledRejection', (reason) =>
  console.error('sampledeck web shell: unhandled rejection:', reason),
);

main().catch((error: unknown) => {
  console.error(`sampledeck web shell: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
