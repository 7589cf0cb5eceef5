import { mkdirSync, rmSync, statSync } from 'node:fs';

/**
 * Runs `work` while holding a lock shared by every process on the machine: a directory, which
 * `mkdir` creates atomically. For one-off preparations several processes may start at once (test
 * files run in parallel): unpacking the browser, building the screen. A lock older than
 * `staleMs` is a crashed holder's and is taken over.
 */
export async function withMachineLock<T>(lock: string, work: () => Promise<T> | T, options: { waitMs?: number; staleMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.waitMs ?? 180_000);
  const staleMs = options.staleMs ?? 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = modifiedAt(lock);
      if (since !== undefined && Date.now() - since > staleMs) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}, held by another process`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function modifiedAt(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
