/**
 * Writes the committed artifacts: the sorted SDL (schema/graphql/schema.graphql) and the persisted
 * operations manifest (services/graphql-api/persisted/manifest.json).
 *   npm run -w services/graphql-api artifacts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMITTED_SDL_PATH, printedSchema } from './schema/index.ts';
import { buildManifest, PERSISTED_DIR } from './persisted-operations.ts';

writeFileSync(COMMITTED_SDL_PATH, printedSchema());
writeFileSync(join(PERSISTED_DIR, 'manifest.json'), `${JSON.stringify(buildManifest(), null, 2)}\n`);
console.log(`wrote ${COMMITTED_SDL_PATH} and ${join(PERSISTED_DIR, 'manifest.json')}`);
