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
 * A scope's figures after a batch, from the figures exactly at the position before it (`at`,
 * computed at `atMs`) and the batch's sales and refunds — no query. The minute windows move with
 * the clock, counted from the orders of each recent minute. Undefined where the sums alone cannot
 * say (the caller then queries): a new day, a minute turning while a sale is dated past the
 * minute in progress, a fact outside today, an hour the figures do not hold (they hold today's up
 * to the next one), a first sale by a streamer the batch could not name lifting them into the
 * ranking shown, or a first sale where the list may be cut short (they may have sold before).
 * Sales count in the period they happen, refunds in theirs, as in the queries; the slow figures
 * stay those of `at`.
 */
export function foldCommit(at: LiveFiguresPayload, atMs: number, facts: readonly BatchFact[], scope: FoldScope, nowMs: number, position: bigint): LiveFiguresPayload | undefined {
  const day = shanghaiDate(nowMs);
  if (day !== at.day) return undefined;
  // Shanghai is UTC+8 all year: its hours and minutes start where UTC's do.
  const midnight = Date.parse(`${day}T00:00:00+08:00`);
  // The minute in progress, and the orders of it and the five before, carried from `at`'s minute.
  const minute = nowMs - (nowMs % MINUTE);
  const from = minute - 5 * MINUTE;
  if (!at.recentMinutes && minute !== atMs - (atMs % MINUTE)) return undefined;
  const perMinute = new Map<number, number>();
  at.recentMinutes?.orders.forEach((orders, i) => perMinute.set(at.recentMinutes!.from + i * MINUTE, orders));
  let datedLater = at.recentMinutes === null;
  // Without the minutes (same minute then), the windows as they were, plus this batch's sales.
  let lastMinute = at.ordersLastMinute;
  let fiveMinutes = Math.round(at.ordersPerMinute * 5);
  let today = at.today;
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
      const m = f.occurredAt - (f.occurredAt % MINUTE);
      if (m > minute) datedLater = true;
      else if (m >= from) perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
      if (m === minute - MINUTE) lastMinute++;
      if (m >= from && m < minute) fiveMinutes++;
      if (newest === undefined || f.occurredAt > newest) newest = f.occurredAt;
    }
  }
  const streamerSales = [...streamers.values()].sort(ranked);
  const topStreamers: StreamerRanking[] = [];
  for (const s of streamerSales.slice(0, TOP_STREAMERS)) {
    if (s.displayName === null) return undefined;
    topStreamers.push({ ...s, displayName: s.displayName });
  }
  const orders = Array.from({ length: 6 }, (_, i) => perMinute.get(from + i * MINUTE) ?? 0);
  if (at.recentMinutes) [lastMinute, fiveMinutes] = [orders[4]!, orders.slice(0, 5).reduce((a, b) => a + b, 0)];
  return {
    ...at,
    today,
    ordersLastMinute: lastMinute,
    ordersPerMinute: fiveMinutes / 5,
    recentMinutes: datedLater ? null : { from, orders },
    todayByHour: [...hours.values()],
    streamerSales,
    topStreamers,
    topStreamerSessions: rankedStreamerSessions(topStreamers, at.streamersLiveToday),
    newestSaleAt: newest === undefined ? null : formatShanghai(newest),
    computedAt: formatShanghai(nowMs),
    position,
  };
}
