import { z } from 'zod';
import { fileId } from '../../shared/contract/request';

/** What webContents.startDrag takes (Electron's DragItem, typed here: this file has no electron). */
export interface FileDragItem {
  file: string;
  files: string[];
  icon: string;
}

/** The part of a WebContents a native drag needs. */
export interface DragSource {
  startDrag(item: FileDragItem): void;
}

const dragIds = z.array(fileId).min(1).max(10_000);

/**
 * A window's drag of library files, by id: the ids are checked, resolved to the library's own
 * paths (ids it no longer has are left out) and the native drag started with `icon`. Returns
 * the paths dragged (none: nothing was started).
 */
export function startFileDrag(
  source: DragSource,
  ids: unknown,
  pathOf: (id: number) => string | undefined,
  icon: string,
): string[] {
  const parsed = dragIds.safeParse(ids);
  if (!parsed.success) return [];
  const files = [...new Set(parsed.data)].flatMap((id) => {
    const path = pathOf(id);
    return path === undefined ? [] : [path];
  });
  const [first] = files;
  if (first === undefined) return [];
  source.startDrag({ file: first, files, icon });
  return files;
}
