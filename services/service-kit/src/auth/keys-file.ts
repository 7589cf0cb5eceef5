import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ApiKeyEntry, KeyRing, KeysFile } from './api-keys.ts';
import type { Env } from '../env.ts';

/** The keys file in use: REDSTREAM_KEYS_FILE, else `<data dir>/keys.json`. */
export const keysFilePath = (env: Pick<Env, 'REDSTREAM_KEYS_FILE' | 'REDSTREAM_DATA_DIR'>): string =>
  env.REDSTREAM_KEYS_FILE ?? join(env.REDSTREAM_DATA_DIR, 'keys.json');

export class KeysFileError extends Error {}

/** Reads a keys file; a missing file holds no keys, a malformed one stops startup with the reason. */
export async function readKeysFile(path: string): Promise<ApiKeyEntry[]> {
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new KeysFileError(`keys file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = KeysFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KeysFileError(`keys file ${path} is invalid at ${issue.path.join('.')}: ${issue.message}`);
  }
  const ids = new Set<string>();
  for (const key of parsed.data.keys) {
    if (ids.has(key.id)) throw new KeysFileError(`keys file ${path} holds key id ${key.id} twice`);
    ids.add(key.id);
  }
  return parsed.data.keys;
}

/** Adds an entry to the keys file (created if missing), replacing the file atomically. */
export async function addKeyToFile(path: string, entry: ApiKeyEntry): Promise<void> {
  const keys = await readKeysFile(path);
  if (keys.some((k) => k.id === entry.id)) throw new KeysFileError(`key id ${entry.id} already exists in ${path}`);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ keys: [...keys, entry] }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** The key ring of a process: the bootstrap admin key plus the keys file. */
export async function loadKeyRing(env: Pick<Env, 'REDSTREAM_ADMIN_KEY' | 'REDSTREAM_KEYS_FILE' | 'REDSTREAM_DATA_DIR'>): Promise<KeyRing> {
  return new KeyRing(await readKeysFile(keysFilePath(env)), env.REDSTREAM_ADMIN_KEY);
}
