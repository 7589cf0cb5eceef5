import { addKeyToFile, createApiKey, keysFilePath, loadEnv, readKeysFile, removeKeyFromFile, ROLES, type Role } from '@redstream/service-kit';
import { FAMILIES, type Family } from '@redstream/schema';

const USAGE = `usage: redstream keys create <id> <roles: ${ROLES.join('|')},…> [families: ${FAMILIES.join('|')},…] [regionCode]
       redstream keys list
       redstream keys revoke <id>
A running platform takes the change within a second (it watches the keys file); a revoked key's open streams are closed.`;

/** `redstream keys create|list|revoke`: the keys file of REDSTREAM_KEYS_FILE / REDSTREAM_DATA_DIR. */
export async function run(args: string[]): Promise<void> {
  const [verb, id, roles, families, regionCode] = args;
  const path = keysFilePath(loadEnv());
  if (verb === 'create' && id && roles) {
    const { plaintext, entry } = createApiKey({
      id,
      roles: roles.split(',') as Role[],
      families: families ? (families.split(',') as Family[]) : [],
      ...(regionCode ? { regionCode } : {}),
    });
    await addKeyToFile(path, entry);
    console.log(`key ${entry.id} added to ${path}; keep it now, it is not shown again:\n${plaintext}`);
    return;
  }
  if (verb === 'list' && !id) {
    const keys = await readKeysFile(path);
    if (keys.length === 0) console.log(`no keys in ${path}`);
    for (const k of keys) {
      console.log([k.id.padEnd(24), k.roles.join(',').padEnd(16), (k.families.join(',') || '-').padEnd(20), (k.regionCode ?? '-').padEnd(12), k.createdAt ?? ''].join(' ').trimEnd());
    }
    return;
  }
  if (verb === 'revoke' && id && !roles) {
    await removeKeyFromFile(path, id);
    console.log(`key ${id} revoked (removed from ${path})`);
    return;
  }
  throw new Error(USAGE);
}
