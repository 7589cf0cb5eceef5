import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { catalog, type DomainEvent, type Fact } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { migrate, openClickHouse, startProjector } from '@redstream/projections';
import { writeToStore } from '@redstream/simulator';

/**
 * The read models as the platform fills them: `facts` appended to an embedded event store (in a
 * temp dir) and applied to `clickhouse` by the projections package's real projector, which stops
 * at the log's head. The GraphQL figures tests read what the projector wrote; their expected
 * values are computed from the facts alone (expected.ts), never from these rows.
 */
export async function projectFacts(clickhouse: ClickHouseClient, facts: readonly Fact[]): Promise<void> {
  await migrate(clickhouse);
  if (facts.length === 0) return;
  const store = await openEmbeddedEventStore({ dir: join(mkdtempSync(join(tmpdir(), 'redstream-gql-log-')), 'eventstore') });
  try {
    await writeToStore(store, facts, { sender: 'graphql-test' });
    const projector = startProjector({ store, clickhouse, until: await store.headPosition(), flushIntervalMs: 20 });
    await projector.done;
    const status = projector.status();
    if (status.lastError) throw new Error(`projector failed: ${status.lastError}`);
  } finally {
    await store.close();
  }
}

/**
 * `events` appended to an embedded store in `dir` (one append each, in order) and projected into
 * chDB by the real projector; stops at a projector fault instead of waiting for a timeout.
 */
export async function projectEvents(dir: string, events: readonly DomainEvent[], batchSize = 3): Promise<{ store: EventStore; clickhouse: ClickHouseClient }> {
  const store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
  const clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
  await migrate(clickhouse);
  for (const event of events) {
    const stream = (catalog[event.type].stream as (d: unknown) => string)(event.data);
    await store.appendMany([{ streamId: stream, events: [{ eventId: randomUUID(), type: event.type, data: event.data, metadata: { schemaVersion: catalog[event.type].version, sender: 'test' } }] }]);
  }
  const projector = startProjector({ store, clickhouse, batchSize, flushIntervalMs: 20 });
  await projector.ready;
  const head = await store.headPosition();
  while (projector.status().checkpoint < head) {
    if (projector.status().state === 'faulted') throw new Error(projector.status().lastError);
    await new Promise((r) => setTimeout(r, 50));
  }
  await projector.stop();
  return { store, clickhouse };
}
