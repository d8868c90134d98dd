#!/usr/bin/env node
// Runs `electron-vite <preview|dev> [args...]` once the Electron binary is there.
//
// Electron's npm package has no install script (package.json's allowScripts refuses it), so
// `node_modules/electron/path.txt` and `dist/` appear only after Electron's own installer
// (`install-electron`, i.e. electron/install.js) has run, and electron-vite reads path.txt and
// stops with "Error: Electron uninstall". This script runs that installer on first use, saying
// what it fetches, and where it cannot, says so in one line and points at the web shell.
//
// SAMPLEDECK_ELECTRON_DIR names another electron package directory (package.json, path.txt,
// dist/, install.js): the tests use it to stand a fake binary in for the real one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const WEB_SHELL = 'run the web shell instead: npm run web';

function fail(line) {
  console.error(`Sampledeck: ${line}`);
  process.exit(1);
}

/** The binary path.txt names inside dist/, or null when it is not installed. */
function installedBinary(electronDir) {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** The platform and arch install.js downloads for (the same variables, in the same order). */
function target() {
  const platform =
    process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;
  return `${platform}-${arch}`;
}

/** The installer's error in one line: the last "Error: ..." line of its output, else its last line. */
function reasonOf(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  const error = lines.find((line) => /^\w*Error\b/.test(line));
  return error ?? lines.at(-1) ?? 'no output';
}

function ensureElectron() {
  const electronDir =
    process.env.SAMPLEDECK_ELECTRON_DIR || dirname(require.resolve('electron/package.json'));
  const present = installedBinary(electronDir);
  if (present) return present;

  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  const what = `Electron ${version} (${target()})`;
  const skip = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  if (skip && skip !== '0' && skip !== 'false') {
    fail(
      `${what} is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD=${skip} forbids downloading it; unset it to fetch it, or ${WEB_SHELL}`,
    );
  }
  const from = process.env.ELECTRON_MIRROR || "Electron's GitHub releases";
  console.log(`Sampledeck: first run: downloading ${what}, about 100 MB, from ${from} ...`);
  const installer = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' },
  });
  if (installer.error || installer.status !== 0) {
    const reason = installer.error?.message ?? reasonOf(`${installer.stdout}\n${installer.stderr}`);
    fail(`could not download ${what}: ${reason}; ${WEB_SHELL}`);
  }
  const installed = installedBinary(electronDir);
  if (!installed)
    fail(`Electron's installer finished but ${what} is not in ${electronDir}/dist; ${WEB_SHELL}`);
  return installed;
}

const [command, ...args] = process.argv.slice(2);
if (command !== 'preview' && command !== 'dev') {
  fail('usage: node scripts/electron-app.mjs <preview|dev> [electron-vite options]');
}
// electron-vite takes ELECTRON_EXEC_PATH before path.txt.
const electronPath = process.env.ELECTRON_EXEC_PATH || ensureElectron();
const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, command, ...args], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electronPath },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
