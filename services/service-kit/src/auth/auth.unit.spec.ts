import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyRing, createApiKey, hashKey } from './api-keys.ts';
import { KeysFileError, addKeyToFile, loadKeyRing, readKeysFile } from './keys-file.ts';
import { writeRefusal } from './scope.ts';
import { authPlugin, requireRole } from './auth-plugin.ts';
import { createServer } from '../server.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'redstream-keys-'));

describe('API keys', () => {
  it('stores only the hash and resolves the plaintext to its principal', async () => {
    const path = join(dir(), 'keys.json');
    const { plaintext, entry } = createApiKey({ id: 'lanshan', roles: ['writer'], families: ['sales'], regionCode: '371302' });
    await addKeyToFile(path, entry);
    const stored = await readFile(path, 'utf8');
    expect(stored).not.toContain(plaintext);
    expect(stored).toContain(hashKey(plaintext));
    const ring = await loadKeyRing({ REDSTREAM_KEYS_FILE: path, REDSTREAM_DATA_DIR: '.', REDSTREAM_ADMIN_KEY: 'admin-key-0123456789' });
    expect(ring.resolve(plaintext)).toMatchObject({ keyId: 'lanshan', regionCode: '371302' });
    expect(ring.resolve('admin-key-0123456789')?.keyId).toBe('admin');
    expect(ring.resolve('rsk_guess')).toBeUndefined();
    await expect(addKeyToFile(path, entry)).rejects.toThrow(/already exists/);
  });

  it('refuses a malformed keys file with the reason', async () => {
    const path = join(dir(), 'keys.json');
    writeFileSync(path, JSON.stringify({ keys: [{ id: 'x', hash: 'plain', roles: ['writer'] }] }));
    await expect(readKeysFile(path)).rejects.toThrow(KeysFileError);
    await expect(readKeysFile(path)).rejects.toThrow(/hash/);
  });

  it('limits writers to their families and region', () => {
    const key = createApiKey({ id: 'lanshan', roles: ['writer'], families: ['sales'], regionCode: '371302' });
    const lanshan = new KeyRing([key.entry]).resolve(key.plaintext)!;
    expect(writeRefusal(lanshan, 'sales', '371302001001')).toBeUndefined();
    expect(writeRefusal(lanshan, 'sales', '410103')).toMatch(/limited to region 371302/);
    expect(writeRefusal(lanshan, 'organisation', '371302')).toMatch(/may not write organisation/);
    const analyst = { keyId: 'a', roles: new Set(['analyst'] as const), families: new Set<never>() };
    expect(writeRefusal(analyst, 'sales', '371302')).toMatch(/no writer role/);
  });
});

describe('auth plugin', () => {
  it('answers 401 without or with an unknown key, 403 without the role, 200 with it', async () => {
    const writer = createApiKey({ id: 'w', roles: ['writer'], families: ['sales'] });
    const analyst = createApiKey({ id: 'a', roles: ['analyst'] });
    const app = createServer({ logLevel: 'silent' });
    await app.register(authPlugin, { keyRing: new KeyRing([writer.entry, analyst.entry]) });
    app.get('/w', { preHandler: requireRole('writer') }, async (request) => ({ key: request.principal?.keyId }));
    const get = (authorization?: string) => app.inject({ url: '/w', headers: authorization ? { authorization } : {} });

    const missing = await get();
    expect(missing.statusCode).toBe(401);
    expect(missing.json().message).toMatch(/missing API key/);
    expect((await get('Bearer nope')).json()).toEqual({ error: 'Unauthorized', message: 'unknown API key' });
    expect((await get('Basic abc')).json().message).toMatch(/malformed/);
    const forbidden = await get(`Bearer ${analyst.plaintext}`);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().message).toMatch(/lacks the role writer/);
    expect((await get(`Bearer ${writer.plaintext}`)).json()).toEqual({ key: 'w' });
    await app.close();
  });

  it('takes ?key= on GETs only (pages opened by address), never on writes', async () => {
    const writer = createApiKey({ id: 'w', roles: ['writer'], families: ['sales'] });
    const app = createServer({ logLevel: 'silent' });
    await app.register(authPlugin, { keyRing: new KeyRing([writer.entry]) });
    app.get('/page', { preHandler: requireRole('writer') }, async (request) => ({ key: request.principal?.keyId }));
    app.post('/page', { preHandler: requireRole('writer') }, async (request) => ({ key: request.principal?.keyId }));
    const key = encodeURIComponent(writer.plaintext);
    expect((await app.inject({ url: `/page?key=${key}` })).json()).toEqual({ key: 'w' });
    expect((await app.inject({ method: 'POST', url: `/page?key=${key}`, payload: {} })).statusCode).toBe(401);
    expect((await app.inject({ url: '/page?key=wrong' })).statusCode).toBe(401);
    await app.close();
  });

  it('answers unexpected errors with a 500 that leaks nothing', async () => {
    const app = createServer({ logLevel: 'silent' });
    app.get('/boom', async () => {
      throw new Error('password=hunter2 at db.internal:5432');
    });
    const response = await app.inject({ url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.json().message).toMatch(/request id/);
    await app.close();
  });
});
