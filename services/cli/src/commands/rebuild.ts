import { join } from 'node:path';
import { openEventStore } from '@redstream/event-store';
import { openClickHouse, PROJECTION_NAMES, rebuildProjections } from '@redstream/projections';
import { loadCommandEnv } from '../env.ts';
import { readySchema } from '../schema.ts';

/**
 * `redstream rebuild [projection …|all]`: rebuilds read models from position 0 into new tables
 * and swaps them in. Run it while the projector service is stopped (on embedded stores one process
 * owns them; on servers a projector that moves on meanwhile makes the rebuild refuse the swap);
 * GraphQL keeps answering from the old tables until the swap. On a cluster (CLICKHOUSE_CLUSTER)
 * the shadow tables are Replicated local tables and the swap exchanges the local tables.
 */
export async function run(args: string[]): Promise<void> {
  const names = args.length === 0 ? ['all'] : args;
  const unknown = names.filter((n) => n !== 'all' && !PROJECTION_NAMES.includes(n));
  if (unknown.length) throw new Error(`unknown projection(s) ${unknown.join(', ')}; one of: ${PROJECTION_NAMES.join(', ')}, all`);
  const env = loadCommandEnv();
  const store = await openEventStore({ eventstoreUrl: env.EVENTSTORE_URL, dataDir: env.REDSTREAM_DATA_DIR });
  const clickhouse = openClickHouse({ clickhouseUrl: env.CLICKHOUSE_URL, dataDir: join(env.REDSTREAM_DATA_DIR, 'clickhouse') });
  try {
    // Beside a ClickHouse server the projector owns the schema: a rebuild needs it complete, now.
    await readySchema(clickhouse, env, { runner: false, waitMs: 0, say: (m) => console.error(m) });
    const result = await rebuildProjections({ store, clickhouse, projections: names, cluster: env.CLICKHOUSE_CLUSTER, onProgress: (m) => console.error(m) });
    console.log(`rebuilt ${result.tables.length} tables from ${result.events} events in ${result.seconds.toFixed(1)} s; swapped in at position ${result.position}`);
  } finally {
    await clickhouse.close();
    await store.close();
  }
}
