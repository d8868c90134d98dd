/**
 * Dragging rows out of the window into a DAW, the file manager or any app that takes files.
 * Electron: a native drag of the real files, started by main (the bridge's startDrag). The web
 * shell: Chromium's DownloadURL drag from the URL the shell serves the file at, by id and behind
 * the token, with the files' file:// URIs and paths beside it (the shell is on this machine).
 */
import type { LibraryFile } from '../../../shared/contract';
import { audioMime } from '../../../shared/audio-mime';
import { useLibraryStore } from '../stores/library';

/** The rows a drag from row `index` takes: the selection when the row is in it, else the row. */
export function draggedRows(index: number, row: LibraryFile): LibraryFile[] {
  const { selection, rows } = useLibraryStore.getState();
  if (!selection.ids.has(row.id)) return [row];
  // The selected rows loaded on screen, in list order, the dragged one first.
  const picked = [...rows.values()].filter((r) => r.id !== row.id && selection.ids.has(r.id));
  return [rows.get(index) ?? row, ...picked];
}

/** A local path as a file:// URI (POSIX, or Windows with a drive letter). */
export function fileUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/') ? slashed : `/${slashed}`;
  return `file://${absolute
    .split('/')
    .map(encodeURIComponent)
    .join('/')
    .replace(/^\/([A-Za-z])%3A/, '/$1:')}`;
}

/** Where the web shell serves a library file (see src/main/host/serve-library-file.ts). */
export function fileUrl(origin: string, token: string, id: number): string {
  return `${origin}/files/${id}?token=${encodeURIComponent(token)}`;
}

/** The drag's data by type, for the web shell (`<mime>:<name>:<url>` is Chromium's format). */
export function dragData(
  files: readonly LibraryFile[],
  origin: string,
  token: string,
): Record<string, string> {
  const [first] = files;
  if (first === undefined) return {};
  // A colon would end the name early in DownloadURL: the download gets the name without it.
  const name = first.name.replace(/:/g, '_');
  return {
    DownloadURL: `${audioMime(first.format)}:${name}:${fileUrl(origin, token, first.id)}`,
    'text/uri-list': files.map((f) => fileUri(f.path)).join('\r\n'),
    'text/plain': files.map((f) => f.path).join('\n'),
  };
}

/** A row's dragstart: the files dragged out, by the shell's own way. */
export function startDragOut(
  event: { dataTransfer: DataTransfer | null; preventDefault(): void },
  files: readonly LibraryFile[],
): void {
  if (files.length === 0) return;
  if (window.bridge?.startDrag) {
    // Electron drags the real files natively; the page's own drag would only get in its way.
    event.preventDefault();
    window.bridge.startDrag(files.map((f) => f.id));
    return;
  }
  const transfer = event.dataTransfer;
  if (!transfer) return;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  for (const [type, value] of Object.entries(dragData(files, window.location.origin, token))) {
    transfer.setData(type, value);
  }
  transfer.effectAllowed = 'copy';
}
