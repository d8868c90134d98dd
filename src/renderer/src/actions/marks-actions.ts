/**
 * What the user does to files' marks, tags and collections, and to files in the library
 * (remove with undo, reveal, copy paths). Every action takes the ids it acts on: the caller
 * passes `libraryFeed.targets()` (the selection, else the focused row).
 */
import type { LibraryRow, MarkColor, MarksExport, MarksState } from '../../../shared/contract';
import { libraryFeed } from '../stores/library';
import { useMarksStore } from '../stores/marks';
import { notify } from '../stores/notices';
import { perform } from './dispatcher';

const refresh = () => libraryFeed.reload();
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A change that answers with the marks' state: shown at once (the event may come later). */
function withState<T extends MarksState>(state: T | undefined): T | undefined {
  if (state !== undefined) {
    useMarksStore.setState({ state });
    libraryFeed.refreshRows();
  }
  return state;
}

/** After a change: the rows at once (the 'marks:changed' event refreshes the rest). */
function changed<T>(result: T | undefined): T | undefined {
  if (result !== undefined) libraryFeed.refreshRows();
  return result;
}

export const marksActions = {
  set: async (
    ids: number[],
    marks: { fav?: boolean; rating?: number; color?: MarkColor | null },
  ) =>
    ids.length === 0
      ? undefined
      : changed(
          await perform((a) => a.invoke('marks:set', { ids, ...marks }), {
            label: 'Could not mark',
            refresh,
          }),
        ),

  /** Stars them all, or unstars them all when every one is starred already. */
  toggleFav: (ids: number[], rows: LibraryRow[]) =>
    marksActions.set(ids, { fav: !(rows.length > 0 && rows.every((r) => r.marks.fav)) }),

  tag: async (ids: number[], add: string[], remove: string[] = []) =>
    ids.length === 0 || add.length + remove.length === 0
      ? undefined
      : changed(
          await perform((a) => a.invoke('marks:tag', { ids, add, remove }), {
            label: 'Could not tag',
            refresh,
          }),
        ),

  renameTag: async (from: string, to: string) =>
    withState(
      await perform((a) => a.invoke('tags:rename', { from, to }), {
        label: 'Could not rename the tag',
      }),
    ),
  mergeTags: async (from: string[], into: string) =>
    withState(
      await perform((a) => a.invoke('tags:merge', { from, into }), {
        label: 'Could not merge the tags',
      }),
    ),
  deleteTag: async (name: string) =>
    withState(
      await perform((a) => a.invoke('tags:delete', { name }), {
        label: 'Could not delete the tag',
      }),
    ),

  createCollection: async (name: string, ids: number[] = []) => {
    const made = await perform((a) => a.invoke('collections:create', { name, ids }), {
      label: 'Could not make the collection',
    });
    if (made && ids.length > 0) notify(`Added ${plural(ids.length, 'file')} to ${made.name}`);
    return changed(made);
  },
  addToCollection: async (id: number, ids: number[]) => {
    if (ids.length === 0) return undefined;
    const collection = await perform((a) => a.invoke('collections:add', { id, ids }), {
      label: 'Could not add to the collection',
      refresh,
    });
    if (collection) notify(`Added ${plural(ids.length, 'file')} to ${collection.name}`);
    return changed(collection);
  },
  removeFromCollection: async (id: number, ids: number[]) =>
    changed(
      await perform((a) => a.invoke('collections:remove', { id, ids }), {
        label: 'Could not take out of the collection',
        refresh,
      }),
    ),
  renameCollection: async (id: number, name: string) =>
    withState(
      await perform((a) => a.invoke('collections:rename', { id, name }), {
        label: 'Could not rename the collection',
      }),
    ),
  deleteCollection: async (id: number) =>
    withState(
      await perform((a) => a.invoke('collections:delete', { id }), {
        label: 'Could not delete the collection',
      }),
    ),

  export: () => perform((a) => a.invoke('marks:export', {}), { label: 'Could not export' }),
  import: async (data: MarksExport, mode: 'merge' | 'replace') => {
    const result = await perform((a) => a.invoke('marks:import', { data, mode }), {
      label: 'Could not import',
    });
    if (result) {
      notify(
        `Imported marks of ${plural(result.files, 'file')} and ${plural(result.collections, 'collection')}`,
      );
    }
    return changed(result);
  },
  restoreBackup: async (name: string) => {
    const state = await perform((a) => a.invoke('marks:restore-backup', { name }), {
      label: 'Could not restore',
    });
    if (state) notify(`Restored the marks from ${name}`);
    return withState(state);
  },
};

/** Takes files out of the library (never off the disk), with an Undo in the notice. */
export async function forgetFiles(ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const result = await perform((a) => a.invoke('library:forget', { ids }), {
    label: 'Could not remove from the library',
    refresh,
  });
  if (!result || result.paths.length === 0) return;
  const { paths } = result;
  const what =
    paths.length === 1
      ? (paths[0]!.split(/[\\/]/).pop() ?? paths[0]!)
      : plural(paths.length, 'file');
  notify(`Removed ${what} from the library (the files stay on disk)`, 'info', {
    label: 'Undo',
    run: () =>
      void perform((a) => a.invoke('library:unforget', { paths }), {
        label: 'Could not bring them back',
      }),
  });
}

export async function revealFile(id: number): Promise<void> {
  const result = await perform((a) => a.invoke('library:reveal', { id }), {
    label: 'Could not show the file',
    refresh,
  });
  if (result && !result.revealed) notify('This shell cannot open a file manager', 'error');
}

/** Puts the paths on the clipboard, one a line. */
export async function copyPaths(rows: LibraryRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await navigator.clipboard.writeText(rows.map((r) => r.path).join('\n'));
    notify(rows.length === 1 ? `Copied ${rows[0]!.path}` : `Copied ${rows.length} paths`);
  } catch (error) {
    notify(`Could not copy: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}
