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
  /** Paths by size: every file a scan adds asks for its size (100k asks, 20k marked files). */
  private readonly bySize = new Map<number, Set<string>>();
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

  /** Identities the database holds, added to (or replacing those of) the same paths. */
  known(items: readonly [path: string, size: number, hash: string][]): void {
    for (const [path, size, hash] of items) this.put(path, { size, hash });
  }

  /** Every identity the database holds (a reload: what it does not hold is forgotten). */
  reset(items: readonly [path: string, size: number, hash: string][]): void {
    this.byPath.clear();
    this.bySize.clear();
    this.known(items);
  }

  private put(path: string, identity: Identity): void {
    this.drop(path);
    this.byPath.set(path, identity);
    const paths = this.bySize.get(identity.size) ?? new Set<string>();
    this.bySize.set(identity.size, paths.add(path));
  }

  private drop(path: string): void {
    const size = this.byPath.get(path)?.size;
    if (size === undefined) return;
    this.byPath.delete(path);
    const paths = this.bySize.get(size);
    paths?.delete(path);
    if (paths?.size === 0) this.bySize.delete(size);
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
    this.drop(from);
    if (identity) this.put(to, identity);
  }

  ofSize(size: number, kept: (path: string) => boolean): { path: string; hash: string }[] {
    const found: { path: string; hash: string }[] = [];
    for (const path of this.bySize.get(size) ?? []) {
      if (kept(path)) found.push({ path, hash: this.byPath.get(path)!.hash });
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
        for (const { path, size, hash } of items) this.put(path, { size, hash });
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
