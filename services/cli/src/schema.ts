import type { ClickHouseClient } from '@clickhouse/client';
import { awaitSchema, migrate } from '@redstream/projections';

export interface SchemaEnv {
  CLICKHOUSE_URL?: string | undefined;
  CLICKHOUSE_CLUSTER?: string | undefined;
}

/**
 * Who applies the ClickHouse migrations: one runner per deployment. On a ClickHouse server that is
 * the projector service (exactly one per deployment; it also backfills the read models a migration
 * adds), under the schema lease in case two projectors ever overlap (a rolling restart); every
 * other process waits until the schema this code needs is recorded, saying what it waits for. On
 * embedded chDB the one process that owns the directory migrates.
 *
 * Returns the migrations this process applied (for backfilling new read models).
 */
export async function readySchema(
  clickhouse: ClickHouseClient,
  env: SchemaEnv,
  options: { runner: boolean; waitMs: number; say: (message: string) => void },
): Promise<string[]> {
  if (env.CLICKHOUSE_CLUSTER && !env.CLICKHOUSE_URL) throw new Error('CLICKHOUSE_CLUSTER names a ClickHouse cluster, so CLICKHOUSE_URL must name one of its nodes');
  const embedded = !env.CLICKHOUSE_URL;
  if (embedded || options.runner) {
    return (await migrate(clickhouse, { cluster: env.CLICKHOUSE_CLUSTER, lease: embedded ? false : { onWait: options.say } })).applied;
  }
  await awaitSchema(clickhouse, { timeoutMs: options.waitMs, onWait: options.say });
  return [];
}
