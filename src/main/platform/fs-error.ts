/** Node's fs error codes as the short reasons the library and the player show. */

const FS_REASONS: Record<string, string> = {
  ENOENT: 'file vanished during the scan',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTREG: 'not a regular file',
  ENOTDIR: 'a folder on its path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'path too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error (failing disk?)',
  EAGAIN: 'busy, try again',
  EBUSY: 'busy, try again',
};

/** For a path the user named (a folder to add or scan), where ENOENT means it never existed. */
export function describeMissingOrFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
  return code === 'ENOENT' ? 'no such file or folder' : describeFsError(error);
}

/** A short reason for a failed read, as the library shows it next to the file. */
export function describeFsError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = 'code' in error ? error.code : undefined;
    if (typeof code === 'string' && Object.hasOwn(FS_REASONS, code)) {
      return FS_REASONS[code] ?? code;
    }
    if ('message' in error && typeof error.message === 'string' && error.message !== '') {
      return error.message;
    }
  }
  return String(error);
}
