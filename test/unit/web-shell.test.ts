import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWebShell, type WebShellProcess } from '../fixtures/web-shell-process';

const shells: WebShellProcess[] = [];

afterEach(async () => {
  await Promise.all(shells.splice(0).map((s) => s.stop()));
});

async function start(userDataDir = mkdtempSync(join(tmpdir(), 'sd-web-'))) {
  const shell = await runWebShell(userDataDir);
  shells.push(shell);
  return shell;
}

/** Sends raw bytes and resolves with everything the server answered before it closed. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('web shell process', () => {
  it('answers upgrade and page requests with unreadable URLs, and keeps serving', async () => {
    const shell = await start();
    for (const path of ['//', '//x:y@', 'http://[', '/%E0%A4%A']) {
      const upgrade = await rawRequest(
        shell.port,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
      expect(upgrade, path).toMatch(/^HTTP\/1\.1 4\d\d /);
      const page = await rawRequest(
        shell.port,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect(page, path).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(shell.child.exitCode).toBeNull();
    const index = await fetch(`http://127.0.0.1:${shell.port}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
  });

  it('keeps its token across a restart on the same user-data folder, readable by the owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-web-'));
    const first = await start(dir);
    await first.stop();
    const file = join(dir, 'web-shell-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);

    const second = await start(dir);
    expect(second.token).toBe(first.token);
    await second.stop();

    // A damaged file is replaced by a new token, not served as one.
    writeFileSync(file, 'not a token\n', { mode: 0o644 });
    const third = await start(dir);
    expect(third.token).toMatch(/^[0-9a-f]{48}$/);
    expect(third.token).not.toBe(first.token);
    expect(third.stderr.join('')).toContain('holds no valid token');
    expect(readFileSync(file, 'utf8').trim()).toBe(third.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
