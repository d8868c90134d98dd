import { create } from 'zustand';
import type { Client } from '../ipc/client';

export const THUMBNAIL_BUCKETS = 48;
const PARALLEL = 2;

interface ThumbnailStore {
  /** Peaks by file id; null while asked or when the file has none. */
  peaks: Map<number, number[] | null>;
}

export const useThumbnailStore = create<ThumbnailStore>(() => ({ peaks: new Map() }));

let api: Client | null = null;
const queue: number[] = [];
let running = 0;

export function connectThumbnails(client: Client): void {
  api = client;
}

function pump(): void {
  while (api && running < PARALLEL && queue.length > 0) {
    const id = queue.shift()!;
    running += 1;
    const client = api;
    void client
      .invoke('peaks:get', { id, buckets: THUMBNAIL_BUCKETS })
      .then(
        ({ peaks }) => peaks,
        () => null,
      )
      .then((peaks) => {
        running -= 1;
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
