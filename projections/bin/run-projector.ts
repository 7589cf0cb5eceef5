/**
 * Runs the projector over an embedded store and chDB directory until it has caught up with the
 * log's head, printing one JSON line per batch phase. The crash test runs this in a child process
 * and SIGKILLs it; it is also a handy manual tool:
 *   tsx projections/bin/run-projector.ts --store ./data/eventstore --clickhouse ./data/clickhouse [--batch 5000]
 */
import { parseArgs } from 'node:util';
import { openEmbeddedEventStore } from '@redstream/event-store';
import { migrate, openClickHouse, startProjector } from '../src/index.ts';

const { values } = parseArgs({ options: { store: { type: 'string' }, clickhouse: { type: 'string' }, batch: { type: 'string' }, read: { type: 'string' } } });
if (!values.store || !values.clickhouse) throw new Error('--store and --clickhouse are required');

const store = await openEmbeddedEventStore({ dir: values.store, thread: 'worker' }); // as the platform runs it
const clickhouse = openClickHouse({ dataDir: values.clickhouse });
await migrate(clickhouse);
const head = await store.headPosition();
const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
say({ phase: 'start', head: head.toString() });
const projector = startProjector({
  store,
  clickhouse,
  until: head,
  batchSize: Number(values.batch ?? 50_000),
  readBatch: Number(values.read ?? 10_000),
  onPhase: (phase, position) => say({ phase, position: position.toString() }),
  onError: (e) => say({ phase: 'error', message: String(e) }),
});
await projector.done;
const s = projector.status();
say({ phase: 'done', checkpoint: s.checkpoint.toString(), events: s.eventsApplied, error: s.lastError ?? null });
await clickhouse.close();
await store.close();
process.exit(s.checkpoint >= head ? 0 : 1);
