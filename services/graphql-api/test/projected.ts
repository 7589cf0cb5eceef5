import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { catalog, streamOf, type DomainEvent, type Fact } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { migrate, openClickHouse, startProjector } from '@redstream/projections';
import { writeToStore } from '@redstream/simulator';
import { createReader, type QueryContext } from '@redstream/queries';

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
    await projectToHead(store, clickhouse);
  } finally {
    await store.close();
  }
}

/** A test file's own projected stores (chDB binds one data directory per process). */
export interface ProjectedStores {
  clickhouse: ClickHouseClient;
  ctx: QueryContext;
  /** Closes the log and removes the directory; ClickHouse is closed by whoever else holds it (a harness), else with `closeClickHouse`. */
  close(options?: { closeClickHouse?: boolean }): Promise<void>;
}

/** `events` projected by the real projector into a new temp dir `prefix…`, with a query context over it. */
export async function openProjected(prefix: string, events: readonly DomainEvent[], batchSize: number): Promise<ProjectedStores> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const { store, clickhouse } = await projectEvents(dir, events, batchSize);
  return {
    clickhouse,
    ctx: { reader: createReader(clickhouse) },
    async close(options = {}) {
      if (options.closeClickHouse) await clickhouse.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
    await store.appendMany([{ streamId: streamOf(event), events: [{ eventId: randomUUID(), type: event.type, data: event.data, metadata: { schemaVersion: catalog[event.type].version, sender: 'test' } }] }]);
  }
  await projectToHead(store, clickhouse, batchSize);
  return { store, clickhouse };
}

/** Runs the real projector until it has applied the log's head; a projector fault fails at once instead of waiting for a timeout. */
async function projectToHead(store: EventStore, clickhouse: ClickHouseClient, batchSize?: number): Promise<void> {
  const projector = startProjector({ store, clickhouse, batchSize, flushIntervalMs: 20 });
  try {
    await projector.ready;
    const head = await store.headPosition();
    while (projector.status().checkpoint < head) {
      if (projector.status().state === 'faulted') throw new Error(`projector failed: ${projector.status().lastError}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await projector.stop();
  }
}
