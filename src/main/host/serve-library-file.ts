import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { audioMime } from '../../shared/audio-mime';
import type { LibraryFile } from '../../shared/contract';
import { fsPath } from '../platform/fs-path';

/** `/files/<id>`: only a library file's id, never a path. */
const FILE_ROUTE = /^\/files\/(\d{1,15})$/;

/** The library file id a request path names, or null when it is not the files route. */
export function fileRouteId(pathname: string): number | null {
  const match = FILE_ROUTE.exec(pathname);
  return match ? Number(match[1]) : null;
}

/**
 * RFC 6266: a plain-ASCII fallback name for old clients and the exact name (UTF-8, RFC 5987)
 * for the rest.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

/**
 * Streams a library file's exact bytes (the web shell's drag out: Chromium's DownloadURL);
 * the caller has checked the token and found the file by its id.
 */
export async function serveLibraryFile(
  file: Pick<LibraryFile, 'path' | 'name' | 'format'> | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  if (!file) {
    res.writeHead(404, { 'Cache-Control': 'no-store' }).end();
    return;
  }
  let size: number;
  try {
    const s = await stat(fsPath(file.path));
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    // In the library but gone from the disk (the watcher has not caught up yet).
    res.writeHead(404, { 'Cache-Control': 'no-store' }).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': audioMime(file.format),
    'Content-Length': size,
    'Content-Disposition': contentDisposition(file.name),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // A client that goes away, or a read that fails half-way, ends the response early.
  await pipeline(createReadStream(fsPath(file.path)), res).catch(() => res.destroy());
}
