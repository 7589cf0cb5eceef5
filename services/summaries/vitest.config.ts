import { createRequire } from 'node:module';
import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.ts';

const require = createRequire(import.meta.url);

// As in graphql-api: one graphql module for yoga, Pothos and our sources, so instanceof holds.
export default mergeConfig(shared, defineConfig({ resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] } }));
