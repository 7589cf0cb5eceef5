import { createRequire } from 'node:module';
import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../../vitest.shared.ts';

const require = createRequire(import.meta.url);

// graphql 16 ships CJS (main) and ESM (module) without an exports map: node loads the CJS build for
// yoga and Pothos, vite would load the ESM one for our sources, and two GraphQLError classes would
// break instanceof (our user errors would be masked). Resolve both to the one node uses.
export default mergeConfig(shared, defineConfig({ resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] } }));
