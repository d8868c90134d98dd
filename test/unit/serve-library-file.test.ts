import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LibraryFile } from '../../src/shared/contract';
import { EventBus } from '../../src/shared/event-bus';
import { createDispatcher } from '../../src/main/dispatcher';
import { startWsHost } from '../../src/main/host/ws-host';
import { contentDisposition } from '../../src/main/host/serve-library-file';
import { makeWav } from '../fixtures/audio-files';
import { seededRandom } from '../fixtures/seeded-random';
import { handlersWith } from '../fixtures/handlers';

const dir = mkdtempSync(join(tmpdir(), 'sd-serve-'));
const random = seededRandom(7);
// Larger than any one chunk a stream reads, so the response is streamed in many pieces.
const big = Buffer.concat([
  makeWav({ frames: 100 }),
  Buffer.from(Array.from({ length: 3_000_000 }, () => Math.floor(random() * 256))),
]);
const files = new Map<number, Pick<LibraryFile, 'path' | 'name' | 'format'>>([
  [1, { path: join(dir, 'kick 01.wav'), name: 'kick 01.wav', format: 'WAV' }],
  [2, { path: join(dir, 'Crème "brûlée".flac'), name: 'Crème "brûlée".flac', format: 'FLAC' }],
  [3, { path: join(dir, 'gone.wav'), name: 'gone.wav', format: 'WAV' }],
]);
writeFileSync(files.get(1)!.path, big);
writeFileSync(files.get(2)!.path, 'fLaC and the rest');

const host = await startWsHost({
  core: {
    dispatch: createDispatcher(handlersWith({})),
    subscribe: (l, wants) => new EventBus().subscribe(l, wants),
  },
  libraryFile: (id) => files.get(id) as LibraryFile | undefined,
});
afterAll(() => host.dispose());
const base = `http://127.0.0.1:${host.port}`;

describe('the web shell serves library files by id, behind the token', () => {
  it('streams the exact bytes with the type, length and name', async () => {
    const response = await fetch(`${base}/files/1?token=${host.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('content-length')).toBe(String(big.length));
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="kick 01.wav"; filename*=UTF-8''kick%2001.wav`,
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(big)).toBe(true);

    const flac = await fetch(`${base}/files/2?token=${host.token}`);
    expect(flac.headers.get('content-type')).toBe('audio/flac');
    expect(await flac.text()).toBe('fLaC and the rest');
  });

  it('refuses without the token or with another one, before looking the id up', async () => {
    for (const query of [
      '',
      '?token=',
      `?token=${host.token.slice(0, -1)}x`,
      `?token=${host.token}0`,
    ]) {
      const response = await fetch(`${base}/files/1${query}`);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('');
    }
    expect((await fetch(`${base}/files/99?token=nope`)).status).toBe(401);
  });

  it('404 for an id the library does not have, a file gone from disk, or a path', async () => {
    rmSync(files.get(3)!.path, { force: true });
    for (const route of ['/files/99', '/files/3', '/files/..%2Fkick%2001.wav', `/files${dir}`]) {
      const response = await fetch(`${base}${route}?token=${host.token}`);
      expect(response.status, route).toBe(404);
    }
    expect((await fetch(`${base}/files/1?token=${host.token}`, { method: 'POST' })).status).toBe(
      405,
    );
  });

  it('names a file in ASCII for old clients and exactly in UTF-8', () => {
    expect(contentDisposition('Crème "brûlée" (1)*.flac')).toBe(
      `attachment; filename="Cr_me _br_l_e_ (1)*.flac"; filename*=UTF-8''Cr%C3%A8me%20%22br%C3%BBl%C3%A9e%22%20%281%29%2A.flac`,
    );
  });
});
