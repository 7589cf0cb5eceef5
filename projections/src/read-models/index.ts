import { appeals } from './appeals/appeals.ts';
import { awards } from './awards/awards.ts';
import { farmerPayments } from './farmer-payments/farmer-payments.ts';
import { loans } from './loans/loans.ts';
import { organisation } from './organisation/organisation.ts';
import { parcels } from './parcels/parcels.ts';
import { regions } from './regions/regions.ts';
import { sales } from './sales/sales.ts';
import { salesRollups } from './sales-rollups/sales-rollups.ts';
import { salesCoarseRollups } from './sales-coarse-rollups/sales-coarse-rollups.ts';
import { streamers } from './streamers/streamers.ts';
import { training } from './training/training.ts';
import { liveSessions } from './live-sessions/live-sessions.ts';
import { buyers } from './buyers/buyers.ts';
import { liveSessionSummary } from './live-session-summary/live-session-summary.ts';
import { liveSessionMinutes } from './live-session-minutes/live-session-minutes.ts';
import { producePremium } from './produce-premium/produce-premium.ts';
import type { ReadModel } from './read-model.ts';

/** Every read model the projector keeps; `name` is what rebuild takes. */
export const READ_MODELS: readonly ReadModel[] = [sales, salesRollups, salesCoarseRollups, streamers, organisation, regions, training, parcels, loans, awards, appeals, farmerPayments, liveSessions, buyers, liveSessionSummary, liveSessionMinutes, producePremium];

export const PROJECTION_NAMES = READ_MODELS.map((m) => m.name);

/** Every table ClickHouse derives from the facts (the dashboard rollups), with its INSERT … SELECT. */
export const DERIVED_TABLES = READ_MODELS.flatMap((m) => m.derived ?? []);

export function readModelsNamed(names?: readonly string[]): ReadModel[] {
  if (!names || names.length === 0 || names.includes('all')) return [...READ_MODELS];
  return names.map((n) => {
    const m = READ_MODELS.find((r) => r.name === n);
    if (!m) throw new Error(`unknown projection ${JSON.stringify(n)}; known: ${PROJECTION_NAMES.join(', ')}, all`);
    return m;
  });
}

export * from './read-model.ts';
