/**
 * The cost on main of looking for moved marked files while a scan adds files: each batch of new
 * files the library takes asks `candidatesOfSize` once per file (MoveFollower.added), on the
 * main thread. 20,000 marked files (20 % of the 100,000-file library) and a new folder
 * of 20,000 files read in batches of 256, as a scan delivers them. Their sizes never match a
 * marked file's (marked sizes even, new ones odd), so no file is read: this measures the lookup.
 * Baseline in the same run: the identities looked up as before, by a walk over every marked
 * file for each new one. Prints one JSON line: total and worst-batch main-thread ms for each.
 */
import { MoveFollower, type MarksFollow } from '../src/main/library/move-follower';
import { IdentityQueue } from '../src/main/marks/identity-queue';

const MARKED = 20_000;
const NEW_FILES = 20_000;
const BATCH = 256;

const marked: [path: string, size: number, hash: string][] = Array.from(
  { length: MARKED },
  (_, i) => [`/library/marked/${i}.wav`, 10_000 + 2 * (i % 9_000), `hash${i}`],
);
const fresh = Array.from({ length: NEW_FILES }, (_, i) => ({
  path: `/library/new/${i}.wav`,
  sizeBytes: 10_001 + 2 * (i % 9_000),
}));

type OfSize = (size: number) => { path: string; hash: string }[];

/** The identities as IdentityQueue held them before: one map by path, walked for each size. */
function walkEveryFile(): OfSize {
  const byPath = new Map(marked.map(([path, size, hash]) => [path, { size, hash }]));
  return (size) => {
    const found: { path: string; hash: string }[] = [];
    for (const [path, identity] of byPath) {
      if (identity.size === size) found.push({ path, hash: identity.hash });
    }
    return found;
  };
}

function indexed(): OfSize {
  const queue = new IdentityQueue({ save: async () => undefined });
  queue.known(marked);
  return (size) => queue.ofSize(size, () => true);
}

async function measure(ofSize: OfSize) {
  const follow: MarksFollow = {
    ready: async () => undefined,
    candidatesOfSize: ofSize,
    moved: async () => undefined,
  };
  const mover = new MoveFollower(follow);
  // Once the marks are loaded, `added` filters on the spot (on main, in the scan's callback).
  mover.added(fresh.slice(0, 1));
  await mover.idle();
  let worst = 0;
  const started = performance.now();
  for (let i = 0; i < fresh.length; i += BATCH) {
    const t = performance.now();
    mover.added(fresh.slice(i, i + BATCH));
    worst = Math.max(worst, performance.now() - t);
  }
  const totalMs = performance.now() - started;
  await mover.idle();
  return { totalMs: Math.round(totalMs * 10) / 10, worstBatchMs: Math.round(worst * 100) / 100 };
}

async function main(): Promise<void> {
  const bySize = await measure(indexed());
  const baseline = await measure(walkEveryFile());
  console.log(
    JSON.stringify({
      markedFiles: MARKED,
      newFiles: NEW_FILES,
      batch: BATCH,
      bySize,
      baselineWalkEveryFile: baseline,
      speedup: Math.round(baseline.totalMs / Math.max(bySize.totalMs, 0.1)),
    }),
  );
}

void main();
