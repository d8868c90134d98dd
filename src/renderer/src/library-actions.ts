import { api } from './ipc/api';
import { notify } from './stores/notices';

/** Adds folders or files and says what could not be added, and why. */
export async function addToLibrary(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  try {
    const { added, problems } = await api.invoke('library:add', { paths });
    for (const p of problems) notify(`Not added: ${p.path}: ${p.reason}`, 'error');
    if (added.length > 0) notify(`Added ${added.join(', ')}`);
  } catch (error) {
    notify(`Could not add: ${(error as Error).message}`, 'error');
  }
}

/** The native dialog where there is one; false means the caller should ask for a path. */
export async function pickFolders(): Promise<boolean> {
  if (!window.bridge) return false;
  try {
    await addToLibrary(await api.invoke('dialog:pick-folders', {}));
    return true;
  } catch {
    return false;
  }
}
