import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { catalog, streamOf, type DomainEvent } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { migrate } from '../src/clickhouse/migrate.ts';
import { openClickHouse } from '../src/clickhouse/open-clickhouse.ts';
import { startProjector } from '../src/projector/projector.ts';
import { appendGenerated, uuidOf, type GeneratedEvent } from './generate-events.ts';

/** A test file's own log and read models (chDB binds one data directory per process). */
export interface ProjectedLog {
  store: EventStore;
  clickhouse: ClickHouseClient;
  /** Rows of a query, as JSON. */
  rows(query: string): Promise<Record<string, string | number>[]>;
  /** Closes both stores and removes the directory. */
  close(): Promise<void>;
}

export interface ProjectedLogOptions {
  /** Appended first, in chunks. */
  generated?: Iterable<GeneratedEvent>;
  /** Then these, one append each, in order, with ids `uuidOf('<idPrefix>:<index>')`. */
  events: readonly DomainEvent[];
  idPrefix: string;
  batchSize: number;
  flushIntervalMs: number;
}

/**
 * The events appended to an embedded event store in a new temp dir `prefix…` and applied to chDB
 * beside it by the real projector, which is stopped once it has committed the log's head.
 */
export async function openProjectedLog(prefix: string, options: ProjectedLogOptions): Promise<ProjectedLog> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
  const clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
  const close = async () => {
    await clickhouse.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrate(clickhouse);
    if (options.generated) await appendGenerated(store, options.generated);
    for (const [i, event] of options.events.entries()) {
      const metadata = { schemaVersion: catalog[event.type].version, sender: 'test' };
      await store.appendMany([{ streamId: streamOf(event), events: [{ eventId: uuidOf(`${options.idPrefix}:${i}`), type: event.type, data: event.data, metadata }] }]);
    }
    const projector = startProjector({ store, clickhouse, batchSize: options.batchSize, flushIntervalMs: options.flushIntervalMs });
    await projector.ready;
    const head = await store.headPosition();
    while (projector.status().checkpoint < head) await new Promise((r) => setTimeout(r, 50));
    await projector.stop();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    store,
    clickhouse,
    rows: async (query) => (await clickhouse.query({ query, format: 'JSONEachRow' })).json<Record<string, string | number>>(),
    close,
  };
}
