import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openClickHouse } from './src/index.ts';
import { DERIVED_TABLES } from './src/read-models/index.ts';
import { writeCheckpoint } from './src/projector/checkpoints.ts';
const ch = openClickHouse({ dataDir: mkdtempSync(join(tmpdir(), 'stmtcost-')) });
await migrate(ch);
const time = async (label: string, n: number, f: (i: number) => Promise<unknown>) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  console.log(label, ((performance.now() - t) / n).toFixed(1), 'ms/stmt');
};
await time('SELECT 1', 30, () => ch.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json()));
await time('checkpoint insert', 30, (i) => writeCheckpoint(ch, 'p', { position: BigInt(i), pendingTo: 0n, seq: BigInt(i + 1) }));
for (const d of DERIVED_TABLES) await time(`derived ${d.table} (empty range)`, 10, (i) => ch.command({ query: d.insert(BigInt(i * 10), BigInt(i * 10 + 10), (x) => x), clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: `t${i}${d.table}`, max_threads: 1, optimize_on_insert: 0 } }));
await ch.close();
