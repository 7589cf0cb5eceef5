import { addKeyToFile, createApiKey, keysFilePath, loadEnv, ROLES, type Role } from '@redstream/service-kit';
import { FAMILIES, type Family } from '@redstream/schema';

/** `redstream keys create <id> <roles,…> [families,…] [regionCode]` */
export async function run(args: string[]): Promise<void> {
  const [verb, id, roles, families, regionCode] = args;
  if (verb !== 'create' || !id || !roles) {
    throw new Error(`usage: redstream keys create <id> <roles: ${ROLES.join('|')},…> [families: ${FAMILIES.join('|')},…] [regionCode]`);
  }
  const path = keysFilePath(loadEnv());
  const { plaintext, entry } = createApiKey({
    id,
    roles: roles.split(',') as Role[],
    families: families ? (families.split(',') as Family[]) : [],
    ...(regionCode ? { regionCode } : {}),
  });
  await addKeyToFile(path, entry);
  console.log(`key ${entry.id} added to ${path}; keep it now, it is not shown again:\n${plaintext}`);
}
