import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireInstanceLock,
  INSTANCE_LOCK_FILE,
  UserDataLockedError,
} from '../../src/main/platform/instance-lock';
import type { InvokeResult } from '../../src/shared/contract';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { makeWav } from '../fixtures/audio-files';
import { realAudioProcess } from '../fixtures/audio-harness';
import { createTestCore } from '../fixtures/test-core';
import { builtEntry } from '../fixtures/built';

const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) await stop(child);
});

interface Shell {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves with the printed address, or rejects with the exit code and stderr. */
  url: Promise<string>;
  exited: Promise<number | null>;
}

function webShell(userDataDir: string): Shell {
  const child = spawn(
    process.execPath,
    [builtEntry('node-main'), '--port', '0', '--user-data', userDataDir],
    {
      env: { ...process.env, ...alsaFileDevice().env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = new Promise<string>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`web shell exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^Sampledeck web shell: (\S+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
  });
  url.catch(() => undefined);
  return { child, stderr: () => stderr, url, exited };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/** A pid that no process has now: a child that has already exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  const pid = Number(run.stdout);
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

function lockOf(dir: string): { pid: number; shell: string } {
  return JSON.parse(readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8')) as {
    pid: number;
    shell: string;
  };
}

describe('one Sampledeck per user-data folder (web shell)', () => {
  it('a second web shell on the same folder exits, naming the folder, the other pid and --user-data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-lock-'));
    const first = webShell(dir);
    await first.url;
    expect(lockOf(dir)).toMatchObject({ pid: first.child.pid, shell: 'web' });

    const second = webShell(dir);
    await expect(second.url).rejects.toThrow();
    expect(await second.exited).toBe(1);
    expect(second.stderr().trim().split('\n')).toEqual([
      `sampledeck web shell: ${dir} is in use by another Sampledeck (web shell, pid ${first.child.pid}); ` +
        'quit that one, or start this one on another folder with --user-data DIR',
    ]);
    // The first one still holds it, and gives it up when it stops.
    expect(lockOf(dir).pid).toBe(first.child.pid);
    await stop(first.child);
    expect(existsSync(join(dir, INSTANCE_LOCK_FILE))).toBe(false);
    expect(readdirSync(dir).filter((name) => name.includes('lock'))).toEqual([]);
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-lock-stale-'));
    const stale = deadPid();
    writeFileSync(
      join(dir, INSTANCE_LOCK_FILE),
      JSON.stringify({ pid: stale, shell: 'web', startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const shell = webShell(dir);
    await shell.url;
    expect(lockOf(dir)).toMatchObject({ pid: shell.child.pid, shell: 'web' });
  });
});

describe('acquireInstanceLock', () => {
  it('refuses a folder a live process holds, and takes over a damaged lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-lock-unit-'));
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    started.push(holder);
    writeFileSync(
      join(dir, INSTANCE_LOCK_FILE),
      JSON.stringify({ pid: holder.pid, shell: 'electron', startedAt: '' }),
    );
    expect(() => acquireInstanceLock(dir, 'web')).toThrow(UserDataLockedError);
    expect(() => acquireInstanceLock(dir, 'web')).toThrow(
      `${dir} is in use by another Sampledeck (electron, pid ${holder.pid})`,
    );
    expect(lockOf(dir).pid).toBe(holder.pid);

    writeFileSync(join(dir, INSTANCE_LOCK_FILE), '{"pid": 12'); // cut short
    const lock = acquireInstanceLock(dir, 'web');
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, shell: 'web' });
    lock.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('dispose leaves a lock that is no longer ours', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-lock-unit-'));
    const lock = acquireInstanceLock(dir, 'web');
    const other = JSON.stringify({ pid: deadPid(), shell: 'web', startedAt: '' });
    writeFileSync(join(dir, INSTANCE_LOCK_FILE), other);
    lock.dispose();
    expect(readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8')).toBe(other);
  });
});

describe('sampledeck info (CLI): never writes the user-data folder a running app owns', () => {
  it('reads the saved library and settings from a copy', async () => {
    const config = mkdtempSync(join(tmpdir(), 'sd-lock-cli-'));
    const userDataDir = join(config, 'Sampledeck');
    // A library saved by the app, whose folder has changed since: a core that loads it
    // finds a new file and saves the cache again.
    const folder = mkdtempSync(join(tmpdir(), 'sd-lock-cli-lib-'));
    writeFileSync(join(folder, 'kick.wav'), makeWav({ frames: 4410 }));
    const { core } = createTestCore({
      userDataDir,
      launchAudioProcess: realAudioProcess(alsaFileDevice().env),
    });
    await core.ready;
    const added = (await core.dispatch('library:add', {
      paths: [folder],
    })) as InvokeResult<unknown>;
    expect(added.ok).toBe(true);
    await core.dispatch('player:set-volume', { db: -9 });
    await core.dispose();
    writeFileSync(join(folder, 'snare.wav'), makeWav({ frames: 4410 }));

    const before = Object.fromEntries(
      ['library.json', 'settings.json'].map((name) => {
        const path = join(userDataDir, name);
        return [name, { bytes: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs }];
      }),
    );

    const info = spawnSync(process.execPath, [builtEntry('cli'), 'info'], {
      encoding: 'utf8',
      env: { ...process.env, ...alsaFileDevice().env, XDG_CONFIG_HOME: config },
    });
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ library: { folders: 1 } });
    for (const [name, was] of Object.entries(before)) {
      const path = join(userDataDir, name);
      expect({ name, bytes: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs }).toEqual({
        name,
        ...was,
      });
    }
  });
});
