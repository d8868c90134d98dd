/**
 * Every file the packaged app loads is in what electron-builder packs, computed with the builder's
 * own matchers and dependency collector (test/fixtures/builder-config.ts) after `npm run build`:
 * the entries of src/main/paths.ts, what each built file requires, and the native addons, which
 * must also be unpacked from the asar to load.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtPaths } from '../../src/main/paths';
import {
  loadConfig,
  packageJson,
  packedFiles,
  projectDir,
  type PackedFiles,
} from '../fixtures/builder-config';

let packed: PackedFiles;
beforeAll(async () => {
  if (!existsSync(join(projectDir, 'out', 'main', 'index.js'))) {
    throw new Error('out/ is missing: run `npx electron-vite build` first');
  }
  packed = await packedFiles(await loadConfig());
}, 120_000);

/** src/main/paths.ts is bundled into out/main, so its __dirname is out/main in the package. */
function packagedPath(sourcePath: string): string {
  const fromMain = relative(join(projectDir, 'src', 'main'), sourcePath);
  return posix.normalize(posix.join('out/main', ...fromMain.split(/[\\/]/)));
}

/** `require("x")`, `import("x")` and the audio process's createRequire `load("x")`. */
function specifiers(file: string): string[] {
  const source = readFileSync(join(projectDir, file), 'utf8');
  return [...source.matchAll(/\b(?:require|import|load)\("([^"]+)"\)/g)].map((m) => m[1]!);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the files the packaged app loads', { timeout: 60_000 }, () => {
  it('every path in src/main/paths.ts and package.json "main" is packed', () => {
    const wanted = [
      packageJson.main.replace(/^\.\//, ''),
      packagedPath(builtPaths.audioProcess),
      packagedPath(builtPaths.fileWorker),
      packagedPath(builtPaths.clockWorker),
      packagedPath(builtPaths.marksWorker),
      packagedPath(builtPaths.analysisWorker),
      packagedPath(builtPaths.preload),
      posix.join(packagedPath(builtPaths.renderer), 'index.html'),
      packagedPath(builtPaths.dragIcon),
      packagedPath(builtPaths.windowIcon),
    ];
    expect(wanted).toContain('out/preload/index.js');
    for (const path of wanted) expect(packed.app.has(path), path).toBe(true);
  });

  it('leaves out the web shell and CLI entries, and no packed file requires them', () => {
    for (const entry of ['node-main', 'cli', 'scan-thread']) {
      expect(existsSync(join(projectDir, 'out', 'main', `${entry}.js`)), entry).toBe(true);
      expect(packed.app.has(`out/main/${entry}.js`), entry).toBe(false);
    }
    // Not the sources, the build tooling or the repository's own resources beyond what main loads.
    expect(
      [...packed.app].filter((file) => !/^(out\/|package\.json$|resources\/)/.test(file)),
    ).toEqual([]);
    expect([...packed.app].filter((file) => file.startsWith('resources/')).sort()).toEqual([
      'resources/drag-icon.png',
      'resources/icons/512x512.png',
    ]);
  });

  it('what each packed script requires is packed too: a chunk, a dependency or Node itself', () => {
    const dependencies = new Set([
      ...Object.keys(packageJson.dependencies ?? {}),
      ...Object.keys(packageJson.optionalDependencies ?? {}),
    ]);
    const bare = new Set<string>();
    const scripts = [...packed.app].filter((file) => /^out\/(main|preload)\/.*\.js$/.test(file));
    expect(scripts.length).toBeGreaterThan(5);
    for (const file of scripts) {
      for (const specifier of specifiers(file)) {
        if (specifier.startsWith('.')) {
          const target = posix.normalize(posix.join(dirname(file), specifier));
          expect(packed.app.has(target), `${file} requires ${specifier}`).toBe(true);
        } else if (
          specifier === 'electron' ||
          builtinModules.includes(specifier.replace(/^node:/, ''))
        ) {
          continue;
        } else {
          const name = packageName(specifier);
          bare.add(name);
          expect(dependencies.has(name), `${file} requires ${name}, not a dependency`).toBe(true);
          expect(packed.modules.has(`node_modules/${name}/package.json`), name).toBe(true);
        }
      }
    }
    // The scan above sees the natives' loaders (so it cannot miss them silently).
    expect([...bare]).toEqual(
      expect.arrayContaining(['speaker', '@julusian/midi', 'node-sqlite3-wasm']),
    );
  });

  it("packs this platform's native addons unpacked, and no other platform's", () => {
    const natives = [...packed.modules].filter((file) => file.endsWith('.node'));
    const midi = `node_modules/@julusian/midi/prebuilds/midi-${process.platform}-${process.arch}/node-napi-v7.node`;
    expect(natives).toEqual(
      expect.arrayContaining(['node_modules/speaker/build/Release/binding.node', midi]),
    );
    // speaker's second copy of the addon and the midi prebuilds of other platforms stay out.
    expect(natives.filter((file) => file.includes('obj.target'))).toEqual([]);
    expect(natives.filter((file) => file.includes('/prebuilds/') && file !== midi)).toEqual([]);
    for (const file of natives) expect(packed.unpacked(file), file).toBe(true);
  });

  it("node-sqlite3-wasm's .wasm is packed (read from the asar) and codec-parser is unpacked", () => {
    const wasm = 'node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm';
    expect(packed.modules.has(wasm)).toBe(true);
    const codecParser = [...packed.modules].filter((f) =>
      f.startsWith('node_modules/codec-parser/'),
    );
    expect(codecParser.length).toBeGreaterThan(0);
    for (const file of codecParser) expect(packed.unpacked(file), file).toBe(true);
    expect(packed.unpacked('out/main/index.js')).toBe(false);
  });

  it("ships the LGPL mpg123 source speaker's addon was built from (THIRD-PARTY-NOTICES.txt says so)", () => {
    const mpg123 = [...packed.modules].filter((f) =>
      f.startsWith('node_modules/speaker/deps/mpg123/'),
    );
    expect(mpg123).toContain('node_modules/speaker/deps/mpg123/COPYING');
    expect(mpg123.filter((f) => /\/src\/libmpg123\/[^/]+\.c$/.test(f)).length).toBeGreaterThan(10);
    // Beside the addon, outside the asar, where the notices say it is.
    for (const file of mpg123) expect(packed.unpacked(file), file).toBe(true);
  });
});
