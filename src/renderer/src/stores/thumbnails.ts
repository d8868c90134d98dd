import { create } from 'zustand';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';
import { perform } from '../actions/dispatcher';

export const THUMBNAIL_BUCKETS = 48;
const PARALLEL = 2;

interface ThumbnailStore {
  /** Peaks by file id; null while asked or when the file has none. */
  peaks: Map<number, number[] | null>;
}

export const useThumbnailStore = create<ThumbnailStore>(() => ({ peaks: new Map() }));

let connected = false;
const queue: number[] = [];
let running = 0;

/** Thumbnails are asked for from now on; released, the queue is dropped. */
export function connectThumbnails(): Disposable {
  connected = true;
  return toDisposable(() => {
    connected = false;
    queue.length = 0;
  });
}

function pump(): void {
  while (connected && running < PARALLEL && queue.length > 0) {
    const id = queue.shift()!;
    running += 1;
    // No waveform (not playable, or gone since) is an answer: the row shows none. Anything
    // else goes to the error policy.
    void perform((a) => a.invoke('peaks:get', { id, buckets: THUMBNAIL_BUCKETS }), {
      expected: ['UNAVAILABLE', 'NOT_FOUND'],
    }).then((result) => {
      running -= 1;
      const peaks = result?.peaks ?? null;
      useThumbnailStore.setState((s) => ({ peaks: new Map(s.peaks).set(id, peaks) }));
      pump();
    });
  }
}

/** Asks for a row's thumbnail once; rows that scrolled away before their turn are skipped. */
export function requestThumbnail(id: number): void {
  const { peaks } = useThumbnailStore.getState();
  if (peaks.has(id) || queue.includes(id)) return;
  queue.push(id);
  pump();
}

export function cancelThumbnail(id: number): void {
  const at = queue.indexOf(id);
  if (at >= 0) queue.splice(at, 1);
}
