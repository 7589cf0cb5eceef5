import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@redstream/event-store';
import { decodeEvent, regionAt } from '@redstream/schema';
import { ROLLUP_TABLES } from '../src/read-models/sales-rollups/sales-rollups.ts';
import { COARSE_ROLLUP_TABLES } from '../src/read-models/sales-coarse-rollups/sales-coarse-rollups.ts';

/** The figures the crash test compares: computed once from the log, once from ClickHouse. */
export interface Totals {
  events: number;
  orders: number;
  gmvFen: string;
  quantity: number;
  refunds: number;
  refundsFen: string;
  farmerIncomeFen: string;
  households: number;
  parcels: number;
  parcelSavingsFen: string;
  personTimes: number;
  trainees: number;
  trainingHours: number;
  loansInterestSavedFen: string;
  awards: number;
  appealsRaised: number;
  appealsResolved: number;
  streamers: number;
  members: number;
  branches: number;
  /** county → [orders, gmv, refunds fen] of sales by the streamer's county. */
  byCounty: Record<string, [number, string, string]>;
  /** Shanghai day → [orders, gmv, refunds fen]; refunds on the day they happen. */
  byDay: Record<string, [number, string, string]>;
  /** Shanghai day of payment → farmer income. */
  farmerByDay: Record<string, string>;
  /** Live sessions started, ended, audience snapshots. */
  live: [number, number, number];
  /** Live session → its sales: a sale by the session it names, a refund by its order's session whenever it happens. */
  bySession: Record<string, SessionSales>;
  /** Live session → its audience, by the session's snapshots. */
  audienceBySession: Record<string, SessionAudience>;
}

/** [orders, GMV fen, refunds, refunds fen, refunded orders, distinct buyers]. */
export type SessionSales = [number, string, number, string, number, number];
/** [snapshots, peak online, then the highest views, viewers, new followers, product-click users, watch seconds reported]. */
export type SessionAudience = [number, number, number, number, number, number, number];

// The offset written out, not schema's time module: these totals are the oracle the projector is checked against.
const dayOf = (isoTime: string) => new Date(Date.parse(isoTime) + 8 * 3600_000).toISOString().slice(0, 10);

/** Totals of the log; events at `skip` positions (skipped by an operator) are counted but not applied. */
export async function totalsFromLog(store: EventStore, skip: ReadonlySet<bigint> = new Set()): Promise<Totals> {
  const t = { orders: 0, gmv: 0n, quantity: 0, refunds: 0, refundsFen: 0n, farmer: 0n, parcels: 0, savings: 0n, personTimes: 0, hours: 0, interest: 0n, awards: 0, raised: 0, resolved: 0, branches: 0 };
  const households = new Set<string>();
  const trainees = new Set<string>();
  const streamerCounty = new Map<string, string>();
  const status = new Map<string, string>();
  const orderCounty = new Map<string, string>();
  const agreements = new Map<string, number>();
  const byCounty = new Map<string, [number, bigint, bigint]>();
  const byDay = new Map<string, [number, bigint, bigint]>();
  const farmerByDay = new Map<string, bigint>();
  const live: [number, number, number] = [0, 0, 0];
  const orderSession = new Map<string, string>();
  const bySession = new Map<string, { orders: number; gmv: bigint; refunds: number; refundsFen: bigint; refunded: Set<string>; buyers: Set<string> }>();
  const sessionSales = (id: string) => {
    let v = bySession.get(id);
    if (!v) bySession.set(id, (v = { orders: 0, gmv: 0n, refunds: 0, refundsFen: 0n, refunded: new Set(), buyers: new Set() }));
    return v;
  };
  const audience = new Map<string, SessionAudience>();
  const bump = (m: Map<string, [number, bigint, bigint]>, k: string, o: number, g: bigint, r: bigint) => {
    const v = m.get(k) ?? [0, 0n, 0n];
    m.set(k, [v[0] + o, v[1] + g, v[2] + r]);
  };
  let events = 0;
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 20_000 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.position;
    for (const stored of page) {
      events++;
      if (skip.has(stored.position)) continue;
      const e = decodeEvent(stored.type, Number(stored.metadata.schemaVersion), stored.data);
      switch (e.type) {
        case 'StreamerRegistered':
          streamerCounty.set(e.data.streamerId, regionAt(e.data.regionCode, 'county')!);
          status.set(e.data.streamerId, e.data.partyStatus);
          break;
        case 'PartyStatusChanged':
          status.set(e.data.streamerId, e.data.to);
          break;
        case 'BranchFounded':
          t.branches++;
          break;
        case 'SaleRecorded': {
          const county = streamerCounty.get(e.data.streamerId)!;
          orderCounty.set(e.data.orderId, county);
          t.orders++;
          t.gmv += BigInt(e.data.amountFen);
          t.quantity += e.data.quantity;
          bump(byCounty, county, 1, BigInt(e.data.amountFen), 0n);
          bump(byDay, dayOf(e.data.occurredAt), 1, BigInt(e.data.amountFen), 0n);
          if (e.data.liveSessionId !== undefined) {
            orderSession.set(e.data.orderId, e.data.liveSessionId);
            const v = sessionSales(e.data.liveSessionId);
            v.orders++;
            v.gmv += BigInt(e.data.amountFen);
            if (e.data.buyerRef !== undefined) v.buyers.add(e.data.buyerRef);
          }
          break;
        }
        case 'SaleRefunded': {
          t.refunds++;
          t.refundsFen += BigInt(e.data.amountFen);
          bump(byCounty, orderCounty.get(e.data.orderId)!, 0, 0n, BigInt(e.data.amountFen));
          bump(byDay, dayOf(e.data.occurredAt), 0, 0n, BigInt(e.data.amountFen));
          const session = orderSession.get(e.data.orderId);
          if (session !== undefined) {
            const v = sessionSales(session);
            v.refunds++;
            v.refundsFen += BigInt(e.data.amountFen);
            v.refunded.add(e.data.orderId);
          }
          break;
        }
        case 'LiveSessionStarted':
          live[0]++;
          break;
        case 'LiveSessionEnded':
          live[1]++;
          break;
        case 'LiveAudienceReported': {
          live[2]++;
          const d = e.data;
          const a = audience.get(d.sessionId) ?? [0, 0, 0, 0, 0, 0, 0];
          const reported = [d.onlineNow, d.views, d.viewers, d.newFollowers, d.productClickUsers, d.watchSeconds];
          audience.set(d.sessionId, [a[0] + 1, ...reported.map((x, i) => Math.max(a[i + 1]!, x ?? 0))] as SessionAudience);
          break;
        }
        case 'FarmerPaid':
          t.farmer += BigInt(e.data.amountFen);
          households.add(e.data.householdId);
          farmerByDay.set(e.data.paidOn, (farmerByDay.get(e.data.paidOn) ?? 0n) + BigInt(e.data.amountFen));
          break;
        case 'ParcelDiscountGranted':
          agreements.set(e.data.agreementId, e.data.standardFeeFen - e.data.discountedFeeFen);
          break;
        case 'ParcelsShipped':
          t.parcels += e.data.parcels;
          t.savings += BigInt(e.data.parcels * agreements.get(e.data.agreementId)!);
          break;
        case 'StreamerTrained':
          t.personTimes++;
          t.hours += e.data.hours;
          trainees.add(e.data.streamerId);
          break;
        case 'LoanGranted':
          t.interest += (BigInt(e.data.amountFen) * BigInt(e.data.benchmarkRateBp - e.data.rateBp) * BigInt(e.data.termMonths)) / 120_000n;
          break;
        case 'AwardGranted':
          t.awards++;
          break;
        case 'AppealRaised':
          t.raised++;
          break;
        case 'AppealResolved':
          t.resolved++;
          break;
        default:
          break;
      }
    }
  }
  const rec = (m: Map<string, [number, bigint, bigint]>) => Object.fromEntries([...m].sort().map(([k, [o, g, r]]) => [k, [o, g.toString(), r.toString()] as [number, string, string]]));
  return {
    events,
    orders: t.orders,
    gmvFen: t.gmv.toString(),
    quantity: t.quantity,
    refunds: t.refunds,
    refundsFen: t.refundsFen.toString(),
    farmerIncomeFen: t.farmer.toString(),
    households: households.size,
    parcels: t.parcels,
    parcelSavingsFen: t.savings.toString(),
    personTimes: t.personTimes,
    trainees: trainees.size,
    trainingHours: t.hours,
    loansInterestSavedFen: t.interest.toString(),
    awards: t.awards,
    appealsRaised: t.raised,
    appealsResolved: t.resolved,
    streamers: status.size,
    members: [...status.values()].filter((s) => s === 'member').length,
    branches: t.branches,
    byCounty: rec(byCounty),
    byDay: rec(byDay),
    farmerByDay: Object.fromEntries([...farmerByDay].sort().map(([k, v]) => [k, v.toString()])),
    live,
    bySession: Object.fromEntries(
      [...bySession].sort(byKey).map(([k, v]) => [k, [v.orders, v.gmv.toString(), v.refunds, v.refundsFen.toString(), v.refunded.size, v.buyers.size] as SessionSales]),
    ),
    audienceBySession: Object.fromEntries([...audience].sort(byKey)),
  };
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

async function one<T>(ch: ClickHouseClient, query: string): Promise<T> {
  const rs = await ch.query({ query, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 1 } });
  return (await rs.json<T>())[0]!;
}
async function all<T>(ch: ClickHouseClient, query: string): Promise<T[]> {
  const rs = await ch.query({ query, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 1 } });
  return rs.json<T>();
}

/**
 * The same figures from ClickHouse, plain sums without FINAL on facts and rollups (so a duplicate
 * row would show), dimensions by their latest version. Per-county and per-day figures come from the
 * rollups, totals from the raw tables; `rollupMismatch` lists any rollup total that differs from raw.
 */
export async function totalsFromClickHouse(ch: ClickHouseClient): Promise<Totals & { rollupMismatch: string[] }> {
  const s = await one<{ orders: string; gmv: string; quantity: string }>(ch, 'SELECT count() AS orders, toString(sum(amount_fen)) AS gmv, sum(quantity) AS quantity FROM sales_raw');
  const r = await one<{ refunds: string; fen: string }>(ch, 'SELECT count() AS refunds, toString(sum(amount_fen)) AS fen FROM refunds_raw');
  const f = await one<{ fen: string; households: string }>(ch, 'SELECT toString(sum(amount_fen)) AS fen, uniqExact(household_id) AS households FROM farmer_payments');
  const p = await one<{ parcels: string; savings: string }>(ch, 'SELECT sum(parcels) AS parcels, toString(sum(savings_fen)) AS savings FROM parcel_shipments');
  const tr = await one<{ n: string; trainees: string; hours: number }>(ch, 'SELECT count() AS n, uniqExact(streamer_id) AS trainees, sum(hours) AS hours FROM trainings');
  const l = await one<{ saved: string }>(ch, 'SELECT toString(sum(interest_saved_fen)) AS saved FROM loans FINAL');
  const a = await one<{ n: string }>(ch, 'SELECT count() AS n FROM awards FINAL');
  const ap = await one<{ raised: string; resolved: string }>(ch, 'SELECT count() AS raised, countIf(resolved_at IS NOT NULL) AS resolved FROM appeals FINAL');
  const st = await one<{ n: string; members: string }>(ch, "SELECT count() AS n, countIf(party_status = 'member') AS members FROM streamers FINAL");
  const b = await one<{ n: string }>(ch, 'SELECT count() AS n FROM branches FINAL');
  const byCounty = await all<{ k: string; o: string; g: string; r: string }>(ch, 'SELECT county AS k, sum(orders) AS o, toString(sum(gmv_fen)) AS g, toString(sum(refunds_fen)) AS r FROM sales_daily GROUP BY k ORDER BY k');
  const byDay = await all<{ k: string; o: string; g: string; r: string }>(ch, 'SELECT toString(toDate(bucket)) AS k, sum(orders) AS o, toString(sum(gmv_fen)) AS g, toString(sum(refunds_fen)) AS r FROM sales_hourly GROUP BY k ORDER BY k');
  const farmerByDay = await all<{ k: string; v: string }>(ch, 'SELECT toString(paid_on) AS k, toString(sum(amount_fen)) AS v FROM farmer_payments GROUP BY k ORDER BY k');
  const rollupMismatch: string[] = [];
  for (const table of [...ROLLUP_TABLES, ...COARSE_ROLLUP_TABLES]) {
    const x = await one<{ o: string; g: string; n: string; r: string }>(ch, `SELECT sum(orders) AS o, toString(sum(gmv_fen)) AS g, sum(refunds) AS n, toString(sum(refunds_fen)) AS r FROM ${table}`);
    if (Number(x.o) !== Number(s.orders) || x.g !== s.gmv || Number(x.n) !== Number(r.refunds) || x.r !== r.fen) rollupMismatch.push(`${table}: ${JSON.stringify(x)}`);
  }
  const lv = await one<{ started: string; ended: string; snapshots: string }>(
    ch,
    'SELECT (SELECT count() FROM live_sessions_raw) AS started, (SELECT count() FROM live_session_ends_raw) AS ended, (SELECT count() FROM live_audience_raw) AS snapshots',
  );
  // The session summary, summed as read (a block written twice would double orders or snapshots); the
  // log's sessions with sales, and with snapshots (every session has a summary row from its start).
  const bySession = await all<{ k: string; o: string; g: string; n: string; r: string; ro: string; b: string }>(
    ch,
    `SELECT session_id AS k, sum(orders) AS o, toString(sum(gmv_fen)) AS g, sum(refunds) AS n, toString(sum(refunds_fen)) AS r,
            uniqExactMerge(refunded_orders) AS ro, uniqExactMerge(buyers) AS b FROM live_session_summary GROUP BY k HAVING o > 0 OR n > 0 ORDER BY k`,
  );
  const audience = await all<{ k: string; a: string[] }>(
    ch,
    `SELECT session_id AS k, [sum(snapshots), max(pcu), max(views), max(viewers), max(new_followers), max(product_click_users), max(watch_seconds)] AS a
     FROM live_session_summary GROUP BY k HAVING a[1] > 0 ORDER BY k`,
  );
  rollupMismatch.push(...(await sessionRollupsAgainstFacts(ch)));
  const ckpt = await one<{ p: string }>(ch, "SELECT toString(position) AS p FROM projector_checkpoints WHERE projection_name = 'main' ORDER BY seq DESC LIMIT 1");
  return {
    events: Number(ckpt?.p ?? 0),
    orders: Number(s.orders),
    gmvFen: s.gmv,
    quantity: Number(s.quantity),
    refunds: Number(r.refunds),
    refundsFen: r.fen,
    farmerIncomeFen: f.fen,
    households: Number(f.households),
    parcels: Number(p.parcels),
    parcelSavingsFen: p.savings,
    personTimes: Number(tr.n),
    trainees: Number(tr.trainees),
    trainingHours: Number(tr.hours),
    loansInterestSavedFen: l.saved,
    awards: Number(a.n),
    appealsRaised: Number(ap.raised),
    appealsResolved: Number(ap.resolved),
    streamers: Number(st.n),
    members: Number(st.members),
    branches: Number(b.n),
    byCounty: Object.fromEntries(byCounty.map((x) => [x.k, [Number(x.o), x.g, x.r]])),
    byDay: Object.fromEntries(byDay.map((x) => [x.k, [Number(x.o), x.g, x.r]])),
    farmerByDay: Object.fromEntries(farmerByDay.map((x) => [x.k, x.v])),
    live: [Number(lv.started), Number(lv.ended), Number(lv.snapshots)],
    bySession: Object.fromEntries(bySession.map((x) => [x.k, [Number(x.o), x.g, Number(x.n), x.r, Number(x.ro), Number(x.b)] as SessionSales])),
    audienceBySession: Object.fromEntries(audience.map((x) => [x.k, x.a.map(Number) as SessionAudience])),
    rollupMismatch,
  };
}

/**
 * The per-session summary and minute rollup against the same figures from the facts they are
 * derived from (a refund by its order's session): the sessions whose figures differ, named with
 * both versions. Every started session has a summary row, found by the day and region it started in.
 */
export async function sessionRollupsAgainstFacts(ch: ClickHouseClient): Promise<string[]> {
  const sales = await all<{ k: string; v: string[] }>(
    ch,
    `SELECT session_id AS k, [toString(sum(orders)), toString(sum(gmv_fen)), toString(sum(refunds)), toString(sum(refunds_fen)), toString(uniqExactMerge(refunded_orders)), toString(uniqExactMerge(buyers))] AS v
     FROM live_session_summary GROUP BY k HAVING sum(orders) > 0 OR sum(refunds) > 0`,
  );
  const facts = await all<{ k: string; v: string[] }>(
    ch,
    `SELECT k, [toString(sum(o)), toString(sum(g)), toString(sum(n)), toString(sum(r)), toString(max(ro)), toString(max(b))] AS v FROM (
       SELECT live_session_id AS k, count() AS o, sum(amount_fen) AS g, 0 AS n, toInt64(0) AS r, 0 AS ro, 0 AS b FROM sales_raw FINAL WHERE live_session_id != '' GROUP BY k
       UNION ALL
       SELECT s.live_session_id AS k, 0, 0, count(), sum(f.amount_fen), uniqExact(f.order_id), 0
       FROM refunds_raw AS f FINAL INNER JOIN (SELECT order_id, occurred_at, live_session_id FROM sales_raw FINAL WHERE live_session_id != '') AS s
         ON s.order_id = f.order_id AND s.occurred_at = f.order_occurred_at GROUP BY k
       UNION ALL
       SELECT live_session_id AS k, 0, 0, 0, 0, 0, uniqExact(buyer_ref) FROM sale_buyers_raw FINAL WHERE live_session_id != '' GROUP BY k
     ) GROUP BY k`,
  );
  const snapshots = await all<{ k: string; v: string[] }>(
    ch,
    `SELECT session_id AS k, [toString(sum(snapshots)), toString(max(pcu)), toString(max(viewers)), toString(max(watch_seconds))] AS v FROM live_session_summary GROUP BY k HAVING sum(snapshots) > 0`,
  );
  const snapshotFacts = await all<{ k: string; v: string[] }>(
    ch,
    'SELECT session_id AS k, [toString(count()), toString(max(online_now)), toString(max(viewers)), toString(max(watch_seconds))] AS v FROM live_audience_raw FINAL GROUP BY k',
  );
  // The minute rollup (0011), summed over each session's minutes: orders, GMV, snapshots, peak online, viewers.
  const minutes = await all<{ k: string; v: string[] }>(
    ch,
    `SELECT session_id AS k, [toString(sum(orders)), toString(sum(gmv_fen)), toString(sum(snapshots)), toString(max(pcu)), toString(max(viewers))] AS v FROM live_session_minutes GROUP BY k`,
  );
  const minuteFacts = await all<{ k: string; v: string[] }>(
    ch,
    `SELECT k, [toString(sum(o)), toString(sum(g)), toString(sum(n)), toString(max(p)), toString(max(v))] AS v FROM (
       SELECT live_session_id AS k, count() AS o, sum(amount_fen) AS g, 0 AS n, 0 AS p, 0 AS v FROM sales_raw FINAL WHERE live_session_id != '' GROUP BY k
       UNION ALL
       SELECT session_id AS k, 0, 0, count(), max(online_now), max(viewers) FROM live_audience_raw FINAL GROUP BY k
     ) GROUP BY k`,
  );
  // Each session's summary row sits under its start's day and region.
  const keys = await all<{ k: string; v: string[] }>(ch, `SELECT session_id AS k, groupUniqArray(toString((day, region_code, streamer_id))) AS v FROM live_session_summary GROUP BY k`);
  const keyFacts = await all<{ k: string; v: string[] }>(ch, `SELECT session_id AS k, [toString((day, region_code, streamer_id))] AS v FROM live_sessions_raw FINAL`);
  return [
    differing('live_session_summary (sales)', sales, facts),
    differing('live_session_summary (audience)', snapshots, snapshotFacts),
    differing('live_session_summary (keys)', keys, keyFacts),
    differing('live_session_minutes', minutes, minuteFacts),
  ].filter(
    (m) => m !== '',
  );
}

function differing(table: string, rolled: { k: string; v: string[] }[], facts: { k: string; v: string[] }[]): string {
  const a = new Map(rolled.map((x) => [x.k, JSON.stringify(x.v)]));
  const b = new Map(facts.map((x) => [x.k, JSON.stringify(x.v)]));
  const differ = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
  return differ.length === 0 ? '' : `${table}: ${differ.length} sessions differ from the facts, e.g. ${differ[0]}: ${a.get(differ[0]!)} vs facts ${b.get(differ[0]!)}`;
}
