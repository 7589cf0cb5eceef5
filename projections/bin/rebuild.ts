/**
 * Rebuilds read models from position 0 and swaps them in (see rebuildProjections). Run it where
 * the projector is stopped, or against ClickHouse/KurrentDB servers; inside a running all-in-one
 * process call rebuildProjections({ live }) instead (chDB and PGlite allow one process per directory).
 *   tsx projections/bin/rebuild.ts [--only sales,sales-rollups] [--data-dir ./data]
 * Env: REDSTREAM_DATA_DIR, CLICKHOUSE_URL, EVENTSTORE_URL.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEventStore } from '@redstream/event-store';
import { PROJECTION_NAMES, migrate, openClickHouse, rebuildProjections } from '../src/index.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log(`usage: rebuild [--only ${PROJECTION_NAMES.join(',')}] [--data-dir DIR]`);
  process.exit(0);
}
const dataDir = values['data-dir'] ?? process.env.REDSTREAM_DATA_DIR ?? './data';
const store = await openEventStore({ eventstoreUrl: process.env.EVENTSTORE_URL, dataDir });
const clickhouse = openClickHouse({ clickhouseUrl: process.env.CLICKHOUSE_URL, dataDir: join(dataDir, 'clickhouse') });
try {
  await migrate(clickhouse);
  const result = await rebuildProjections({ store, clickhouse, projections: values.only?.split(',').map((s) => s.trim()), onProgress: (m) => console.log(m) });
  console.log(`rebuilt ${result.tables.length} tables to position ${result.position} in ${result.seconds.toFixed(1)} s`);
} finally {
  await clickhouse.close();
  await store.close();
}
