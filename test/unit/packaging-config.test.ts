/**
 * electron-builder.yml, checked offline by electron-builder's own loader and validator (the
 * packaging itself downloads Electron and runs only on a release machine: README, "Releasing").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builderRequire,
  linuxPackagerView,
  loadConfig,
  packageJson,
  projectDir,
  validate,
} from '../fixtures/builder-config';

// Compiling the builder's 364 KB schema takes seconds, more with both cores busy.
describe('electron-builder.yml', { timeout: 60_000 }, () => {
  it("passes electron-builder's own schema and checks", async () => {
    await expect(validate(await loadConfig())).resolves.toBeUndefined();
  });

  it('a misspelt key is refused, at the top and inside the fuses', async () => {
    const config = await loadConfig();
    await expect(validate({ ...config, asarUnpak: ['**/*.node'] })).rejects.toThrow(/asarUnpak/);
    await expect(
      validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } }),
    ).rejects.toThrow(/electronFuses/);
  });

  it('sets the fuses of a packaged app: no RunAsNode, no NODE_OPTIONS, only the app asar', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // The addons are N-API (no rebuild for Electron's ABI) and must be unpacked to load.
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('builds AppImage and deb, dmg and NSIS', async () => {
    const config = (await loadConfig()) as Record<string, { target?: unknown }>;
    const targets = (platform: string): string[] =>
      ([config[platform]?.target].flat() as (string | { target: string })[]).map((t) =>
        typeof t === 'string' ? t : t.target,
      );
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(targets('win')).toEqual(['nsis']);
    expect(packageJson).toMatchObject({
      scripts: expect.objectContaining({ dist: expect.stringMatching(/electron-builder$/) }),
    });
  });

  it("has what the .deb needs: a maintainer and a homepage (the builder's own check)", async () => {
    const config = await loadConfig();
    const { default: FpmTarget } = builderRequire('app-builder-lib/out/targets/FpmTarget.js') as {
      default: { prototype: { checkOptions(): Promise<Record<string, string>> } };
    };
    // What FpmTarget('deb') checks before it runs fpm, on the options it would have.
    const target = Object.assign(Object.create(FpmTarget.prototype) as typeof FpmTarget.prototype, {
      packager: linuxPackagerView(config),
      options: { ...config.linux, ...(config.deb as object) },
    });
    const meta = await target.checkOptions();
    expect(meta).toMatchObject({
      name: 'sampledeck',
      maintainer: expect.stringMatching(/<.+@.+>/),
    });
  });

  it('every file the config names is in the repository', async () => {
    const config = (await loadConfig()) as unknown as {
      mac: { icon: string };
      win: { icon: string };
      linux: { icon: string };
      nsis: { include: string; license: string };
      deb: { fpm: string[] };
      extraFiles: { from: string }[];
    };
    const named = [
      config.mac.icon,
      config.win.icon,
      join(config.linux.icon, '512x512.png'),
      config.nsis.include,
      config.nsis.license,
      ...config.deb.fpm.map((mapping) => mapping.split('=')[0]!),
      ...config.extraFiles.map((file) => file.from),
    ];
    for (const file of named) expect(existsSync(join(projectDir, file)), file).toBe(true);
  });
});
