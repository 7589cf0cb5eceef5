import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './api-keys.ts';
import { authPlugin, requireRole } from './auth-plugin.ts';
import { addKeyToFile, loadKeyRing, removeKeyFromFile, watchKeysFile } from './keys-file.ts';
import { createServer } from '../server.ts';

/**
 * Keys created and revoked while a server runs, on a real keys file and a real listening server:
 * the CLI's own file functions write, the server's watch picks the change up.
 */
describe('keys without restarts', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'redstream-keys-reload-')), 'keys.json');
  const reloads: number[] = [];
  let app: FastifyInstance;
  let base: string;
  let stopWatching: () => void;

  beforeAll(async () => {
    const ring = await loadKeyRing({ REDSTREAM_KEYS_FILE: path, REDSTREAM_DATA_DIR: '.', REDSTREAM_ADMIN_KEY: undefined });
    stopWatching = watchKeysFile(ring, path, { intervalMs: 100, onReload: ({ keys }) => reloads.push(keys) });
    app = createServer({ logLevel: 'silent' });
    await app.register(authPlugin, { keyRing: ring });
    app.get('/figures', { preHandler: requireRole('analyst') }, async () => ({ ok: true }));
    // An endless event stream, as a GraphQL subscription over SSE is.
    app.get('/stream', { preHandler: requireRole('analyst') }, (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write('data: hello\n\n');
      const timer = setInterval(() => reply.raw.write(': still here\n\n'), 100);
      reply.raw.once('close', () => clearInterval(timer));
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    stopWatching?.();
    await app?.close();
  });

  const status = async (key: string) => (await fetch(`${base}/figures`, { headers: { authorization: `Bearer ${key}` } })).status;
  const within = async (ms: number, done: () => Promise<boolean>) => {
    const started = Date.now();
    // A request in flight when its key is revoked is cut off like a stream: it counts as "not yet".
    while (!(await done().catch(() => false))) {
      if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return Date.now() - started;
  };

  it('accepts a key created while it runs (a second or so: the file is watched), refuses it once revoked, and closes its open stream', async () => {
    const { plaintext, entry } = createApiKey({ id: 'analyst-1', roles: ['analyst'] });
    expect(await status(plaintext)).toBe(401);
    await addKeyToFile(path, entry);
    await within(10_000, async () => (await status(plaintext)) === 200);

    const stream = await fetch(`${base}/stream`, { headers: { authorization: `Bearer ${plaintext}` } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('hello');
    // The stream keeps going until the key is revoked, then ends (closed or cut off).
    const ended = (async () => {
      try {
        for (;;) if ((await reader.read()).done) return 'closed';
      } catch {
        return 'cut off';
      }
    })();

    await removeKeyFromFile(path, 'analyst-1');
    await within(10_000, async () => (await status(plaintext)) === 401);
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 10_000))])).not.toBe('still open');
  });

  it('keeps the keys it had when the file is broken, and takes the next good one', async () => {
    const keep = createApiKey({ id: 'analyst-2', roles: ['analyst'] });
    await addKeyToFile(path, keep.entry);
    await within(10_000, async () => (await status(keep.plaintext)) === 200);
    const before = reloads.length;
    writeFileSync(path, '{ "keys": [');
    await new Promise((r) => setTimeout(r, 400));
    expect(await status(keep.plaintext)).toBe(200);
    expect(reloads.length).toBe(before);
    writeFileSync(path, JSON.stringify({ keys: [] }));
    await within(10_000, async () => (await status(keep.plaintext)) === 401);
  });

  it('gives a key whose roles changed its new grant', async () => {
    const { plaintext, entry } = createApiKey({ id: 'analyst-3', roles: ['analyst'] });
    await addKeyToFile(path, entry);
    await within(10_000, async () => (await status(plaintext)) === 200);
    await removeKeyFromFile(path, 'analyst-3');
    await addKeyToFile(path, { ...entry, roles: ['writer'] });
    await within(10_000, async () => (await status(plaintext)) === 403);
  });
});
