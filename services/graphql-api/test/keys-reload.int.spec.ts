import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addKeyToFile, createApiKey, loadKeyRing, removeKeyFromFile, watchKeysFile } from '@redstream/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

/**
 * `redstream keys create|revoke` against a running GraphQL server: the keys file is the real one
 * (written by the CLI's functions, watched as the platform watches it), the server listens on a
 * port, and the subscription is a real SSE stream.
 */
describe('GraphQL keys without restarts', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'redstream-gql-keys-')), 'keys.json');
  let h: Harness;
  let url: string;
  let stopWatching: () => void;

  beforeAll(async () => {
    const ring = await loadKeyRing({ REDSTREAM_KEYS_FILE: path, REDSTREAM_DATA_DIR: '.', REDSTREAM_ADMIN_KEY: undefined });
    stopWatching = watchKeysFile(ring, path, { intervalMs: 100 });
    h = await startHarness([], { keys: ring });
    url = `${await h.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
  });
  afterAll(async () => {
    stopWatching?.();
    await h?.close();
  });

  const query = (key: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ salesSummary { orders } }' }) });
  const eventually = async (ms: number, done: () => Promise<boolean>) => {
    const deadline = Date.now() + ms;
    // A request in flight when its key is revoked is cut off like a stream: it counts as "not yet".
    while (!(await done().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('answers a key created while it runs, and on revocation refuses it and closes its liveFigures stream', async () => {
    const { plaintext, entry } = createApiKey({ id: 'analyst-live', roles: ['analyst'] });
    expect((await query(plaintext)).status).toBe(401);
    await addKeyToFile(path, entry);
    await eventually(15_000, async () => (await query(plaintext)).status === 200);

    const stream = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${plaintext}` },
      body: JSON.stringify({ query: 'subscription { liveFigures { day today { orders } } }' }),
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes('liveFigures')) text += new TextDecoder().decode((await reader.read()).value);
    const ended = (async () => {
      try {
        for (;;) if ((await reader.read()).done) return 'closed';
      } catch {
        return 'cut off';
      }
    })();

    await removeKeyFromFile(path, 'analyst-live');
    await eventually(15_000, async () => (await query(plaintext)).status === 401);
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 15_000))])).not.toBe('still open');
  });
});
