/**
 * The Linux desktop entry and AppStream metadata: valid for Debian's own validators, and the
 * reference .desktop file (for installs from source) says what electron-builder writes into the
 * packages from electron-builder.yml, generated here by the builder's own LinuxTargetHelper.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  builderRequire,
  linuxPackagerView,
  loadConfig,
  packageJson,
  projectDir,
} from '../fixtures/builder-config';

const linuxDir = join(projectDir, 'resources', 'linux');
const desktopFile = join(linuxDir, 'org.sampledeck.Sampledeck.desktop');
const metainfoFile = join(linuxDir, 'org.sampledeck.Sampledeck.metainfo.xml');
const scratch = mkdtempSync(join(tmpdir(), 'sampledeck-desktop-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) {
    throw new Error(`${command} could not run (${result.error.message}): apt-get install it`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The keys of a .desktop file's [Desktop Entry] group. */
function desktopKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]';
    else if (inEntry && line.includes('=')) {
      keys.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
    }
  }
  return keys;
}

/** What electron-builder writes as the packaged app's .desktop file. */
async function builderDesktopEntry(): Promise<string> {
  const config = await loadConfig();
  const { LinuxTargetHelper } = builderRequire(
    'app-builder-lib/out/targets/LinuxTargetHelper.js',
  ) as {
    LinuxTargetHelper: new (packager: unknown) => {
      computeDesktopEntry(options: unknown): Promise<string>;
    };
  };
  return new LinuxTargetHelper(linuxPackagerView(config)).computeDesktopEntry(config.linux);
}

describe('Linux desktop entry and AppStream metadata', { timeout: 60_000 }, () => {
  it('desktop-file-validate accepts the reference .desktop file', () => {
    const { status, output } = run('desktop-file-validate', [desktopFile]);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('appstreamcli accepts the metainfo, which names this app, its entry and its version', () => {
    const { status, output } = run('appstreamcli', ['validate', '--no-net', metainfoFile]);
    expect(status, output).toBe(0);
    const xml = readFileSync(metainfoFile, 'utf8');
    expect(xml).toContain('<id>org.sampledeck.Sampledeck</id>');
    expect(xml).toContain(`<launchable type="desktop-id">${packageJson.desktopName}</launchable>`);
    expect(xml).toMatch(new RegExp(`<release version="${packageJson.version}"`));
  });

  it('electron-builder writes a valid entry with the same keys as the reference file', async () => {
    const built = await builderDesktopEntry();
    const builtFile = join(scratch, packageJson.desktopName ?? 'missing-desktopName.desktop');
    writeFileSync(builtFile, built);
    const validated = run('desktop-file-validate', [builtFile]);
    expect(validated.output).toBe('');
    expect(validated.status).toBe(0);

    const ours = desktopKeys(readFileSync(desktopFile, 'utf8'));
    const theirs = desktopKeys(built);
    // Exec differs only in where the program lies: /opt/Sampledeck/ in the package.
    const args = (exec: string | undefined): string[] => (exec ?? '').split(' ').slice(1);
    expect(args(ours.get('Exec'))).toEqual(args(theirs.get('Exec')));
    expect(theirs.get('Exec')?.split(' ')[0]).toMatch(/\/sampledeck$/);
    expect(ours.get('Exec')?.split(' ')[0]).toBe('sampledeck');
    ours.delete('Exec');
    theirs.delete('Exec');
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });

  it('the entry is named after package.json desktopName and the AppStream id', async () => {
    const config = await loadConfig();
    expect(packageJson.desktopName).toBe(`${config.appId}.desktop`);
    expect(config.linux?.syncDesktopName).toBe(true);
  });
});
