import { join } from 'node:path';
import type { EventStore } from './port.ts';
import { openEmbeddedEventStore } from './embedded/open-embedded.ts';
import { openKurrentEventStore } from './kurrentdb/kurrent-event-store.ts';

/** KurrentDB when a URL is configured, otherwise the embedded store under the data directory. */
export async function openEventStore(config: { eventstoreUrl?: string | undefined; dataDir: string }): Promise<EventStore> {
  if (config.eventstoreUrl) return openKurrentEventStore({ connectionString: config.eventstoreUrl });
  return openEmbeddedEventStore({ dir: join(config.dataDir, 'eventstore'), thread: 'worker' });
}
