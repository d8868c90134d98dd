import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileIdentity } from '../../src/main/marks/file-identity';
import { IdentityQueue } from '../../src/main/marks/identity-queue';

const everyPath = () => true;

/** The files of a size, in path order (the queue promises no order). */
const ofSize = (queue: IdentityQueue, size: number, kept: (path: string) => boolean = everyPath) =>
  queue.ofSize(size, kept).sort((a, b) => (a.path < b.path ? -1 : 1));

describe('the identities of marked files', () => {
  it('lists the files of a size, follows a move, and takes new identities from the disk', async () => {
    const saved: { path: string; size: number; hash: string }[] = [];
    const queue = new IdentityQueue({ save: async (items) => void saved.push(...items) });
    queue.known([
      ['/lib/a.wav', 100, 'ha'],
      ['/lib/b.wav', 100, 'hb'],
      ['/lib/c.wav', 200, 'hc'],
    ]);
    expect(ofSize(queue, 100)).toEqual([
      { path: '/lib/a.wav', hash: 'ha' },
      { path: '/lib/b.wav', hash: 'hb' },
    ]);
    expect(ofSize(queue, 100, (path) => path !== '/lib/a.wav')).toEqual([
      { path: '/lib/b.wav', hash: 'hb' },
    ]);
    expect(ofSize(queue, 300)).toEqual([]);

    queue.moved('/lib/a.wav', '/lib/sub/a.wav');
    expect(ofSize(queue, 100)).toEqual([
      { path: '/lib/b.wav', hash: 'hb' },
      { path: '/lib/sub/a.wav', hash: 'ha' },
    ]);
    // A path known again with another size is listed under that size only.
    queue.known([['/lib/b.wav', 200, 'hb2']]);
    expect(ofSize(queue, 100)).toEqual([{ path: '/lib/sub/a.wav', hash: 'ha' }]);
    expect(ofSize(queue, 200)).toEqual([
      { path: '/lib/b.wav', hash: 'hb2' },
      { path: '/lib/c.wav', hash: 'hc' },
    ]);

    const dir = mkdtempSync(join(tmpdir(), 'sd-identity-'));
    const real = join(dir, 'real.wav');
    writeFileSync(real, Buffer.alloc(150, 7));
    queue.add([real, join(dir, 'not there.wav')]);
    await queue.idle();
    const identity = await fileIdentity(real);
    expect(saved).toEqual([{ path: real, ...identity }]);
    expect(ofSize(queue, 150)).toEqual([{ path: real, hash: identity.hash }]);
    await queue.dispose();
  });
});
