import { fileIdentity } from './file-identity';

export type Identify = (path: string) => Promise<{ size: number; hash: string }>;

interface Identity {
  size: number;
  hash: string;
}

const BATCH = 200;

/**
 * The identities (size + edge hash) of marked files: taken in the background after a file is
 * first marked (a 1,000-file tag never waits on 2,000 reads), saved to the database in
 * batches, and held in memory so `candidatesOfSize` answers at once.
 */
export class IdentityQueue {
  private readonly byPath = new Map<string, Identity>();
  private readonly waiting = new Set<string>();
  private running: Promise<void> | null = null;
  private disposed = false;

  constructor(
    private readonly options: {
      identify?: Identify;
      save: (items: { path: string; size: number; hash: string }[]) => Promise<void>;
      log?: (message: string) => void;
    },
  ) {}

  /** The identities the database holds (all of them: what it does not hold is forgotten). */
  known(items: readonly [path: string, size: number, hash: string][]): void {
    this.byPath.clear();
    for (const [path, size, hash] of items) this.byPath.set(path, { size, hash });
  }

  add(paths: readonly string[]): void {
    for (const path of paths) if (!this.byPath.has(path)) this.waiting.add(path);
    if (this.waiting.size && !this.running && !this.disposed) {
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.waiting.size && !this.disposed) this.add([]);
      });
    }
  }

  moved(from: string, to: string): void {
    const identity = this.byPath.get(from);
    this.byPath.delete(from);
    if (identity) this.byPath.set(to, identity);
  }

  ofSize(size: number, kept: (path: string) => boolean): { path: string; hash: string }[] {
    const found: { path: string; hash: string }[] = [];
    for (const [path, identity] of this.byPath) {
      if (identity.size === size && kept(path)) found.push({ path, hash: identity.hash });
    }
    return found;
  }

  /** Resolves once every identity asked for so far is taken and saved (or given up). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    const identify = this.options.identify ?? fileIdentity;
    while (this.waiting.size && !this.disposed) {
      const batch = [...this.waiting].slice(0, BATCH);
      const items: { path: string; size: number; hash: string }[] = [];
      for (const path of batch) {
        this.waiting.delete(path);
        try {
          const identity = await identify(path);
          items.push({ path, ...identity });
        } catch {
          // Not on disk now (marked by import, or gone): it gets no identity to be followed by.
        }
      }
      if (!items.length) continue;
      try {
        await this.options.save(items);
        for (const { path, size, hash } of items) this.byPath.set(path, { size, hash });
      } catch (error) {
        this.options.log?.(`marks: file identities not saved: ${(error as Error).message}`);
      }
    }
  }

  /** Stops after the batch in flight; the rest are taken at the next open (hash IS NULL). */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.running;
  }
}
