/**
 * electron-builder really packs the app (`--linux dir`, offline): an empty stand-in replaces
 * Electron's binary (the builder copies a given `electronDist` as it is) and the fuses, which need
 * the real binary, are left out. Nothing is downloaded: Electron comes from `electronDist` and the
 * `dir` target needs no tools (the proxy variables point nowhere, in case). The asar it writes holds exactly what packaging-files.test.ts computes, so that
 * faster test's conclusions hold for the real package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builderRequire,
  loadConfig,
  packageJson,
  packedFiles,
  projectDir,
  type PackedFiles,
} from '../fixtures/builder-config';

const scratch = mkdtempSync(join(tmpdir(), 'sampledeck-pack-'));
const appDir = join(scratch, 'release', 'linux-unpacked');
const asarFile = join(appDir, 'resources', 'app.asar');
const asar = builderRequire('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, file: string, follow: boolean): { unpacked?: boolean; files?: object };
};
let predicted: PackedFiles;
let packedPaths: string[];

beforeAll(async () => {
  if (!existsSync(join(projectDir, 'out', 'main', 'index.js'))) {
    throw new Error('out/ is missing: run `npx electron-vite build` first');
  }
  const config = await loadConfig();
  predicted = await packedFiles(config);
  const electronDist = join(scratch, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  const { electronFuses: _fuses, ...rest } = config;
  const configFile = join(scratch, 'electron-builder.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      ...rest,
      electronDist,
      electronVersion: '45.4.1',
      directories: { ...config.directories, output: join(scratch, 'release') },
    }),
  );
  const refuse = 'http://127.0.0.1:9';
  const result = spawnSync(
    join(projectDir, 'node_modules', '.bin', 'electron-builder'),
    ['--linux', 'dir', '--config', configFile],
    {
      cwd: projectDir,
      encoding: 'utf8',
      env: { ...process.env, HTTPS_PROXY: refuse, HTTP_PROXY: refuse, https_proxy: refuse },
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `electron-builder failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
  packedPaths = asar
    .listPackage(asarFile, { isPack: false })
    .map((path) =>
      path
        .replace(/^[\\/]/, '')
        .split('\\')
        .join('/'),
    )
    .filter((path) => !asar.statFile(asarFile, path, false).files);
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('electron-builder --linux dir', { timeout: 60_000 }, () => {
  it('packs exactly the files the builder-matcher test computes', () => {
    const expected = [...predicted.app, ...predicted.modules].sort();
    expect(packedPaths.length).toBeGreaterThan(100);
    expect([...packedPaths].sort()).toEqual(expected);
  });

  it('puts every file asarUnpack names beside the asar, on disk', () => {
    const unpacked = packedPaths.filter((path) => predicted.unpacked(path));
    expect(unpacked).toContain('node_modules/speaker/build/Release/binding.node');
    for (const path of unpacked) {
      expect(asar.statFile(asarFile, path, false).unpacked, path).toBe(true);
      expect(existsSync(join(`${asarFile}.unpacked`, path)), path).toBe(true);
    }
  });

  it('starts the app from package.json "main", with LICENSE and the notices beside the executable', () => {
    expect(existsSync(join(appDir, 'sampledeck'))).toBe(true);
    expect(packedPaths).toContain(packageJson.main.replace(/^\.\//, ''));
    expect(readFileSync(join(appDir, 'LICENSE.sampledeck.txt'), 'utf8')).toBe(
      readFileSync(join(projectDir, 'LICENSE'), 'utf8'),
    );
    expect(existsSync(join(appDir, 'THIRD-PARTY-NOTICES.txt'))).toBe(true);
  });
});
