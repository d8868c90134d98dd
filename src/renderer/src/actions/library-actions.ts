import { libraryFeed } from '../stores/library';
import { notify } from '../stores/notices';
import { perform } from './dispatcher';

/** A folder the tree showed may be gone already: the library is read again, with no notice. */
const refresh = () => libraryFeed.reload();

/** Adds folders or files and says what could not be added, and why. */
/** Adds paths to the library and says what was not added and why; true if all were added. */
export async function addToLibrary(paths: string[]): Promise<boolean> {
  if (paths.length === 0) return false;
  const result = await perform((a) => a.invoke('library:add', { paths }), {
    label: 'Could not add',
  });
  if (!result) return false;
  for (const p of result.problems) notify(`Not added: ${p.path}: ${p.reason}`, 'error');
  if (result.added.length > 0) notify(`Added ${result.added.join(', ')}`);
  return result.problems.length === 0;
}

/** The native dialog where there is one; false means the caller should ask for a path. */
export async function pickFolders(): Promise<boolean> {
  if (!window.bridge) return false;
  // UNAVAILABLE: this shell has no dialog, so the caller asks for a path instead.
  const paths = await perform((a) => a.invoke('dialog:pick-folders', {}), {
    expected: ['UNAVAILABLE'],
  });
  if (!paths) return false;
  await addToLibrary(paths);
  return true;
}

/**
 * Takes a folder out of the library (the files stay on disk), with an Undo that adds it again:
 * its files' marks are kept in the database, so they come back with them.
 */
async function removeFolder(path: string) {
  const state = await perform((a) => a.invoke('library:remove', { path }), { refresh });
  if (state)
    notify(`Removed ${path} from the library`, 'info', {
      label: 'Undo',
      run: () => void addToLibrary([path]),
    });
  return state;
}

export const libraryActions = {
  rescan: (path: string) => perform((a) => a.invoke('library:rescan', { path }), { refresh }),
  /** Every library folder read again (the menu's Rescan). */
  rescanAll: () => perform((a) => a.invoke('library:rescan', {}), { refresh }),
  remove: removeFolder,
  cancelScan: () => perform((a) => a.invoke('library:cancel-scan', {})),
};
