// Lint enforces the layers: core ← model ← training / app. Each layer may import only from the
// layers below it, and src/core may import nothing but itself.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'zlib', 'stream', 'child_process', 'crypto'];

// src/core is folders by domain (records, preprocess, decision, …), each with an index that is its
// public face. Code outside a folder imports the index, never a file inside it.
const coreFolderFaces = {
  regex: '/core/[^/]+/[^/]+',
  message: 'import a core folder through its index (core/<folder>), not a file inside it.',
};
// Product and bench code never import the tests: what both need lives under src/ or training/.
const noTestImports = {
  group: ['**/tests/**'],
  message: 'src/ and training/ do not import tests/: move what both need under training/ or src/.',
};
const coreGlobals = [
  'window',
  'document',
  'self',
  'navigator',
  'process',
  'Buffer',
  'require',
  'fetch',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'coverage',
      'data/demo',
      'artifacts',
      'public/model',
      'scratch',
      '.venv',
      '.venv-mlflow',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.es2022 },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      // A slice extends the app's state by declaration merging: \`interface AppState extends X {}\`.
      '@typescript-eslint/no-empty-object-type': [
        'error',
        { allowInterfaces: 'with-single-extends' },
      ],
      'no-console': 'off',
    },
  },
  {
    // Small modules: no file over 500 lines, no function over 150 (blank lines and comments not
    // counted), with no exception.
    files: ['src/**/*.{ts,tsx}', 'training/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // No import cycles anywhere, type-only imports included: a cycle means two modules that are
    // really one, or a piece that belongs in a third.
    files: ['src/**/*.{ts,tsx}', 'training/**/*.ts', 'tests/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-duplicates': 'error',
    },
  },
  {
    files: ['src/core/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A top-level core module imports its neighbours and the folders' indexes.
              regex: '^(?!\\./[^/]+$)',
              message:
                'src/core is pure TypeScript: it imports only other core modules, folders by their index.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...coreGlobals],
    },
  },
  {
    files: ['src/core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Inside a folder: its own files ("./x"), and other folders by their index or the
              // top-level modules ("../x"), never another folder's internals.
              regex: '^(?!\\.{1,2}/[^/]+$)',
              message:
                'src/core is pure TypeScript: it imports only other core modules, other folders by their index.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...coreGlobals],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.filter((n) => !n.includes('*')),
          patterns: [
            { group: ['node:*'], message: 'src/model runs in the browser too: no Node APIs.' },
            { group: ['react', 'react-dom', '**/app/**', '**/features/**', '**/training/**'] },
            coreFolderFaces,
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The app's layers: app → features → shared → core/model. A feature does not reach into the
    // app shell or into another feature's UI; shared code does not know features at all.
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**', '../app/*'],
              message: 'shared code does not import the app shell.',
            },
            {
              group: ['**/features/**'],
              message:
                'shared code does not import features: a feature extends AppState with its slice.',
            },
            { group: ['node:*'], message: 'the app runs in the browser: no Node APIs.' },
            coreFolderFaces,
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**'], message: 'features do not import the app shell.' },
            { group: ['node:*'], message: 'the app runs in the browser: no Node APIs.' },
            {
              regex: '^\\.\\./[a-z][^/]*/[A-Z][^/]*$',
              caseSensitive: true,
              message: 'a feature does not import another feature’s UI (its components).',
            },
            coreFolderFaces,
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    // The app shell and the entry: they compose features, and reach core only by its faces.
    files: ['src/app/**/*.{ts,tsx}', 'src/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'the app runs in the browser: no Node APIs.' },
            coreFolderFaces,
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['training/**/*.ts', 'tests/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['training/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', '**/app/**', '**/features/**'] },
            coreFolderFaces,
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
