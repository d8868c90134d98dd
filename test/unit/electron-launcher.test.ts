import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtEntry } from '../fixtures/built';

const root = resolve(__dirname, '..', '..');
const launcher = join(root, 'scripts', 'electron-app.mjs');
const realElectron = join(root, 'node_modules', 'electron');
const { version } = JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as {
  version: string;
};
const what = `Electron ${version} (${process.platform}-${process.arch})`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function launch(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  // Whatever the caller's shell says about Electron must not leak into the run.
  for (const key of ['ELECTRON_EXEC_PATH', 'ELECTRON_OVERRIDE_DIST_PATH', 'npm_config_platform'])
    if (!(key in env)) delete merged[key];
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], { cwd: root, env: merged });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A loopback port nothing listens on: bound, then released, so connecting is refused at once. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((closed) => server.close(() => closed()));
  return address.port;
}

/** An electron package dir without a binary whose install.js is Electron's own installer. */
function electronDirWithoutBinary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-electron-absent-'));
  for (const file of ['package.json', 'install.js', 'checksums.json'])
    copyFileSync(join(realElectron, file), join(dir, file));
  // install.js requires @electron/get: resolve it from the project's node_modules.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('scripts/electron-app.mjs (npm start, npm run dev)', () => {
  it('starts the preview of the built app with the installed Electron binary', async () => {
    const main = builtEntry('node-main').replace(/node-main\.js$/, 'index.js');
    expect(existsSync(main)).toBe(true);
    // The one fake: Electron's binary cannot exist on this machine. It records how it was run.
    const dir = mkdtempSync(join(tmpdir(), 'sd-electron-present-'));
    const record = join(dir, 'argv.json');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version }));
    writeFileSync(join(dir, 'path.txt'), 'electron');
    const binary = join(dir, 'dist', 'electron');
    writeFileSync(
      binary,
      `#!${process.execPath}\n` +
        `const fs = require('node:fs');\n` +
        `const path = require('node:path');\n` +
        `const pkg = JSON.parse(fs.readFileSync(path.resolve(process.argv[2], 'package.json'), 'utf8'));\n` +
        `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), ` +
        `cwd: process.cwd(), main: path.resolve(process.argv[2], pkg.main) }));\n`,
    );
    chmodSync(binary, 0o755);

    const run = await launch(['preview', '--skipBuild'], {
      SAMPLEDECK_ELECTRON_DIR: dir,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    });

    expect(run.stderr).not.toContain('Sampledeck:');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('downloading');
    const started = JSON.parse(readFileSync(record, 'utf8')) as {
      argv: string[];
      cwd: string;
      main: string;
    };
    expect(started.argv[0]).toBe('.');
    expect(started.cwd).toBe(root);
    expect(started.main).toBe(main);
  });

  it('runs Electron’s installer when the binary is absent and, offline, says why in one line and names the web shell', async () => {
    const dir = electronDirWithoutBinary();
    const port = await refusedPort();
    const run = await launch(['preview', '--skipBuild'], {
      SAMPLEDECK_ELECTRON_DIR: dir,
      ELECTRON_SKIP_BINARY_DOWNLOAD: undefined,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      electron_config_cache: mkdtempSync(join(tmpdir(), 'sd-electron-cache-')),
    });

    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      `Sampledeck: first run: downloading ${what}, about 100 MB, from http://127.0.0.1:${port}/ ...`,
    ]);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    // "fetch failed" is the installer's own error: it really tried the refusing mirror.
    expect(lines[0]).toBe(
      `Sampledeck: could not download ${what}: TypeError: fetch failed; run the web shell instead: npm run web`,
    );
    expect(existsSync(join(dir, 'path.txt'))).toBe(false);
  });

  it('says that ELECTRON_SKIP_BINARY_DOWNLOAD forbids the download instead of trying', async () => {
    const dir = electronDirWithoutBinary();
    const run = await launch(['dev'], {
      SAMPLEDECK_ELECTRON_DIR: dir,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ELECTRON_MIRROR: 'http://127.0.0.1:1/',
    });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      `Sampledeck: ${what} is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD=1 forbids downloading it; unset it to fetch it, or run the web shell instead: npm run web`,
    ]);
  });
});
