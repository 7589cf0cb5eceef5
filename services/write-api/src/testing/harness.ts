import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { EventData, EventType } from '@redstream/schema';
import { sampleData, sampleNow } from '@redstream/domain';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { KeyRing, createApiKey, type NewKeySpec } from '@redstream/service-kit';
import { buildWriteApi, type WriteApiOptions } from '../write-api.ts';

export const ADMIN_KEY = 'test-admin-key-0123456789';

/** A fresh embedded store in its own temp directory (PGlite's first open takes seconds: once per file). */
export async function openTestStore(): Promise<{ store: EventStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-write-api-'));
  return { store: await openEmbeddedEventStore({ dir: join(dir, 'eventstore') }), dir };
}

export interface TestApi {
  app: FastifyInstance;
  /** Plaintext keys by id, plus `admin`. */
  keys: Record<string, string>;
}

/** A write API over `store` with the admin key and the given extra keys; the clock is fixed. */
export async function testApi(store: EventStore, extraKeys: NewKeySpec[] = [], options: Partial<WriteApiOptions> = {}): Promise<TestApi> {
  const created = extraKeys.map((spec) => createApiKey(spec));
  const keyRing = new KeyRing(
    created.map((c) => c.entry),
    ADMIN_KEY,
  );
  const app = await buildWriteApi({ store, keyRing, clock: () => sampleNow, server: { logLevel: 'silent' }, ...options });
  const keys: Record<string, string> = { admin: ADMIN_KEY };
  for (const c of created) keys[c.entry.id] = c.plaintext;
  return { app, keys };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A wire fact with a fresh id and sample data, fields overridden by `patch`. */
export function fact<T extends EventType>(type: T, patch: Partial<EventData<T>> = {}, id: string = randomUUID()) {
  return { id, type, data: { ...sampleData[type], ...patch } };
}

export async function postFacts(app: FastifyInstance, facts: unknown, key = ADMIN_KEY) {
  const response = await app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: facts as object });
  return { status: response.statusCode, body: response.json() as { results: Array<{ id: string; status: string; position?: number; reason?: string; path?: string }>; message?: string } };
}

/** How many events the whole log holds. */
export async function eventCount(store: EventStore): Promise<number> {
  return Number(await store.headPosition());
}
