import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import path from 'node:path';
import tseslint from 'typescript-eslint';

// The layers and who may import what: docs/ARCHITECTURE.md, "What lint and typecheck enforce".

/** Only the Electron shell may import electron. */
const electronShellFiles = ['src/main/index.ts', 'src/main/host/electron-*.ts', 'src/preload/**'];

/**
 * `layers/imports`: a file may not import from the folders (relative to the repository) its
 * layer forbids; with `nodeBuiltins: false`, no Node builtin either (`node:fs` or `fs`), `why`
 * saying why. Folders are compared after resolving the import, so `../../main/x` is caught from
 * any depth and a folder that merely shares a name is not.
 */
const root = import.meta.dirname;
const importsRule = {
  meta: {
    type: 'problem',
    schema: [
      {
        type: 'object',
        properties: {
          folders: {
            type: 'array',
            items: {
              type: 'object',
              properties: { folder: { type: 'string' }, why: { type: 'string' } },
              required: ['folder', 'why'],
            },
          },
          nodeBuiltins: { type: 'boolean' },
          why: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      folder: "'{{source}}' is in {{folder}}: {{why}}",
      builtin: "'{{source}}' is a Node builtin: {{why}}",
    },
  },
  create(context) {
    const { folders = [], nodeBuiltins = true, why = '' } = context.options[0] ?? {};
    const builtins = new Set(builtinModules);
    const check = (node) => {
      const source = node?.type === 'Literal' ? node.value : undefined;
      if (typeof source !== 'string') return;
      if (!nodeBuiltins && (source.startsWith('node:') || builtins.has(source.split('/')[0]))) {
        context.report({ node, messageId: 'builtin', data: { source, why } });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), source));
      for (const rule of folders) {
        const inside = path.relative(rule.folder, target);
        if (inside === '' || !(inside.startsWith('..') || path.isAbsolute(inside))) {
          context.report({
            node,
            messageId: 'folder',
            data: { source, folder: rule.folder, why: rule.why },
          });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const notMain = {
  folder: 'src/main',
  why: 'the window reaches the core only through the contract (src/shared) and its client.',
};
const notRenderer = {
  folder: 'src/renderer',
  why: 'the core runs with no window at all (web shell, CLI) and knows nothing of it.',
};
const sharedIsPure =
  'src/shared is loaded by main, the clock thread, the audio process and the window alike.';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { layers: { rules: { imports: importsRule } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: electronShellFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src/main/index.ts, src/main/host/electron-*.ts and src/preload import electron: the core must run under plain Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'layers/imports': [
        'error',
        {
          nodeBuiltins: false,
          why: sharedIsPure,
          folders: ['src/main', 'src/renderer', 'src/preload'].map((folder) => ({
            folder,
            why: sharedIsPure,
          })),
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.{ts,tsx}', 'src/cli/**/*.{ts,tsx}'],
    rules: { 'layers/imports': ['error', { folders: [notRenderer] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: { 'layers/imports': ['error', { folders: [notMain] }] },
  },
  {
    // Overrides the block above for these files, so it repeats its folder.
    files: ['src/renderer/src/ipc/**/*.{ts,tsx}'],
    rules: {
      'layers/imports': [
        'error',
        {
          folders: [
            notMain,
            {
              folder: 'src/renderer/src/stores',
              why: 'the transport and client hold no UI state: stores use the client, never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
