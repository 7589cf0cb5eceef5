import type { QueryContext } from './access.ts';
import { farmerIncome } from './farmer-income.ts';
import { partyBuilding } from './organisation.ts';
import { salesBreakdown, topStreamers, type BreakdownRow, type StreamerRanking } from './sales-breakdown.ts';
import { resolveSalesFilter, type SalesFigures, type SalesFilter } from './sales-rows.ts';
import { salesSeries, type SalesPoint } from './sales-series.ts';
import { salesSummaryResolved } from './sales.ts';
import { batchingReader } from './reader.ts';
import { sql, where } from './sql.ts';
import { rankedStreamerSessions, streamersLiveToday, type RankedStreamerSessions, type StreamersLiveToday } from './ranking-sessions.ts';
import { parcelDiscounts, training, type TrainingSummary } from './support.ts';
import { T } from './tables.ts';
import { formatShanghai, shanghaiDate, shanghaiMidnight } from './time.ts';

/** What a big screen shows: a park's or a region's figures of today and this year. */
export interface LiveScope {
  regionCode?: string | null | undefined;
  parkId?: string | null | undefined;
}

export interface LiveFiguresPayload {
  regionCode: string | null;
  parkId: string | null;
  /** Shanghai date the "today" figures are for. */
  day: string;
  today: SalesFigures;
  /** Orders in the last full 60 seconds before `computedAt`. */
  ordersLastMinute: number;
  /** Average orders per minute over the last 5 minutes. */
  ordersPerMinute: number;
  /**
   * Orders in each minute from 5 minutes before `computedAt`'s minute up to the one in progress
   * (what the two windows above are counted from): a push adds a sale to its minute and moves the
   * windows when the minute turns, without a query. Null when a sale is dated after the minute in
   * progress (a later window would count it, and only a query knows it).
   */
  recentMinutes: { from: number; orders: number[] } | null;
  /**
   * Today's hours up to the next one, sold in or not (a push adds a sale to its hour); `streamers`
   * is 0 (not read: a push adds sales to them without knowing who sold earlier in the hour).
   */
  todayByHour: SalesPoint[];
  topStreamers: StreamerRanking[];
  /**
   * Streamers with sales or refunds today in the scope, ranked like `topStreamers` (its first ten):
   * read with `everyStreamer`, all of them up to STREAMER_SALES_LIMIT (a hub that adds a commit's
   * sales re-ranks them), else the ten.
   */
  streamerSales: StreamerSales[];
  /** The session figures of `topStreamers` (same order): today's sessions, PCU, UV value, GPM, on air now. */
  topStreamerSessions: RankedStreamerSessions[];
  /** Every streamer's sessions today and who is on air (the slow part `topStreamerSessions` is picked from). */
  streamersLiveToday: StreamersLiveToday;
  categories: BreakdownRow[];
  buyerProvinces: BreakdownRow[];
  farmSalesToday: SalesFigures;
  farmerIncomeToday: bigint;
  farmerHouseholdsToday: number;
  branches: number;
  members: number;
  applicants: number;
  trainingThisYear: TrainingSummary;
  parcelSavingsThisYear: bigint;
  parcelsThisYear: number;
  /** Time of the newest sale in scope today (ISO, Shanghai), null before the first one. */
  newestSaleAt: string | null;
  /** When these figures were read. */
  computedAt: string;
  /** When the slow part (categories, buyers, farm, Party building, training, parcels) was read. */
  backgroundComputedAt: string;
  /** Global log position the figures include (at least), when known. */
  position: bigint | null;
}

/** A streamer's sales today; `displayName` null when a push added their first sale (the name is read with the next query). */
export type StreamerSales = Omit<StreamerRanking, 'displayName'> & { displayName: string | null };

/** Figures that move with every sale; a screen's live refresh reads them each time. */
type SalesNow = Pick<LiveFiguresPayload, 'today' | 'ordersLastMinute' | 'ordersPerMinute' | 'recentMinutes' | 'todayByHour' | 'topStreamers' | 'streamerSales' | 'newestSaleAt'>;
/** Figures that move slowly or cost more to read: re-read at most every `SLOW_FIGURES_MS`. */
type Background = Omit<LiveFiguresPayload, keyof SalesNow | 'regionCode' | 'parkId' | 'day' | 'computedAt' | 'position' | 'backgroundComputedAt' | 'topStreamerSessions'>;

/**
 * How old the slow part of a screen's figures may be. At hundreds of facts a second a refresh
 * runs every half second; reading the year's training, parcels and Party figures each time would
 * make every refresh (and so every push) several times slower for figures that barely move.
 */
export const SLOW_FIGURES_MS = 5000;

/** Streamers kept in `streamerSales` (a county has hundreds a day); a full list means it may be cut short. */
export const STREAMER_SALES_LIMIT = 1000;

/** A screen's ranking: the first ten of `streamerSales`. */
export const TOP_STREAMERS = 10;

/**
 * Computes a screen's figures. The same query functions answer analysts, so a screen and an
 * analyst asking about the same scope and day see the same numbers. With `previous` (the last
 * payload of the same scope) the slow part is reused while it is younger than SLOW_FIGURES_MS.
 * `everyStreamer` reads every streamer's sales into `streamerSales` (for a hub that adds sales to
 * the figures itself); otherwise it holds the ranking's ten.
 */
export async function liveFigures(
  ctx: QueryContext,
  scope: LiveScope,
  now: number = Date.now(),
  position: bigint | null = null,
  previous?: LiveFiguresPayload,
  options: { everyStreamer?: boolean } = {},
): Promise<LiveFiguresPayload> {
  const day = shanghaiDate(now);
  const midnight = shanghaiMidnight(day);
  const base: SalesFilter = { regionCode: scope.regionCode ?? null, parkId: scope.parkId ?? null };
  const today: SalesFilter = { ...base, from: formatShanghai(midnight) };
  const reuse = previous && previous.day === day && now - Date.parse(previous.backgroundComputedAt) < SLOW_FIGURES_MS;
  // All of a refresh's questions go to ClickHouse as one statement (see batchingReader).
  const one: QueryContext = { ...ctx, reader: batchingReader(ctx.reader) };
  const [sales, background] = await Promise.all([salesNow(one, base, today, midnight, now, options.everyStreamer ? STREAMER_SALES_LIMIT : TOP_STREAMERS), reuse ? pickBackground(previous) : backgroundFigures(one, scope, today, day, now)]);
  return {
    regionCode: scope.regionCode ?? null,
    parkId: scope.parkId ?? null,
    day,
    ...sales,
    ...background,
    topStreamerSessions: rankedStreamerSessions(sales.topStreamers, background.streamersLiveToday),
    computedAt: formatShanghai(now),
    backgroundComputedAt: reuse ? previous.backgroundComputedAt : formatShanghai(now),
    position,
  };
}

/** A scope's slow figures alone, read at a time: the day they are for, when read. */
export interface SlowFigures {
  day: string;
  background: Background;
  backgroundComputedAt: string;
}

/**
 * The slow part of a screen's figures alone (one statement). Beside a projector the live hub adds
 * each commit's sales to the figures shown without a query, and re-reads only these every
 * SLOW_FIGURES_MS.
 */
export async function liveSlowFigures(ctx: QueryContext, scope: LiveScope, now: number = Date.now()): Promise<SlowFigures> {
  const day = shanghaiDate(now);
  const today: SalesFilter = { regionCode: scope.regionCode ?? null, parkId: scope.parkId ?? null, from: formatShanghai(shanghaiMidnight(day)) };
  const background = await backgroundFigures({ ...ctx, reader: batchingReader(ctx.reader) }, scope, today, day, now);
  return { day, background, backgroundComputedAt: formatShanghai(now) };
}

/** A payload with newer slow figures of its day (the ranked streamers' sessions picked again). */
export const withSlowFigures = (p: LiveFiguresPayload, slow: SlowFigures): LiveFiguresPayload => ({
  ...p,
  ...slow.background,
  backgroundComputedAt: slow.backgroundComputedAt,
  topStreamerSessions: rankedStreamerSessions(p.topStreamers, slow.background.streamersLiveToday),
});

async function salesNow(ctx: QueryContext, base: SalesFilter, today: SalesFilter, midnight: number, now: number, streamers: number): Promise<SalesNow> {
  const minuteEnd = now - (now % 60_000);
  const todayResolved = resolveSalesFilter(ctx, today);
  const [summary, minutes, byHour, streamerSales, newest] = await Promise.all([
    salesSummaryResolved(ctx, todayResolved),
    // The five full minutes and the one in progress, each sold in or not.
    salesSeries(ctx, { ...base, from: formatShanghai(minuteEnd - 5 * 60_000), to: formatShanghai(minuteEnd + 60_000) }, 'MINUTE', { streamers: false, fillTo: minuteEnd + 60_000 }),
    // Every hour up to the next one, sold in or not: a push adds a sale to its hour's point, also
    // when the hour turns.
    salesSeries(ctx, { ...today, to: formatShanghai(midnight + 86_400_000) }, 'HOUR', { streamers: false, fillTo: now + 3_600_000 }),
    topStreamers(ctx, today, streamers),
    newestSale(ctx, todayResolved),
  ]);
  const orders = minutes.map((p) => p.orders);
  return {
    today: summary,
    ordersLastMinute: orders[4]!,
    ordersPerMinute: orders.slice(0, 5).reduce((a, b) => a + b, 0) / 5,
    recentMinutes: newest !== null && Date.parse(newest) >= minuteEnd + 60_000 ? null : { from: minuteEnd - 5 * 60_000, orders },
    todayByHour: byHour,
    topStreamers: streamerSales.slice(0, TOP_STREAMERS),
    streamerSales,
    newestSaleAt: newest,
  };
}

async function backgroundFigures(ctx: QueryContext, scope: LiveScope, today: SalesFilter, day: string, now: number): Promise<Background> {
  const yearStart = `${day.slice(0, 4)}-01-01`;
  const region = { regionCode: scope.regionCode ?? null };
  // Session figures move with audience snapshots (once a minute), so they are read with the slow part.
  const [categories, buyers, farm, income, party, trained, parcels, live] = await Promise.all([
    salesBreakdown(ctx, today, { by: 'CATEGORY', limit: 20 }),
    salesBreakdown(ctx, today, { by: 'BUYER_REGION', regionLevel: 'PROVINCE', limit: 40 }),
    salesSummaryResolved(ctx, resolveSalesFilter(ctx, today, { farmOnly: true })),
    farmerIncome(ctx, { ...region, from: day, to: day }),
    partyBuilding(ctx, { ...region, to: day }, { parkId: scope.parkId ?? undefined }),
    training(ctx, { ...region, from: yearStart, to: day }),
    parcelDiscounts(ctx, { ...region, from: yearStart, to: day }),
    streamersLiveToday(ctx, scope, day, now),
  ]);
  return {
    categories,
    buyerProvinces: buyers,
    farmSalesToday: farm,
    farmerIncomeToday: income.income,
    farmerHouseholdsToday: income.households,
    branches: party.branches,
    members: party.members,
    applicants: party.applicants,
    trainingThisYear: trained,
    parcelSavingsThisYear: parcels.savings,
    parcelsThisYear: parcels.parcels,
    streamersLiveToday: live,
  };
}

const pickBackground = (p: LiveFiguresPayload): Background => ({
  categories: p.categories,
  buyerProvinces: p.buyerProvinces,
  farmSalesToday: p.farmSalesToday,
  farmerIncomeToday: p.farmerIncomeToday,
  farmerHouseholdsToday: p.farmerHouseholdsToday,
  branches: p.branches,
  members: p.members,
  applicants: p.applicants,
  trainingThisYear: p.trainingThisYear,
  parcelSavingsThisYear: p.parcelSavingsThisYear,
  parcelsThisYear: p.parcelsThisYear,
  streamersLiveToday: p.streamersLiveToday,
});

async function newestSale(ctx: QueryContext, f: ReturnType<typeof resolveSalesFilter>): Promise<string | null> {
  const c = [];
  if (f.regionPrefix !== undefined) c.push(sql`startsWith(region_code, ${f.regionPrefix})`);
  if (f.parkId !== undefined) c.push(sql`park_id = ${f.parkId}`);
  if (f.from !== undefined) c.push(sql`occurred_at >= fromUnixTimestamp64Milli(${f.from})`);
  const rows = await ctx.reader.rows<{ at: string; n: string }>(
    'live.newest-sale',
    sql`SELECT toString(toUnixTimestamp64Milli(max(occurred_at))) AS at, toString(count()) AS n FROM ${T.salesRaw} ${where(c)}`,
  );
  const row = rows[0];
  return row && Number(row.n) > 0 ? formatShanghai(Number(row.at)) : null;
}
