import type { BatchFact } from '@redstream/projections';
import { divRound, formatShanghai, rankedStreamerSessions, shanghaiDate, STREAMER_SALES_LIMIT, TOP_STREAMERS } from '@redstream/queries';
import type { LiveFiguresPayload, SalesFigures, SalesPoint, StreamerRanking, StreamerSales } from '@redstream/queries';

/** Which facts a watched scope sums: the stored region code under a prefix, and a park. */
export interface FoldScope {
  regionPrefix: string | undefined;
  parkId: string | undefined;
}

export const inScope = (scope: FoldScope, f: BatchFact): boolean =>
  (scope.regionPrefix === undefined || f.regionCode.startsWith(scope.regionPrefix)) && (scope.parkId === undefined || f.parkId === scope.parkId);

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Figures plus one sale (orders, gmv) or one refund; net and average follow, distinct streamers are the caller's. */
function plus(f: SalesFigures, orders: number, gmv: bigint, refunds: bigint, streamers = 0): SalesFigures {
  const o = f.orders + orders;
  const g = f.gmv + gmv;
  const r = f.refunds + refunds;
  return { orders: o, gmv: g, refunds: r, netSales: g - r, averageOrderValue: divRound(g, BigInt(o)), streamers: f.streamers + streamers };
}

/** The ranking's order (sales-breakdown.ts): GMV descending, then streamer id. */
const ranked = (a: StreamerSales, b: StreamerSales) => (a.gmv === b.gmv ? (a.streamerId < b.streamerId ? -1 : a.streamerId > b.streamerId ? 1 : 0) : a.gmv > b.gmv ? -1 : 1);

/**
 * A scope's figures after a commit, from the figures exactly at the position before it (`at`,
 * computed at `atMs`) and the commit's sales and refunds — no query. Undefined where the sums alone
 * cannot say (the caller then queries): a new day or minute (the windows move), a fact outside
 * today, an hour with no sales yet (its bucket needs the hour before), a streamer's first sale
 * lifting them into the ranking shown (their name is in ClickHouse), or a first sale where the
 * list may be cut short (they may have sold before). Sales count in the period they
 * happen, refunds in theirs, as in the queries; the slow figures stay those of `at`.
 */
export function foldCommit(at: LiveFiguresPayload, atMs: number, facts: readonly BatchFact[], scope: FoldScope, nowMs: number, position: bigint): LiveFiguresPayload | undefined {
  const day = shanghaiDate(nowMs);
  if (day !== at.day || Math.floor(nowMs / MINUTE) !== Math.floor(atMs / MINUTE)) return undefined;
  // Shanghai is UTC+8 all year: its hours and minutes start where UTC's do.
  const midnight = Date.parse(`${day}T00:00:00+08:00`);
  const minuteEnd = nowMs - (nowMs % MINUTE);
  let today = at.today;
  let lastMinute = at.ordersLastMinute;
  let fiveMinutes = Math.round(at.ordersPerMinute * 5);
  let newest = at.newestSaleAt === null ? undefined : Date.parse(at.newestSaleAt);
  const hours = new Map<number, SalesPoint>(at.todayByHour.map((p) => [p.start, p]));
  const streamers = new Map<string, StreamerSales>(at.streamerSales.map((s) => [s.streamerId, s]));
  const complete = at.streamerSales.length < STREAMER_SALES_LIMIT;
  for (const f of facts) {
    if (!inScope(scope, f)) continue;
    if (f.occurredAt < midnight || f.occurredAt >= midnight + DAY) return undefined;
    const sale = f.kind === 'sale';
    const orders = sale ? 1 : 0;
    const gmv = sale ? f.amountFen : 0n;
    const refunds = sale ? 0n : f.amountFen;
    let s = streamers.get(f.streamerId);
    if (!s) {
      if (!complete) return undefined;
      s = { streamerId: f.streamerId, displayName: f.displayName, gmv: 0n, orders: 0, netSales: 0n };
    } else if (s.displayName === null && f.displayName !== null) s = { ...s, displayName: f.displayName };
    // Distinct streamers count those with an order in the period (uniqExactIf(streamer_id, o > 0)).
    today = plus(today, orders, gmv, refunds, sale && s.orders === 0 ? 1 : 0);
    streamers.set(f.streamerId, { ...s, orders: s.orders + orders, gmv: s.gmv + gmv, netSales: s.netSales + gmv - refunds });
    const start = f.occurredAt - (f.occurredAt % HOUR);
    const point = hours.get(start);
    if (!point) return undefined;
    hours.set(start, { ...point, ...plus(point, orders, gmv, refunds), previousPeriod: point.previousPeriod, samePeriodLastYear: point.samePeriodLastYear });
    const next = hours.get(start + HOUR);
    if (next) hours.set(start + HOUR, { ...next, previousPeriod: plus(next.previousPeriod, orders, gmv, refunds) });
    if (sale) {
      if (f.occurredAt >= minuteEnd - MINUTE && f.occurredAt < minuteEnd) lastMinute++;
      if (f.occurredAt >= minuteEnd - 5 * MINUTE && f.occurredAt < minuteEnd) fiveMinutes++;
      if (newest === undefined || f.occurredAt > newest) newest = f.occurredAt;
    }
  }
  const streamerSales = [...streamers.values()].sort(ranked);
  const topStreamers: StreamerRanking[] = [];
  for (const s of streamerSales.slice(0, TOP_STREAMERS)) {
    if (s.displayName === null) return undefined;
    topStreamers.push({ ...s, displayName: s.displayName });
  }
  return {
    ...at,
    today,
    ordersLastMinute: lastMinute,
    ordersPerMinute: fiveMinutes / 5,
    todayByHour: [...hours.values()],
    streamerSales,
    topStreamers,
    topStreamerSessions: rankedStreamerSessions(topStreamers, at.streamersLiveToday),
    newestSaleAt: newest === undefined ? null : formatShanghai(newest),
    computedAt: formatShanghai(nowMs),
    position,
  };
}
