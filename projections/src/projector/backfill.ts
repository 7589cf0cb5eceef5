import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@redstream/event-store';
import { readModelsCreatedBy } from '../clickhouse/new-tables.ts';
import { MIGRATIONS_DIR } from '../clickhouse/migrate.ts';
import type { Projector } from './projector.ts';
import { rebuildProjections, type RebuildResult } from './rebuild.ts';

export interface BackfillOptions {
  store: EventStore;
  clickhouse: ClickHouseClient;
  /** Migrations `migrate()` just applied. */
  applied: readonly string[];
  /** The live projector of this process (paused only for the swap). */
  live: Projector;
  migrationsDir?: string;
  /** CLICKHOUSE_CLUSTER, when the tables are the cluster's (see rebuildPlan). */
  cluster?: string | undefined;
  /** Told which read models are about to be backfilled. */
  onStart?: (projections: string[]) => void;
}

/**
 * A migration that adds read models to a deployment which already projected events leaves their
 * tables empty behind a far-along checkpoint, and their answers wrong. Rebuild just those, beside
 * the live projector: the rebuilt tables are swapped in once caught up. Nothing to do on a fresh
 * deployment (the live projector fills them from position 0) or when no migration created a table.
 */
export async function backfillNewReadModels(options: BackfillOptions): Promise<RebuildResult | undefined> {
  const models = readModelsCreatedBy(options.applied, options.migrationsDir ?? MIGRATIONS_DIR);
  if (models.length === 0 || options.live.status().checkpoint === 0n) return undefined;
  const projections = models.map((m) => m.name);
  options.onStart?.(projections);
  return rebuildProjections({ store: options.store, clickhouse: options.clickhouse, projections, live: options.live, ...(options.cluster ? { cluster: options.cluster } : {}) });
}
