import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { createReader, type QueryContext } from '@redstream/queries';
import { migrate, openClickHouse, startProjector } from '@redstream/projections';
import type { Fact } from '@redstream/schema';
import { writeToStore } from '@redstream/simulator';

/**
 * The real embedded stores, each test file in its own temp dir (chDB binds one data directory per
 * process): facts are appended to the embedded event store and projected into chDB by the
 * projections package's projector, exactly as the running platform does.
 */
export interface TestStores {
  dir: string;
  eventStore: EventStore;
  clickhouse: ClickHouseClient;
  query: QueryContext;
  /** Appends the facts and waits until the projector has applied everything in the log. */
  send(facts: readonly Fact[]): Promise<void>;
  close(): Promise<void>;
}

export async function openTestStores(): Promise<TestStores> {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-summaries-'));
  const eventStore = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
  const clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
  await migrate(clickhouse);
  return {
    dir,
    eventStore,
    clickhouse,
    query: { reader: createReader(clickhouse, { timeoutMs: 60_000 }) },
    async send(facts) {
      await writeToStore(eventStore, facts, { sender: 'summaries-test' });
      const projector = startProjector({ store: eventStore, clickhouse, until: await eventStore.headPosition(), flushIntervalMs: 50 });
      await projector.done;
      const status = projector.status();
      if (status.lastError) throw new Error(`projector failed: ${status.lastError}`);
    },
    async close() {
      await clickhouse.close();
      await eventStore.close();
    },
  };
}
