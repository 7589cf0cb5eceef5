import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { catalog, type DomainEvent } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { migrate, openClickHouse, startProjector } from '@redstream/projections';

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
