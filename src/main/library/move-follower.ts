import { stat } from 'node:fs/promises';
import { fileIdentity } from '../marks/file-identity';
import { fsPath } from '../platform/fs-path';

/** What the marks store tells the library so that marks follow a file that moved. */
export interface MarksFollow {
  /**
   * Resolves once the marks are loaded: until then candidatesOfSize knows no file, and the scan
   * at start (which runs while they load) would miss a file moved while the app was closed.
   */
  ready?(): Promise<void>;
  /** Marked files of this size, with the hash fileIdentity() gave when they were marked. */
  candidatesOfSize(size: number): { path: string; hash: string }[];
  /** `from` is now `to`: its marks go with it. */
  moved(from: string, to: string): Promise<void>;
}

const onDisk = (path: string) =>
  stat(fsPath(path)).then(
    () => true,
    () => false,
  );

/**
 * Looks at each file new to the library: when a marked file of the same size is no longer on
 * disk (whether or not the library has dropped it yet: a scan sweeps gone files only at its end)
 * and the two ends hash the same, the new file is that one, moved or renamed. A candidate still
 * on disk is a copy, not a move: it keeps its marks and the copy gets none.
 */
export class MoveFollower {
  private pending: Promise<void> = Promise.resolve();
  private loaded = false;

  constructor(
    private readonly follow: MarksFollow,
    private readonly log?: (message: string) => void,
  ) {}

  added(files: readonly { path: string; sizeBytes: number }[]): void {
    // Most new files have no marked file of their size: nothing to read for them.
    const maybe = this.loaded ? files.filter((file) => this.mayHaveMoved(file)) : files;
    if (maybe.length === 0) return;
    const paths = maybe.map((f) => ({ path: f.path, sizeBytes: f.sizeBytes }));
    this.pending = this.pending.then(async () => {
      if (!this.loaded) {
        await this.follow.ready?.();
        this.loaded = true;
      }
      await this.check(paths.filter((file) => this.mayHaveMoved(file))).catch((error: Error) =>
        this.log?.(`marks did not follow a moved file: ${error.message}`),
      );
    });
  }

  private mayHaveMoved(file: { path: string; sizeBytes: number }): boolean {
    return this.follow.candidatesOfSize(file.sizeBytes).some((c) => c.path !== file.path);
  }

  /** Resolves once every file added so far has been checked (and its move followed). */
  async idle(): Promise<void> {
    let last: Promise<void>;
    do {
      last = this.pending;
      await last;
    } while (last !== this.pending);
  }

  private async check(files: { path: string; sizeBytes: number }[]): Promise<void> {
    for (const file of files) {
      // Asked again: a move followed a moment ago has taken its candidate.
      const candidates = this.follow
        .candidatesOfSize(file.sizeBytes)
        .filter((c) => c.path !== file.path);
      const gone: typeof candidates = [];
      for (const candidate of candidates) if (!(await onDisk(candidate.path))) gone.push(candidate);
      if (gone.length === 0) continue;
      const identity = await fileIdentity(file.path).catch(() => null);
      // Gone again, or changed since it was read: the next scan or change looks again.
      if (identity === null || identity.size !== file.sizeBytes) continue;
      const match = gone.find((c) => c.hash === identity.hash);
      if (match) await this.follow.moved(match.path, file.path);
    }
  }
}
