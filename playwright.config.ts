import { defineConfig } from '@playwright/test';
import type { ShellOptions } from './test/e2e/fixtures';

/**
 * One set of specs, two launchers: "web" drives the web shell in Debian's Chromium (never a
 * downloaded browser); "electron" drives the real app where an Electron binary exists.
 */
export default defineConfig<ShellOptions>({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  projects: [
    { name: 'web', use: { shell: 'web' } },
    { name: 'electron', use: { shell: 'electron' } },
  ],
});
