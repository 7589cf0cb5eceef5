import { defineConfig } from 'vitest/config';

/**
 * Every package's vitest config starts from this one: a JSON report per package lets `.ci/run`
 * add up passed/failed across the whole turbo run. Store-backed tests get generous timeouts
 * because PGlite's first open of a directory and chDB's start take seconds on 2 cores.
 */
export const shared = defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    passWithNoTests: true,
    include: ['src/**/*.spec.ts', '*.spec.ts', '**/*.spec.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
  },
});
