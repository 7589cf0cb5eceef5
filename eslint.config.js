// One lint configuration for every workspace: typescript-eslint's recommended rules, plus two that
// catch what review kept missing — import cycles (import-x/no-cycle; a cycle makes module start-up
// order decide which binding is still undefined) and floating promises (a promise nobody awaits
// loses its rejection, so a failed write or query goes unreported).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.reports/**', '**/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    // Type-aware: no-floating-promises needs each file's types, found through the workspace's
    // tsconfig.json by the project service.
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Cycles within a package and across workspace packages; packages from the registry are not
      // walked (they cannot import ours, and walking them is slow).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
);
