import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShellKind } from '../../shared/contract';
import { processExists } from './process-exists';
import type { Disposable } from '../../shared/lifecycle';

/** The lock's name inside the user-data folder. */
export const INSTANCE_LOCK_FILE = 'instance.lock';

export interface LockOwner {
  pid: number;
  shell: ShellKind;
  startedAt: string;
}

/** Another live Sampledeck holds the folder; the message says who and what to do. */
export class UserDataLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `${dir} is in use by another Sampledeck (${owner.shell === 'web' ? 'web shell' : owner.shell}, ` +
        `pid ${owner.pid}); quit that one, or start this one on another folder with --user-data DIR`,
    );
    this.name = 'UserDataLockedError';
  }
}

/** Disposing it removes the lock if it is still ours; safe to do more than once. */
export interface InstanceLock extends Disposable {
  readonly file: string;
  dispose(): void;
}

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner> | null;
    if (typeof owner?.pid !== 'number' || !Number.isInteger(owner.pid) || owner.pid <= 0) {
      return null;
    }
    return {
      pid: owner.pid,
      shell: owner.shell ?? 'web',
      startedAt: String(owner.startedAt ?? ''),
    };
  } catch {
    return null;
  }
}

/**
 * Whether another process with this pid runs. Our own pid in a lock is a leftover of an earlier
 * process that had it (pids repeat, in containers especially): it cannot be another instance.
 */
const isAlive = (pid: number) => pid !== process.pid && processExists(pid);

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Takes `<dir>/instance.lock` for this process, so two Sampledecks never write one user-data
 * folder. The lock is created whole (written beside it, then hard-linked into place, which fails
 * if it exists), holds our pid and shell, and goes when disposed or when the process exits. A lock
 * whose pid is gone (a crash, kill -9), or that cannot be read, is taken over.
 */
export function acquireInstanceLock(dir: string, shell: ShellKind): InstanceLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, INSTANCE_LOCK_FILE);
  const own: LockOwner = { pid: process.pid, shell, startedAt: new Date().toISOString() };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(own));
  try {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        linkSync(temp, file);
        return held(file);
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw error;
      }
      const owner = readOwner(file);
      if (owner && isAlive(owner.pid)) throw new UserDataLockedError(dir, owner);
      // Stale: move it aside (one rename wins when two instances take over at once), and make
      // sure what was moved is the stale lock and not one another instance has just taken.
      const aside = `${file}.stale-${process.pid}`;
      try {
        renameSync(file, aside);
      } catch (error) {
        if (codeOf(error) === 'ENOENT') continue;
        throw error;
      }
      const moved = readOwner(aside);
      if (moved && isAlive(moved.pid)) {
        try {
          linkSync(aside, file);
        } finally {
          rmSync(aside, { force: true });
        }
        throw new UserDataLockedError(dir, moved);
      }
      rmSync(aside, { force: true });
    }
    throw new Error(`could not take ${file}: other processes keep replacing it`);
  } finally {
    rmSync(temp, { force: true });
  }
}

function held(file: string): InstanceLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { file, dispose: release };
}
