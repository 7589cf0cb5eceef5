import { existsSync, unwatchFile, watchFile, type Stats } from 'node:fs';
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

/** Writes the keys file whole (a temporary file renamed over it): a reader never sees half a file. */
async function writeKeysFile(path: string, keys: readonly ApiKeyEntry[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** Adds an entry to the keys file (created if missing), replacing the file atomically. */
export async function addKeyToFile(path: string, entry: ApiKeyEntry): Promise<void> {
  const keys = await readKeysFile(path);
  if (keys.some((k) => k.id === entry.id)) throw new KeysFileError(`key id ${entry.id} already exists in ${path}`);
  await writeKeysFile(path, [...keys, entry]);
}

/** Removes the key `id` from the keys file; returns the removed entry. */
export async function removeKeyFromFile(path: string, id: string): Promise<ApiKeyEntry> {
  const keys = await readKeysFile(path);
  const entry = keys.find((k) => k.id === id);
  if (!entry) throw new KeysFileError(`no key ${id} in ${path}`);
  await writeKeysFile(path, keys.filter((k) => k !== entry));
  return entry;
}

export interface KeysFileWatch {
  /** Polling interval; default 500 ms, so a change takes effect within a second. */
  intervalMs?: number;
  onReload?: (info: { keys: number; revoked: ReadonlySet<string> }) => void;
  /** A keys file that cannot be read: the keys accepted so far stay in force. */
  onError?: (error: Error) => void;
}

/**
 * Keeps `ring` equal to the keys file while the process runs, so `redstream keys create|revoke`
 * take effect without a restart. The file is polled (fs.watchFile, a stat per interval) rather than
 * watched with inotify: the CLI replaces it by rename, which an inotify watch on the file loses,
 * and polling works the same on every file system, network mounts and container volumes included.
 * Returns the function that stops watching.
 */
export function watchKeysFile(ring: KeyRing, path: string, options: KeysFileWatch = {}): () => void {
  let reading = Promise.resolve();
  const reload = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs && current.ino === previous.ino && current.size === previous.size) return;
    reading = reading.then(async () => {
      try {
        const keys = await readKeysFile(path);
        const revoked = ring.replace(keys);
        options.onReload?.({ keys: keys.length, revoked });
      } catch (error) {
        options.onError?.(error as Error);
      }
    });
  };
  watchFile(path, { interval: options.intervalMs ?? 500, persistent: false }, reload);
  return () => unwatchFile(path, reload);
}

/** The key ring of a process: the bootstrap admin key plus the keys file. */
export async function loadKeyRing(env: Pick<Env, 'REDSTREAM_ADMIN_KEY' | 'REDSTREAM_KEYS_FILE' | 'REDSTREAM_DATA_DIR'>): Promise<KeyRing> {
  return new KeyRing(await readKeysFile(keysFilePath(env)), env.REDSTREAM_ADMIN_KEY);
}
