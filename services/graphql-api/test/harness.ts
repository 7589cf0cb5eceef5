import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { Fact } from '@redstream/schema';
import { createApiKey, createServer, KeyRing, type NewKeySpec } from '@redstream/service-kit';
import type { FastifyInstance } from 'fastify';
import { buildGraphqlApi, loadGraphqlEnv, type GraphqlApi, type GraphqlApiOptions } from '../src/index.ts';
import type { QueryContext } from '@redstream/queries';
import type { DomainEvent } from '@redstream/schema';
import { openProjected, projectFacts } from './projected.ts';

/** chDB binds one data directory per process: each test file opens its own. */
export function openChdb(dir = mkdtempSync(join(tmpdir(), 'redstream-gql-'))): ClickHouseClient {
  return createClient({ connection: createChdbConnection({ path: join(dir, 'clickhouse') }) } as Parameters<typeof createClient>[0]);
}

export const KEY_SPECS = {
  admin: { id: 'admin-1', roles: ['admin'] },
  analyst: { id: 'analyst', roles: ['analyst'] },
  lanshan: { id: 'lanshan-analyst', roles: ['analyst'], regionCode: '371302' },
  screen: { id: 'screen-lanshan', roles: ['screen'], regionCode: '371302' },
  writer: { id: 'writer', roles: ['writer'], families: ['sales'] },
} satisfies Record<string, NewKeySpec>;

export type KeyName = keyof typeof KEY_SPECS;

export interface Harness {
  app: FastifyInstance;
  api: GraphqlApi;
  clickhouse: ClickHouseClient;
  keys: Record<KeyName, string>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: KeyName | null): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
  close(): Promise<void>;
}

export async function startHarness(facts: readonly Fact[], options: Partial<GraphqlApiOptions> = {}): Promise<Harness> {
  const clickhouse = options.clickhouse ?? openChdb();
  await projectFacts(clickhouse, facts);
  const created = Object.fromEntries(Object.entries(KEY_SPECS).map(([name, spec]) => [name, createApiKey(spec as NewKeySpec)]));
  const keys = Object.fromEntries(Object.entries(created).map(([name, k]) => [name, k.plaintext])) as Record<KeyName, string>;
  const ring = new KeyRing(Object.values(created).map((k) => k.entry));
  const api = buildGraphqlApi({ clickhouse, keys: ring, env: loadGraphqlEnv({ NODE_ENV: 'test' }), ...options });
  const app = createServer({ logLevel: process.env.TEST_LOG_LEVEL as 'error' | undefined ?? 'silent' });
  await app.register(api.plugin);
  await app.ready();
  return {
    app,
    api,
    clickhouse,
    keys,
    async gql(query, variables, key = 'admin') {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(key ? { authorization: `Bearer ${keys[key]}` } : {}) },
        payload: JSON.stringify({ query, variables }),
      });
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await app.close();
      await clickhouse.close();
    },
  };
}

/** A suite that asks the query layer and GraphQL both: `events` through the real projector (openProjected), a harness over the same ClickHouse. */
export async function startProjectedHarness(prefix: string, events: readonly DomainEvent[], batchSize: number): Promise<{ ctx: QueryContext; h: Harness; close(): Promise<void> }> {
  const stores = await openProjected(prefix, events, batchSize);
  const h = await startHarness([], { clickhouse: stores.clickhouse });
  return {
    ctx: stores.ctx,
    h,
    async close() {
      await h.close();
      await stores.close();
    },
  };
}
