import { join } from 'node:path';
import { openEventStore, type EventStore } from '@redstream/event-store';
import { awaitSchema, dropLeftoverReplays, migrate, openClickHouse, startProjector } from '@redstream/projections';
import type { QueryAccess } from './query-access.ts';
import { createReader } from '@redstream/queries';
import { EnvSchema, parseEnv } from '@redstream/service-kit';
import { replayedReadModels } from './as-of.ts';
import { SummaryEnvSchema } from './env.ts';

/**
 * The CLI's own access to the read models, laid out as the all-in-one process lays them out:
 * ClickHouse at CLICKHOUSE_URL or embedded chDB in `<REDSTREAM_DATA_DIR>/clickhouse`. On the
 * embedded stores nothing else is projecting (they belong to one process at a time — use --url while
 * a server runs), so the projector first catches the read models up with the event store's head,
 * and the summary covers every stored fact. A ClickHouse server is kept current by its own projector.
 */
export async function openReadModelsForCli(source: Record<string, string | undefined>): Promise<QueryAccess> {
  const env = parseEnv(EnvSchema.extend(SummaryEnvSchema.shape), source);
  const dataDir = env.REDSTREAM_DATA_DIR;
  const timeoutMs = env.REDSTREAM_SUMMARY_QUERY_TIMEOUT_MS;
  const clickhouse = openClickHouse({ clickhouseUrl: env.CLICKHOUSE_URL, dataDir: join(dataDir, 'clickhouse') });
  let store: EventStore | undefined;
  try {
    // A server's schema is its projector's to apply; embedded, this process is the only one.
    if (env.CLICKHOUSE_URL) await awaitSchema(clickhouse, { timeoutMs: 0 });
    else await migrate(clickhouse, { lease: false });
    if (!env.CLICKHOUSE_URL) {
      // Alone on the embedded stores: copies an as-of replay killed mid-way left are garbage.
      await dropLeftoverReplays(clickhouse);
      // Kept open until close(): --as-of resolves a date-time on the log and replays it.
      store = await openEventStore({ eventstoreUrl: env.EVENTSTORE_URL, dataDir });
      const projector = startProjector({ store, clickhouse, until: await store.headPosition(), flushIntervalMs: 100 });
      await projector.done;
      const { lastError } = projector.status();
      if (lastError) throw new Error(`catching up the read models failed: ${lastError}`);
    }
  } catch (error) {
    await store?.close();
    await clickhouse.close();
    throw error;
  }
  const log = store;
  return {
    query: { reader: createReader(clickhouse, { timeoutMs }) },
    ...(log ? { log, readModelsAt: replayedReadModels({ store: log, clickhouse, timeoutMs }) } : {}),
    close: async () => {
      await log?.close();
      await clickhouse.close();
    },
  };
}
