import type { QueryAccess } from './cli.ts';
import { createReader } from './query-layer.ts';

/**
 * The CLI's own access to the read models: the projections package's ClickHouse (embedded chDB
 * under REDSTREAM_DATA_DIR, or CLICKHOUSE_URL), migrated.
 */
export async function openReadModelsForCli(env: Record<string, string | undefined>): Promise<QueryAccess> {
  const projections = (await import('@redstream/projections')) as unknown as {
    openClickHouse(options: { clickhouseUrl?: string | undefined; dataDir: string }): Promise<import('@clickhouse/client').ClickHouseClient> | import('@clickhouse/client').ClickHouseClient;
    migrate(client: import('@clickhouse/client').ClickHouseClient): Promise<unknown>;
  };
  const client = await projections.openClickHouse({ clickhouseUrl: env.CLICKHOUSE_URL, dataDir: env.REDSTREAM_DATA_DIR ?? './data' });
  await projections.migrate(client);
  return { query: { reader: createReader(client, { timeoutMs: 60_000 }) }, close: () => client.close() };
}
