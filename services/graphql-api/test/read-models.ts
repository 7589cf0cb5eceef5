import type { ClickHouseClient } from '@clickhouse/client';
import type { Fact } from '@redstream/schema';

/**
 * Stand-in read models for tests, shaped like the contract in src/queries/tables.ts, used until
 * the projections package's migrations and projector land: the facts are turned into rows the way
 * the projector is meant to (a sale carries its streamer's region, park and platform; a refund its
 * order's dimensions) and rollups are built from the raw rows.
 */
export const READ_MODEL_DDL = [
  `CREATE TABLE IF NOT EXISTS sales_raw (order_id String, streamer_id String, occurred_at DateTime64(3, 'Asia/Shanghai'), amount_fen Int64,
     quantity UInt32, product String, category LowCardinality(String), platform LowCardinality(String), region_code String, park_id String,
     buyer_region_code String, origin_village_code String, cooperative_id String) ENGINE = MergeTree ORDER BY (occurred_at, order_id)`,
  `CREATE TABLE IF NOT EXISTS refunds_raw (order_id String, occurred_at DateTime64(3, 'Asia/Shanghai'), amount_fen Int64, streamer_id String,
     category LowCardinality(String), platform LowCardinality(String), region_code String, park_id String) ENGINE = MergeTree ORDER BY (occurred_at, order_id)`,
  ...['minutely', 'hourly', 'daily'].map(
    (r) => `CREATE TABLE IF NOT EXISTS sales_${r} (bucket DateTime('Asia/Shanghai'), streamer_id String, platform LowCardinality(String), region_code String,
     park_id String, category LowCardinality(String), orders UInt64, gmv_fen Int64, refunds_fen Int64) ENGINE = MergeTree ORDER BY (bucket, region_code, streamer_id)`,
  ),
  `CREATE TABLE IF NOT EXISTS streamers (streamer_id String, display_name String, platform LowCardinality(String), category String, region_code String,
     park_id String, party_status LowCardinality(String), registered_on Date, followers UInt64, version UInt64) ENGINE = MergeTree ORDER BY streamer_id`,
  `CREATE TABLE IF NOT EXISTS parks (park_id String, name String, region_code String, kind String) ENGINE = MergeTree ORDER BY park_id`,
  `CREATE TABLE IF NOT EXISTS committees (committee_id String, name String, level String, region_code String, founded_on Date) ENGINE = MergeTree ORDER BY committee_id`,
  `CREATE TABLE IF NOT EXISTS branches (branch_id String, name String, region_code String, founded_on Date, committee_id String, park_id String) ENGINE = MergeTree ORDER BY branch_id`,
  `CREATE TABLE IF NOT EXISTS warm_stations (station_id String, name String, region_code String, opened_on Date, park_id String) ENGINE = MergeTree ORDER BY station_id`,
  `CREATE TABLE IF NOT EXISTS training_sessions (session_id String, title String, organizer_id String, region_code String, starts_on Date, ends_on Date) ENGINE = MergeTree ORDER BY session_id`,
  `CREATE TABLE IF NOT EXISTS trainings (streamer_id String, session_id String, hours Float64, completed_on Date) ENGINE = MergeTree ORDER BY (session_id, streamer_id)`,
  `CREATE TABLE IF NOT EXISTS parcel_agreements (agreement_id String, carrier String, region_code String, park_id String, standard_fee_fen Int64,
     discounted_fee_fen Int64, valid_from Date, valid_to Date, negotiated_by String) ENGINE = MergeTree ORDER BY agreement_id`,
  `CREATE TABLE IF NOT EXISTS parcel_shipments (agreement_id String, shipped_on Date, parcels UInt64, streamer_id String) ENGINE = MergeTree ORDER BY (agreement_id, shipped_on)`,
  `CREATE TABLE IF NOT EXISTS loans (loan_id String, streamer_id String, lender String, amount_fen Int64, rate_bp UInt32, benchmark_rate_bp UInt32,
     term_months UInt32, granted_on Date) ENGINE = MergeTree ORDER BY loan_id`,
  `CREATE TABLE IF NOT EXISTS appeals (appeal_id String, streamer_id String, topic String, raised_at DateTime64(3, 'Asia/Shanghai'),
     resolved_at Nullable(DateTime64(3, 'Asia/Shanghai'))) ENGINE = MergeTree ORDER BY appeal_id`,
  `CREATE TABLE IF NOT EXISTS farmer_payments (payment_id String, household_id String, village_code String, amount_fen Int64, paid_on Date,
     cooperative_id String) ENGINE = MergeTree ORDER BY payment_id`,
];

const ROLLUPS = { minutely: 'toStartOfMinute', hourly: 'toStartOfHour', daily: 'toStartOfDay' } as const;

const ms = (iso: string): number => Date.parse(iso);

export async function createReadModels(client: ClickHouseClient): Promise<void> {
  for (const ddl of READ_MODEL_DDL) await client.command({ query: ddl });
}

/** Projects `facts` into the stand-in read models (rebuilding the rollups). */
export async function seedReadModels(client: ClickHouseClient, facts: readonly Fact[]): Promise<void> {
  const rows: Record<string, Record<string, unknown>[]> = {};
  const add = (table: string, row: Record<string, unknown>) => (rows[table] ??= []).push(row);
  const streamers = new Map<string, Record<string, unknown>>();
  const orders = new Map<string, Record<string, unknown>>();
  const appeals = new Map<string, Record<string, unknown>>();
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
        const row = { order_id: d.orderId, streamer_id: d.streamerId, occurred_at: ms(d.occurredAt), amount_fen: d.amountFen, quantity: d.quantity, product: d.product, category: d.category, platform: s.platform, region_code: s.region_code, park_id: s.park_id, buyer_region_code: d.buyerRegionCode ?? '', origin_village_code: d.originVillageCode ?? '', cooperative_id: d.cooperativeId ?? '' };
        orders.set(d.orderId, row);
        add('sales_raw', row);
        break;
      }
      case 'SaleRefunded': {
        const o = orders.get(d.orderId)!;
        add('refunds_raw', { order_id: d.orderId, occurred_at: ms(d.occurredAt), amount_fen: d.amountFen, streamer_id: o.streamer_id, category: o.category, platform: o.platform, region_code: o.region_code, park_id: o.park_id });
        break;
      }
      case 'ParkRegistered':
        add('parks', { park_id: d.parkId, name: d.name, region_code: d.regionCode, kind: d.kind });
        break;
      case 'IndustryCommitteeFounded':
        add('committees', { committee_id: d.committeeId, name: d.name, level: d.level, region_code: d.regionCode, founded_on: d.foundedOn });
        break;
      case 'BranchFounded':
        add('branches', { branch_id: d.branchId, name: d.name, region_code: d.regionCode, founded_on: d.foundedOn, committee_id: d.committeeId ?? '', park_id: d.parkId ?? '' });
        break;
      case 'WarmStationOpened':
        add('warm_stations', { station_id: d.stationId, name: d.name, region_code: d.regionCode, opened_on: d.openedOn, park_id: d.parkId ?? '' });
        break;
      case 'TrainingSessionHeld':
        add('training_sessions', { session_id: d.sessionId, title: d.title, organizer_id: d.organizerId, region_code: d.regionCode, starts_on: d.startsOn, ends_on: d.endsOn });
        break;
      case 'StreamerTrained':
        add('trainings', { streamer_id: d.streamerId, session_id: d.sessionId, hours: d.hours, completed_on: d.completedOn });
        break;
      case 'ParcelDiscountGranted':
        add('parcel_agreements', { agreement_id: d.agreementId, carrier: d.carrier, region_code: d.regionCode, park_id: d.parkId ?? '', standard_fee_fen: d.standardFeeFen, discounted_fee_fen: d.discountedFeeFen, valid_from: d.validFrom, valid_to: d.validTo, negotiated_by: d.negotiatedBy ?? '' });
        break;
      case 'ParcelsShipped':
        add('parcel_shipments', { agreement_id: d.agreementId, shipped_on: d.shippedOn, parcels: d.parcels, streamer_id: d.streamerId ?? '' });
        break;
      case 'LoanGranted':
        add('loans', { loan_id: d.loanId, streamer_id: d.streamerId, lender: d.lender, amount_fen: d.amountFen, rate_bp: d.rateBp, benchmark_rate_bp: d.benchmarkRateBp, term_months: d.termMonths, granted_on: d.grantedOn });
        break;
      case 'AppealRaised':
        appeals.set(d.appealId, { appeal_id: d.appealId, streamer_id: d.streamerId, topic: d.topic, raised_at: ms(d.raisedAt), resolved_at: null });
        break;
      case 'AppealResolved':
        appeals.get(d.appealId)!.resolved_at = ms(d.resolvedAt);
        break;
      case 'FarmerPaid':
        add('farmer_payments', { payment_id: d.paymentId, household_id: d.householdId, village_code: d.villageCode, amount_fen: d.amountFen, paid_on: d.paidOn, cooperative_id: d.cooperativeId ?? '' });
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
  for (const [name, fn] of Object.entries(ROLLUPS)) {
    await client.command({ query: `TRUNCATE TABLE sales_${name}` });
    await client.command({
      query: `INSERT INTO sales_${name}
        SELECT ${fn}(ts, 'Asia/Shanghai') AS bucket, streamer_id, platform, region_code, park_id, category, sum(o), sum(g), sum(r)
        FROM (SELECT occurred_at AS ts, streamer_id, platform, region_code, park_id, category, 1 AS o, amount_fen AS g, toInt64(0) AS r FROM sales_raw
              UNION ALL SELECT occurred_at, streamer_id, platform, region_code, park_id, category, 0, toInt64(0), amount_fen FROM refunds_raw)
        GROUP BY bucket, streamer_id, platform, region_code, park_id, category`,
    });
  }
}
