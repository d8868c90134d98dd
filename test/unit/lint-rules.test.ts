import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const source = "import { app } from 'electron';\nexport const name = app.getName();\n";

async function electronImportErrors(filePath: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('the core never imports electron (README: Architecture)', () => {
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
