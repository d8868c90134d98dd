import { resolve } from 'node:path';
import { AppError } from '../../shared/app-error';
import type { LibraryFile, libraryRequests } from '../../shared/contract';
import type { PeaksService } from '../audio/peaks-service';
import type { HandlersOf } from '../dispatcher';
import type { LibraryService } from '../library/library-service';

/** The library's requests, and the waveform peaks of its files. */
export function libraryHandlers(deps: {
  library: LibraryService;
  peaks: PeaksService;
  libraryFile: (id: number) => LibraryFile;
  /** Shows a file in the system's file manager (src/main/platform/reveal-file.ts). */
  reveal: (path: string) => Promise<{ revealed: boolean }>;
}): HandlersOf<typeof libraryRequests> {
  const { library, peaks, libraryFile, reveal } = deps;
  return {
    'library:add': ({ paths }) => library.add(paths),
    'library:remove': async ({ path }) => {
      const state = await library.remove(path);
      // Its waveforms go from the disk cache too (in the background).
      void peaks.forgetUnder(resolve(path));
      return state;
    },
    'library:rescan': ({ path }) => library.rescan(path),
    'library:cancel-scan': () => library.cancelScan(),
    'library:state': () => library.state(),
    'library:query': ({ query, offset, limit }) => library.page(query, offset, limit),
    'library:position': ({ query, id }) => library.position(query, id),
    'library:facets': ({ query }) => library.facets(query),
    'library:tree': () => library.tree(),
    'library:problems': ({ limit }) => library.problems(limit),
    'library:forget': ({ ids }) => library.forget(ids),
    'library:unforget': ({ paths }) => library.unforget(paths),
    'library:reveal': ({ id }) => reveal(libraryFile(id).path),
    'peaks:get': async ({ id, buckets }) => {
      const file = libraryFile(id);
      if (file.status !== 'ok' || !file.playable) {
        throw new AppError(
          'UNAVAILABLE',
          `no waveform for ${file.name}: ${file.error ?? 'not a playable file'}`,
        );
      }
      return { id, buckets, peaks: await peaks.get(file, buckets) };
    },
  };
}
