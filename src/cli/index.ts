/** `sampledeck`: the same core, from a terminal. */
import type { SystemInfo } from '../shared/contract';
import { DisposableStore } from '../shared/lifecycle';
import { createCoreClient } from '../main/core-client';
import { defaultUserDataDir } from '../main/paths';
import { scanCommand } from './scan-command';
import { userDataSnapshot } from './user-data-snapshot';

const usage = `usage: sampledeck <command>

commands:
  info                      the system status (versions, audio output, MIDI, library) as JSON
  scan <path>... [--json]   read every audio file under the folders (or the files) given, one
                            line per file; --json prints one JSON object per line
  analyze <path>... [--json] analyse every audio file under the folders (or the files) given:
                            loudness, peaks, tempo, key, root note; one line per file
  play <file>               play a WAV or AIFF file and print where it is
  help                      this text`;

/** Waits until no subsystem says "starting" (or the deadline), so `info` reports a settled state. */
async function settledInfo(timeoutMs: number): Promise<SystemInfo> {
  // Released newest first: the core, then the copy of the user's folder it ran on.
  // Loaded here, not at the top: `scan` needs none of the core, and loading it is a third of
  // a 10,000-file scan's start-up.
  const { createNodeCore } = await import('../main/host/node-core');
  const disposables = new DisposableStore();
  // Read-only: the core runs on a copy, so a running app's folder is never written.
  const snapshot = disposables.add(userDataSnapshot(defaultUserDataDir()));
  const core = disposables.add(createNodeCore('cli', { userDataDir: snapshot.dir }));
  const client = createCoreClient(core);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await client.invoke('system:info', {});
      const starting = info.audio.state === 'starting' || info.midi.state === 'starting';
      if (!starting || Date.now() > deadline) return info;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await disposables.dispose();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'scan':
      return scanCommand(
        rest.filter((a) => a !== '--json'),
        rest.includes('--json'),
      );
    case 'analyze':
      return (await import('./analyze-command')).analyzeCommand(
        rest.filter((a) => a !== '--json'),
        rest.includes('--json'),
      );
    case 'play':
      if (rest.length !== 1) throw new Error('play takes one file');
      return (await import('./play-command')).playCommand(rest[0]!);
    case 'info':
      console.log(JSON.stringify(await settledInfo(5000), null, 2));
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`sampledeck: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`sampledeck: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
