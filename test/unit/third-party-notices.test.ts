/**
 * THIRD-PARTY-NOTICES.txt lists every production package of package-lock.json with its licence,
 * is what `npm run notices` writes today, and nothing shipped is GPL or AGPL (LGPL is allowed:
 * speaker's mpg123 and codec-parser are kept replaceable, as the notices say).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionPackages, renderNotices } from '../../scripts/third-party-notices';

const projectDir = resolve(__dirname, '..', '..');
const notices = readFileSync(join(projectDir, 'THIRD-PARTY-NOTICES.txt'), 'utf8');

describe('third-party notices', () => {
  it('list every production package of package-lock.json, with its version and licence', () => {
    const lock = JSON.parse(readFileSync(join(projectDir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string; license?: string; dev?: boolean }>;
    };
    const production = Object.entries(lock.packages).filter(
      ([path, entry]) => path !== '' && entry.dev !== true,
    );
    expect(production.length).toBeGreaterThan(20);
    for (const [path, entry] of production) {
      const name = path.split('node_modules/').at(-1)!;
      expect(notices, `${name}@${entry.version} is not listed`).toContain(
        `${name}@${entry.version}\nLicence: ${entry.license}\n`,
      );
    }
    // The direct dependencies are in the tree the notices are made from.
    const direct = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      optionalDependencies: Record<string, string>;
    };
    const names = new Set(productionPackages(projectDir).map((pkg) => pkg.name));
    for (const name of [
      ...Object.keys(direct.dependencies),
      ...Object.keys(direct.optionalDependencies),
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it('no shipped package is GPL or AGPL', () => {
    const copyleft = productionPackages(projectDir).filter((pkg) =>
      /\bA?GPL/i.test(pkg.license.replace(/\bLGPL/gi, '')),
    );
    expect(copyleft).toEqual([]);
  });

  it("say where speaker's LGPL mpg123 source is, and that codec-parser is a replaceable file", () => {
    expect(notices).toMatch(/speaker@[\d.]+\nLicence: \(MIT AND LGPL-2\.1-only\)/);
    expect(notices).toContain('node_modules/speaker/deps/mpg123');
    expect(notices).toContain('GNU LESSER GENERAL PUBLIC LICENSE'); // mpg123's COPYING, in full
    expect(notices).toMatch(/codec-parser@[\d.]+\nLicence: LGPL-3\.0-or-later/);
    expect(notices).toContain('app.asar.unpacked/node_modules/codec-parser');
  });

  it('are current: `npm run notices` would write the same file', () => {
    expect(notices).toBe(renderNotices(projectDir));
  });
});
