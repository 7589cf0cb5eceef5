import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fact } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { KeyRing } from '@redstream/service-kit';
import { buildWriteApi } from '@redstream/write-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegion } from '../generate-region.ts';
import { importToApi, postToApi } from './http.ts';

// Ten days of a small region, posted to the real write API with its strict rules.
const options = { seed: 21, from: '2025-10-28', to: '2025-11-07', scale: 0.001 };
const facts: Fact[] = [...generateRegion(options)];
const ADMIN = 'simulator-test-admin-key-0123456789';
let dir: string;
let store: EventStore;
let app: Awaited<ReturnType<typeof buildWriteApi>>;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redstream-sim-api-'));
  store = await openEmbeddedEventStore({ dir });
  app = await buildWriteApi({ store, keyRing: new KeyRing([], ADMIN), clock: () => new Date('2025-11-07T00:00:00+08:00'), server: { logLevel: 'silent' } });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('postToApi against the write API', () => {
  it('has every fact of a simulated region accepted', async () => {
    const result = await postToApi(url, ADMIN, facts, { batchSize: 500 });
    expect(result.rejections).toEqual([]);
    expect(result.accepted).toBe(facts.length);
    expect(await store.headPosition()).toBe(BigInt(facts.length));
  });

  it('appends nothing when the run is sent again, through /v1/import too', async () => {
    const again = await postToApi(url, ADMIN, generateRegion(options), { batchSize: 500 });
    expect(again.rejected).toBe(0);
    await importToApi(url, ADMIN, generateRegion(options));
    expect(await store.headPosition()).toBe(BigInt(facts.length));
  });
});
