/**
 * Writes the committed artifacts: the sorted SDL (schema/graphql/schema.graphql) and the persisted
 * operations manifest (services/graphql-api/persisted/manifest.json).
 *   npm run -w services/graphql-api artifacts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printedSchema } from './schema/index.ts';
import { buildManifest, PERSISTED_DIR } from './persisted-operations.ts';

export const SDL_PATH = new URL('../../../schema/graphql/schema.graphql', import.meta.url).pathname;

writeFileSync(SDL_PATH, printedSchema());
writeFileSync(join(PERSISTED_DIR, 'manifest.json'), `${JSON.stringify(buildManifest(), null, 2)}\n`);
console.log(`wrote ${SDL_PATH} and ${join(PERSISTED_DIR, 'manifest.json')}`);
