import type { Fact } from '@redstream/schema';
import { dayFactor, HOUR_WEIGHTS, meanDayFactor } from '../calendar.ts';
import type { DayContext } from '../day-context.ts';
import { CATEGORIES, expectedOrderFen, FARM_CATEGORY } from '../model/categories.ts';
import { BUYER_REGIONS, FARM_VILLAGES } from '../model/geography.ts';
import type { RegionState, StreamerState } from '../model/state.ts';
import { AliasTable, type Rng } from '../random.ts';
import { dayParts, formatInstant } from '@redstream/schema';
import { makeFact } from '../fact.ts';
import { createHash } from 'node:crypto';
import { minuteSnapshots, planAudience } from './audience.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
const QUANTITY_WEIGHTS = [0.7, 0.2, 0.06, 0.03, 0.01];
const MEAN_QUANTITY = QUANTITY_WEIGHTS.reduce((sum, w, i) => sum + w * (i + 1), 0);
const FARM_INDEX = CATEGORIES.findIndex((c) => c.name === FARM_CATEGORY);
const buyerTable = new AliasTable(BUYER_REGIONS.map((r) => r.weight));
const householdsByVillage = new WeakMap<RegionState, number[][]>();

/** Orders a day of base volume needs so a year adds up to the profile's GMV. */
const baseCache = new WeakMap<RegionState, number>();
export function baseOrdersPerDay(state: RegionState): number {
  const cached = baseCache.get(state);
  if (cached !== undefined) return cached;
  const meanOrder = CATEGORIES.reduce((sum, c) => sum + c.share * expectedOrderFen(c, MEAN_QUANTITY), 0);
  const base = state.counts.gmvFenPerDay / meanOrder / meanDayFactor(dayParts(state.fromDay).year);
  baseCache.set(state, base);
  return base;
}

/** Expected orders on the context's day: base volume × festivals and weekends × growth. */
export const ordersOn = (ctx: DayContext): number => baseOrdersPerDay(ctx.state) * dayFactor(ctx.day) * ctx.growth;

/** Who sells today, with an alias table over their weights (rebuilt only when someone joins). */
export class Sellers {
  private count = -1;
  private table: AliasTable | undefined;
  private list: StreamerState[] = [];

  constructor(private readonly state: RegionState) {}

  on(day: number): { list: StreamerState[]; table: AliasTable } {
    const list = this.state.streamers.filter((s) => s.registeredDay <= day);
    if (list.length !== this.count || !this.table) {
      this.count = list.length;
      this.list = list;
      this.table = new AliasTable(list.map((s) => s.weight));
    }
    return { list: this.list, table: this.table };
  }
}

export interface TimedFact {
  at: number;
  fact: Fact;
}

/**
 * One hour of orders, in time order. Each order may be refunded later (fully or in part, never
 * above its amount): the refunds go to the pending queue. Farm orders accrue to the household
 * that grew the goods, paid out next month.
 */
export function salesForHour(ctx: DayContext, sellers: Sellers, hour: number, dayOrders: number, rng: Rng): TimedFact[] {
  const n = rng.poisson(dayOrders * (HOUR_WEIGHTS[hour]! / HOUR_TOTAL));
  if (n === 0) return [];
  const { list, table } = sellers.on(ctx.day);
  const times = Array.from({ length: n }, () => ctx.start + hour * HOUR + Math.floor(rng.next() * HOUR)).sort((a, b) => a - b);
  const ymd = ctx.date.replaceAll('-', '');
  const out: TimedFact[] = [];
  for (const [i, at] of times.entries()) {
    const s = list[table.sample(rng)]!;
    const orderId = `o${ymd}-${String(hour).padStart(2, '0')}${String(i).padStart(5, '0')}`;
    const sessionId = `${s.id}-${ymd}`;
    // Orders in the evening come from the streamer's nightly live session.
    const evening = at >= ctx.start + SESSION_START_HOUR * HOUR;
    const sale = buildSale(ctx.state, rng, s, orderId, at, evening ? sessionId : undefined);
    if (sale.live && !ctx.liveSessions.has(sessionId)) startSession(ctx, s, sessionId);
    scheduleRefunds(ctx, rng, orderId, sale.amountFen, at, sale.refundRate);
    out.push({ at, fact: sale.fact });
  }
  return out;
}

export interface BuiltSale {
  fact: Fact;
  amountFen: number;
  refundRate: number;
  /** Sold in a live session (the fact names it). */
  live: boolean;
}

/**
 * A streamer's nightly session, 19:00 to 23:59:59, queued at 19:00 so it comes before its first
 * evening order (and before its audience), with its audience: one snapshot a minute on days from
 * `state.minuteSnapshotsFromDay` (the demo's last day, and what the live mode sends), else one
 * closing snapshot (its final counters and peak online) — a minute's for every night of two years
 * would make the demo 7 M facts instead of 0.4 M.
 */
const SESSION_START_HOUR = 19;
function startSession(ctx: DayContext, s: StreamerState, sessionId: string): void {
  ctx.liveSessions.add(sessionId);
  const rng = ctx.rng(`audience|${s.id}`);
  const plan = planAudience(rng, s.followers);
  const startMs = ctx.start + SESSION_START_HOUR * HOUR;
  const endMs = ctx.start + DAY - 1000;
  ctx.schedule(startMs, 'LiveSessionStarted', `start:${sessionId}`, { sessionId, streamerId: s.id, platform: s.platform, title: `${s.displayName}的直播间`, startedAt: formatInstant(startMs) });
  if (ctx.state.minuteSnapshotsFromDay !== undefined && ctx.day >= ctx.state.minuteSnapshotsFromDay) {
    for (const { at, data } of minuteSnapshots(sessionId, s.id, startMs, endMs, plan, rng)) ctx.schedule(at, 'LiveAudienceReported', `audience:${sessionId}:${data.at}`, data);
  } else {
    const { viewers } = plan;
    const views = Math.round(viewers * plan.viewsPerViewer);
    ctx.schedule(ctx.start + DAY - 2, 'LiveAudienceReported', `audience:${sessionId}`, {
      sessionId,
      streamerId: s.id,
      at: formatInstant(endMs),
      onlineNow: Math.round(viewers * 0.05 * (0.5 + rng.next())),
      views,
      viewers,
      newFollowers: Math.round(viewers * plan.followerShare),
      productClickUsers: Math.round(viewers * plan.clickShare),
      comments: Math.round(views * plan.commentsPerView),
      likes: Math.round(views * plan.likesPerView),
      watchSeconds: Math.round(viewers * plan.watchSeconds),
    });
  }
  // Queued at the day's last millisecond so every order of the day (none later) comes before the end.
  ctx.schedule(ctx.start + DAY - 1, 'LiveSessionEnded', `end:${sessionId}`, { sessionId, streamerId: s.id, endedAt: formatInstant(endMs) });
}

/**
 * One order by streamer `s` at `at`: mostly in the streamer's own category, lognormal price,
 * a buyer somewhere in China; farm goods name their village and accrue to one of its households.
 * With `liveSessionId` the order names that session (the caller keeps the session open at `at`).
 */
export function buildSale(state: RegionState, rng: Rng, s: StreamerState, orderId: string, at: number, liveSessionId: string | undefined): BuiltSale {
  const categoryIndex = rng.chance(0.85) ? s.category : rng.int(0, CATEGORIES.length - 1);
  const c = CATEGORIES[categoryIndex]!;
  const quantity = rng.weighted(QUANTITY_WEIGHTS) + 1;
  const amountFen = Math.max(100, Math.round(rng.lognormal(c.priceMu, c.priceSigma) / 10) * 10) * quantity;
  const occurredAt = formatInstant(at);
  let product = rng.pick(c.products);
  let farm: { originVillageCode: string; cooperativeId?: string } | undefined;
  if (categoryIndex === FARM_INDEX) {
    const village = rng.int(0, FARM_VILLAGES.length - 1);
    const households = householdsIn(state)[village]!;
    const h = households[rng.int(0, households.length - 1)]!;
    const household = state.households[h]!;
    product = rng.pick(FARM_VILLAGES[village]!.produce);
    farm = { originVillageCode: FARM_VILLAGES[village]!.code, ...(household.cooperativeId ? { cooperativeId: household.cooperativeId } : {}) };
    accrue(state, occurredAt.slice(0, 7), h, amountFen);
  }
  const fact = makeFact(state.runKey, 'SaleRecorded', orderId, {
    orderId, streamerId: s.id, occurredAt, product, category: c.name, quantity, amountFen,
    buyerRegionCode: BUYER_REGIONS[buyerTable.sample(rng)]!.code, ...farm,
    ...(liveSessionId !== undefined ? { liveSessionId } : {}),
    buyerRef: buyerRef(state.runKey, s.id, orderId),
  });
  return { fact, amountFen, refundRate: c.refundRate, live: liveSessionId !== undefined };
}

/**
 * A pseudonymous buyer, as a platform would send it: a salted hash. Drawn from a pool of 3,000
 * regulars per streamer by a hash of the order id (no random draw, so no other fact changes).
 */
function buyerRef(runKey: string, streamerId: string, orderId: string): string {
  let h = 2166136261;
  for (let i = 0; i < orderId.length; i++) h = Math.imul(h ^ orderId.charCodeAt(i), 16777619);
  return createHash('sha256').update(`${runKey}|buyer|${streamerId}|${(h >>> 0) % 3000}`).digest('hex').slice(0, 32);
}

function scheduleRefunds(ctx: DayContext, rng: Rng, orderId: string, amountFen: number, at: number, rate: number): void {
  if (!rng.chance(rate)) return;
  const first = at + Math.min(40 * DAY, Math.max(HOUR / 3, Math.floor(rng.lognormal(Math.log(2.5 * DAY), 0.9))));
  const firstFen = refundAmount(rng, amountFen);
  ctx.state.pending.push(first, ctx.fact('SaleRefunded', `${orderId}#1`, { orderId, amountFen: firstFen, occurredAt: formatInstant(first) }));
  const rest = amountFen - firstFen;
  if (rest >= 1 && rng.chance(0.15)) {
    const second = first + rng.int(1, 5) * DAY;
    const secondFen = Math.max(1, Math.floor(rest * (0.2 + 0.8 * rng.next())));
    ctx.state.pending.push(second, ctx.fact('SaleRefunded', `${orderId}#2`, { orderId, amountFen: secondFen, occurredAt: formatInstant(second) }));
  }
}

/** Seven refunds in ten return the whole order; the rest a part of it (at least 1 fen, never all). */
export const refundAmount = (rng: Rng, amountFen: number): number =>
  rng.chance(0.7) || amountFen < 2 ? amountFen : Math.min(amountFen - 1, Math.max(1, Math.floor(amountFen * (0.1 + 0.8 * rng.next()))));

function householdsIn(state: RegionState): number[][] {
  let byVillage = householdsByVillage.get(state);
  if (!byVillage) {
    byVillage = FARM_VILLAGES.map(() => []);
    state.households.forEach((h, i) => byVillage![h.village]!.push(i));
    householdsByVillage.set(state, byVillage);
  }
  return byVillage;
}

export function accrue(state: RegionState, month: string, household: number, fen: number): void {
  let m = state.farmAccrual.get(month);
  if (!m) state.farmAccrual.set(month, (m = new Map()));
  m.set(household, (m.get(household) ?? 0) + fen);
}
