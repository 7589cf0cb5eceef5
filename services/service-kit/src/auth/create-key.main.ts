/**
 * Creates an API key and adds its hash to the keys file; prints the plaintext once.
 *   tsx services/service-kit/src/auth/create-key.main.ts <id> <roles,…> [families,…] [regionCode]
 *   e.g. … lanshan-writer writer sales,support 371302
 */
import { createApiKey, ROLES, type Role } from './api-keys.ts';
import { addKeyToFile, keysFilePath } from './keys-file.ts';
import { loadEnv } from '../env.ts';
import type { Family } from '@redstream/schema';

const [id, roles, families, regionCode] = process.argv.slice(2);
if (!id || !roles) {
  console.error(`usage: create-key <id> <roles: ${ROLES.join('|')},…> [families: organisation|support|sales,…] [regionCode]`);
  process.exit(2);
}
const path = keysFilePath(loadEnv());
const { plaintext, entry } = createApiKey({
  id,
  roles: roles.split(',') as Role[],
  families: families ? (families.split(',') as Family[]) : [],
  ...(regionCode ? { regionCode } : {}),
});
await addKeyToFile(path, entry);
console.log(`key ${entry.id} added to ${path}; store it now, it is not shown again:\n${plaintext}`);
