// Lint enforces the layers: core ← model ← training / app. Each layer may import only from the
// layers below it, and src/core may import nothing but itself.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'zlib', 'stream', 'child_process', 'crypto'];

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
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // src/core is one flat folder: only "./x" imports stay inside it.
              regex: '^(?!\\./)',
              message: 'src/core is pure TypeScript: it imports only other core modules.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'self',
        'navigator',
        'process',
        'Buffer',
        'require',
        'fetch',
      ],
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
        { patterns: [{ group: ['react', 'react-dom', '**/app/**', '**/features/**'] }] },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
