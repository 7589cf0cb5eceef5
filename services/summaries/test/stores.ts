import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { Fact } from '@redstream/schema';
import { createReader, type QueryContext } from '@redstream/graphql-api';
// Interim: the GraphQL API's stand-in read models, until the projector lands.
import { createReadModels, seedReadModels } from '../../graphql-api/test/read-models.ts';

export interface TestStores {
  dir: string;
  clickhouse: ClickHouseClient;
  query: QueryContext;
  /** Appends the facts and waits until the read models hold them. */
  send(facts: readonly Fact[]): Promise<void>;
  close(): Promise<void>;
}

/** Each test file its own temp dir (chDB binds one data directory per process). */
export async function openTestStores(): Promise<TestStores> {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-summaries-'));
  const clickhouse = createClient({ connection: createChdbConnection({ path: join(dir, 'clickhouse') }) } as Parameters<typeof createClient>[0]);
  await createReadModels(clickhouse);
  return {
    dir,
    clickhouse,
    query: { reader: createReader(clickhouse, { timeoutMs: 60_000 }) },
    send: (facts) => seedReadModels(clickhouse, facts),
    close: () => clickhouse.close(),
  };
}
