import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { DERIVED_TABLES, migrate } from '@redstream/projections';
import { regionAt, type Fact, type RegionLevel } from '@redstream/schema';

/**
 * The projections package's read models (its migrations, applied by its `migrate()`), filled from
 * facts directly: the facts become rows the way the projector writes them (a sale carries its
 * streamer's region, park and platform; a refund its order's dimensions) and every rollup is derived
 * from the raw rows by the projector's own SQL.
 */
export async function createReadModels(client: ClickHouseClient): Promise<void> {
  await migrate(client);
}

/** Every rollup the projector derives (projections' own INSERT … SELECT), over all positions. */
export async function deriveRollups(client: ClickHouseClient, settings: ClickHouseSettings = {}): Promise<void> {
  for (const derived of DERIVED_TABLES) await client.command({ query: derived.insert(0n, ALL_POSITIONS, (table) => table), clickhouse_settings: settings });
}

/** The largest UInt64: every log position. */
const ALL_POSITIONS = 2n ** 64n - 1n;

const ms = (iso: string): number => Date.parse(iso);
/** A sale's region columns: its code and the code's ancestors ('' above its own level), as the query layer reads them. */
const levels = (code: string): Record<RegionLevel, string> => ({
  province: regionAt(code, 'province') ?? '',
  city: regionAt(code, 'city') ?? '',
  county: regionAt(code, 'county') ?? '',
  town: regionAt(code, 'town') ?? '',
  village: regionAt(code, 'village') ?? '',
});
const dayOf = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** Projects `facts` into the stand-in read models (rebuilding the rollups). */
export async function seedReadModels(client: ClickHouseClient, facts: readonly Fact[]): Promise<void> {
  const rows: Record<string, Record<string, unknown>[]> = {};
  const add = (table: string, row: Record<string, unknown>) => (rows[table] ??= []).push(row);
  const streamers = new Map<string, Record<string, unknown>>();
  const orders = new Map<string, Record<string, unknown>>();
  const appeals = new Map<string, Record<string, unknown>>();
  const sessions = new Map<string, string>();
  const agreements = new Map<string, Record<string, any>>();
  let version = 0;
  for (const fact of facts) {
    const d = fact.data as Record<string, any>;
    switch (fact.type) {
      case 'StreamerRegistered': {
        const row = { streamer_id: d.streamerId, display_name: d.displayName, platform: d.platform, category: d.category, region_code: d.regionCode, park_id: d.parkId ?? '', party_status: d.partyStatus, registered_on: d.registeredOn, followers: d.followers, version: ++version };
        streamers.set(d.streamerId, row);
        add('streamers', row);
        break;
      }
      case 'PartyStatusChanged': {
        const row = { ...streamers.get(d.streamerId)!, party_status: d.to, version: ++version };
        streamers.set(d.streamerId, row);
        add('streamers', row);
        break;
      }
      case 'SaleRecorded': {
        const s = streamers.get(d.streamerId)!;
        const row = { order_id: d.orderId, event_id: fact.id, position: ++version, day: dayOf(d.occurredAt), streamer_id: d.streamerId, occurred_at: ms(d.occurredAt), amount_fen: d.amountFen, quantity: d.quantity, product: d.product, category: d.category, platform: s.platform, region_code: s.region_code, ...levels(s.region_code as string), park_id: s.park_id, buyer_region_code: d.buyerRegionCode ?? '', origin_village_code: d.originVillageCode ?? '', cooperative_id: d.cooperativeId ?? '' };
        orders.set(d.orderId, row);
        add('sales_raw', row);
        break;
      }
      case 'SaleRefunded': {
        const o = orders.get(d.orderId)!;
        add('refunds_raw', { order_id: d.orderId, event_id: fact.id, position: ++version, day: dayOf(d.occurredAt), order_occurred_at: o.occurred_at, occurred_at: ms(d.occurredAt), amount_fen: d.amountFen, streamer_id: o.streamer_id, category: o.category, platform: o.platform, region_code: o.region_code, ...levels(o.region_code as string), park_id: o.park_id });
        break;
      }
      case 'ParkRegistered':
        add('parks', { park_id: d.parkId, name: d.name, region_code: d.regionCode, kind: d.kind, version: ++version });
        break;
      case 'IndustryCommitteeFounded':
        add('committees', { committee_id: d.committeeId, name: d.name, level: d.level, region_code: d.regionCode, founded_on: d.foundedOn , version: ++version });
        break;
      case 'BranchFounded':
        add('branches', { branch_id: d.branchId, name: d.name, region_code: d.regionCode, founded_on: d.foundedOn, committee_id: d.committeeId ?? '', park_id: d.parkId ?? '' , version: ++version });
        break;
      case 'WarmStationOpened':
        add('warm_stations', { station_id: d.stationId, name: d.name, region_code: d.regionCode, opened_on: d.openedOn, park_id: d.parkId ?? '' , version: ++version });
        break;
      case 'TrainingSessionHeld':
        sessions.set(d.sessionId, d.regionCode);
        add('training_sessions', { session_id: d.sessionId, title: d.title, organizer_id: d.organizerId, region_code: d.regionCode, starts_on: d.startsOn, ends_on: d.endsOn , version: ++version });
        break;
      case 'StreamerTrained':
        add('trainings', { streamer_id: d.streamerId, session_id: d.sessionId, event_id: fact.id, position: ++version, hours: d.hours, completed_on: d.completedOn, region_code: streamers.get(d.streamerId)?.region_code ?? '', session_region_code: sessions.get(d.sessionId) });
        break;
      case 'ParcelDiscountGranted':
        agreements.set(d.agreementId, d);
        add('parcel_agreements', { agreement_id: d.agreementId, carrier: d.carrier, region_code: d.regionCode, park_id: d.parkId ?? '', standard_fee_fen: d.standardFeeFen, discounted_fee_fen: d.discountedFeeFen, valid_from: d.validFrom, valid_to: d.validTo, negotiated_by: d.negotiatedBy ?? '' , version: ++version });
        break;
      case 'ParcelsShipped':
        {
        const a = agreements.get(d.agreementId)!;
        add('parcel_shipments', { agreement_id: d.agreementId, event_id: fact.id, position: ++version, shipped_on: d.shippedOn, parcels: d.parcels, streamer_id: d.streamerId ?? '', region_code: a.regionCode, park_id: a.parkId ?? '', carrier: a.carrier, standard_fee_fen: a.standardFeeFen, discounted_fee_fen: a.discountedFeeFen, savings_fen: d.parcels * (a.standardFeeFen - a.discountedFeeFen) });
        }
        break;
      case 'LoanGranted':
        add('loans', { loan_id: d.loanId, streamer_id: d.streamerId, lender: d.lender, amount_fen: d.amountFen, rate_bp: d.rateBp, benchmark_rate_bp: d.benchmarkRateBp, term_months: d.termMonths, granted_on: d.grantedOn, interest_saved_fen: Number((BigInt(d.amountFen) * BigInt(d.benchmarkRateBp - d.rateBp) * BigInt(d.termMonths)) / 120_000n), region_code: streamers.get(d.streamerId)?.region_code ?? '', park_id: streamers.get(d.streamerId)?.park_id ?? '', version: ++version });
        break;
      case 'AppealRaised':
        appeals.set(d.appealId, { appeal_id: d.appealId, streamer_id: d.streamerId, topic: d.topic, raised_at: ms(d.raisedAt), resolved_at: null, region_code: streamers.get(d.streamerId)?.region_code ?? '', version: ++version });
        break;
      case 'AppealResolved':
        appeals.get(d.appealId)!.resolved_at = ms(d.resolvedAt);
        break;
      case 'FarmerPaid':
        add('farmer_payments', { payment_id: d.paymentId, event_id: fact.id, position: ++version, household_id: d.householdId, village_code: d.villageCode, amount_fen: d.amountFen, paid_on: d.paidOn, cooperative_id: d.cooperativeId ?? '' });
        break;
      default:
        break;
    }
  }
  rows.appeals = [...appeals.values()];
  for (const [table, values] of Object.entries(rows)) {
    if (values.length === 0) continue;
    await client.insert({ table, values, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
  }
  await rebuildRollups(client);
}

export async function rebuildRollups(client: ClickHouseClient): Promise<void> {
  for (const { table } of DERIVED_TABLES) await client.command({ query: `TRUNCATE TABLE ${table}` });
  await deriveRollups(client);
}
