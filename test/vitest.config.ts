import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../vitest.shared.ts';

/**
 * One file at a time: these suites start whole platforms and browsers and wait for what a person
 * would wait for (a push within two seconds); on 2 cores, files run side by side would be
 * measuring each other.
 */
export default mergeConfig(shared, defineConfig({ test: { fileParallelism: false } }));
