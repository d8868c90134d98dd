import { sep } from 'node:path';

/** Whether `path` is `folder` or inside it (by whole path segments: /a/bc is not under /a/b). */
export function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
