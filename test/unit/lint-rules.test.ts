import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The messages of `ruleId` ESLint gives `source` as if it were the file at `filePath`. */
async function errors(source: string, filePath: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

describe('the core never imports electron (docs/ARCHITECTURE.md)', () => {
  const source = "import { app } from 'electron';\nexport const name = app.getName();\n";
  const electronImportErrors = async (file: string) =>
    (await errors(source, file, 'no-restricted-imports')).length;

  it.each([
    'src/main/core.ts',
    'src/main/library/scan.ts',
    'src/shared/x.ts',
    'src/cli/index.ts',
    'src/renderer/src/App.tsx',
    'src/main/host/ws-host.ts',
  ])('ESLint rejects an electron import in %s', async (file) => {
    expect(await electronImportErrors(file)).toBe(1);
  });

  it.each(['src/main/index.ts', 'src/main/host/electron-host.ts', 'src/preload/index.ts'])(
    'ESLint allows it in the shell file %s',
    async (file) => {
      expect(await electronImportErrors(file)).toBe(0);
    },
  );
});

describe('each layer imports only what it may (docs/ARCHITECTURE.md)', () => {
  const layerErrors = (source: string, file: string) => errors(source, file, 'layers/imports');

  it.each([
    ["import { readFile } from 'node:fs/promises';", 'src/shared/x.ts', "'node:fs/promises'"],
    ["import { join } from 'path';", 'src/shared/midi/x.ts', "'path'"],
    ["import type { Worker } from 'worker_threads';", 'src/shared/x.ts', "'worker_threads'"],
    ["export { x } from 'node:os';", 'src/shared/x.ts', "'node:os'"],
  ])('src/shared imports no Node builtin: %s in %s', async (source, file, named) => {
    const [message, ...more] = await layerErrors(`${source}\nexport const n = 1;\n`, file);
    expect(more).toEqual([]);
    expect(message).toContain(named);
    expect(message).toContain('Node builtin');
  });

  it.each([
    ["import { createCore } from '../main/core';", 'src/shared/x.ts', 'src/main'],
    ["import { x } from '../../main/midi/monitor';", 'src/shared/midi/x.ts', 'src/main'],
    ["import { App } from '../renderer/src/App';", 'src/shared/x.ts', 'src/renderer'],
    ["import '../preload/index';", 'src/shared/x.ts', 'src/preload'],
    [
      "import { api } from '../stores/library';",
      'src/renderer/src/ipc/x.ts',
      'src/renderer/src/stores',
    ],
    ["import { x } from '../../../main/core';", 'src/renderer/src/stores/x.ts', 'src/main'],
    ["import { x } from '../../../main/core';", 'src/renderer/src/ipc/x.ts', 'src/main'],
    ["const m = import('../../main/core');", 'src/renderer/src/App.tsx', 'src/main'],
    ["import { App } from '../renderer/src/App';", 'src/main/core.ts', 'src/renderer'],
    ["export * from '../../renderer/src/App';", 'src/main/midi/x.ts', 'src/renderer'],
    ["import { App } from '../renderer/src/App';", 'src/cli/x.ts', 'src/renderer'],
  ])('ESLint rejects %s in %s', async (source, file, folder) => {
    const [message, ...more] = await layerErrors(`${source}\nexport const n = 1;\n`, file);
    expect(more).toEqual([]);
    expect(message).toContain(`is in ${folder}`);
  });

  it.each([
    ["import { z } from 'zod';", 'src/shared/x.ts'],
    ["import { Pattern } from './sequencer/pattern';", 'src/shared/x.ts'],
    ["import { x } from '../shared/contract';", 'src/main/core.ts'],
    ["import { readFile } from 'node:fs/promises';", 'src/main/core.ts'],
    ["import { api } from '../ipc/api';", 'src/renderer/src/stores/x.ts'],
    ["import { x } from '../../../shared/contract';", 'src/renderer/src/ipc/x.ts'],
    // A folder that only shares a name with a forbidden one.
    ["import { x } from './main/x';", 'src/renderer/src/x.ts'],
  ])('ESLint allows %s in %s', async (source, file) => {
    expect(await layerErrors(`${source}\nexport const n = 1;\n`, file)).toEqual([]);
  });
});
