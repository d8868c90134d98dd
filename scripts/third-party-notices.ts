/**
 * THIRD-PARTY-NOTICES.txt from the production dependency tree in package-lock.json: every package
 * that can be installed with the app (optional ones for other platforms too), its version, its
 * licence and, when the installed package ships one, its licence text. `npm run notices` writes
 * it; test/unit/third-party-notices.test.ts checks it is current and that no licence is GPL/AGPL.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockPackage {
  version?: string;
  license?: string;
  dev?: boolean;
  optional?: boolean;
}

export interface ProductionPackage {
  name: string;
  version: string;
  license: string;
  /** Where it lies under the repository, e.g. node_modules/speaker. */
  path: string;
}

/** What the notices say beyond the licence, for packages whose licence asks for more. */
const EXTRA: Record<string, string> = {
  speaker:
    'speaker is MIT; its native addon (build/Release/binding.node) statically links mpg123, which\n' +
    'is LGPL-2.1 (its licence text follows). The complete mpg123 source it was built from ships\n' +
    'with the app, in resources/app.asar.unpacked/node_modules/speaker/deps/mpg123 (as in the npm\n' +
    'package speaker@VERSION). The addon stays a separate file outside the app archive, in\n' +
    'resources/app.asar.unpacked/node_modules/speaker/build/Release/binding.node, so it can be\n' +
    'replaced by one built from modified mpg123 sources.',
  'codec-parser':
    'codec-parser is LGPL-3.0-or-later JavaScript. It is kept as replaceable files outside the app\n' +
    'archive, in resources/app.asar.unpacked/node_modules/codec-parser, loaded from there at run\n' +
    'time; its source is those files themselves.',
};

/** Licence files a package may ship, in the order they are looked for. */
const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

export function productionPackages(projectDir: string): ProductionPackage[] {
  const lock = JSON.parse(readFileSync(join(projectDir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev !== true)
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: entry.version ?? '(no version)',
      license: entry.license ?? '(no licence declared)',
      path,
    }));
}

function licenceTexts(projectDir: string, pkg: ProductionPackage): string[] {
  const dir = join(projectDir, pkg.path);
  const texts: string[] = [];
  const read = (folder: string): void => {
    if (!existsSync(folder)) return;
    for (const file of readdirSync(folder)
      .filter((f) => LICENCE_FILE.test(f))
      .sort()) {
      texts.push(readFileSync(join(folder, file), 'utf8').trim());
    }
  };
  read(dir);
  if (pkg.name === 'speaker') read(join(dir, 'deps', 'mpg123')); // mpg123's COPYING
  return texts;
}

export function renderNotices(projectDir: string): string {
  const seen = new Set<string>();
  const packages = productionPackages(projectDir)
    .filter(
      (pkg) => !seen.has(`${pkg.name}@${pkg.version}`) && seen.add(`${pkg.name}@${pkg.version}`),
    )
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const rule = '='.repeat(78);
  const parts = [
    'Sampledeck: third-party notices',
    '',
    'Sampledeck is MIT-licensed (LICENSE). It ships the packages below, from the production',
    'dependency tree in package-lock.json (written by `npm run notices`; do not edit by hand).',
    'Electron ships its own licence and the notices of Chromium next to the executable',
    '(LICENSE.electron.txt, LICENSES.chromium.html).',
    '',
    `${packages.length} packages.`,
  ];
  for (const pkg of packages) {
    parts.push('', rule, `${pkg.name}@${pkg.version}`, `Licence: ${pkg.license}`, rule);
    const extra = EXTRA[pkg.name];
    if (extra) parts.push('', extra.replace('VERSION', pkg.version));
    const installed = existsSync(join(projectDir, pkg.path));
    const texts = installed ? licenceTexts(projectDir, pkg) : [];
    if (!installed) {
      parts.push('', 'An optional package for another platform; licence as declared above.');
    } else if (texts.length === 0) {
      parts.push('', 'The package ships no licence file; licence as declared above.');
    }
    for (const text of texts) parts.push('', text);
  }
  return `${parts.join('\n')}\n`;
}
