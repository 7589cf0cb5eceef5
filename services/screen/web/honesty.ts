import { shanghaiDate } from '@redstream/schema/time';
import type { LiveFigures } from './figures.ts';

/**
 * What the screen may claim when it has not heard from the server for a while. Pure functions of
 * the last figures and a clock the caller passes in, so midnight and a cut cable are tested
 * without waiting for either.
 */

/**
 * The server's clock as this page sees it: the display's clock is often wrong by minutes in a
 * hall, so "now" is the server's `computedAt` of the last push plus local time elapsed since it
 * arrived (`performance`-free: both readings come from the same local clock).
 */
export const serverNow = (computedAt: string, receivedAt: number, localNow: number): number => Date.parse(computedAt) + (localNow - receivedAt);

const ZERO_MONEY = '0.00';

/**
 * The figures as they stand on `today` (a Shanghai date) when the last push was for an earlier
 * day: today's sales, farm sales, farmer income and the hour chart start from zero at midnight,
 * the year's training and parcel figures at New Year; the Party counts are totals and stay. A
 * screen cut off at 23:59 therefore shows 0 for 今日 after midnight instead of yesterday's sales
 * under today's date, and the server's next push (its day has rolled too) fills it in.
 */
export function rollOver(f: LiveFigures, today: string): LiveFigures {
  if (f.day >= today) return f;
  const newYear = f.day.slice(0, 4) !== today.slice(0, 4);
  return {
    ...f,
    day: today,
    today: { orders: 0, gmv: ZERO_MONEY, refunds: ZERO_MONEY, netSales: ZERO_MONEY, averageOrderValue: ZERO_MONEY, streamers: 0 },
    ordersLastMinute: 0,
    ordersPerMinute: 0,
    todayByHour: [],
    topStreamers: [],
    topStreamerSessions: [],
    categories: [],
    buyerProvinces: [],
    farmSalesToday: { orders: 0, gmv: ZERO_MONEY },
    farmerIncomeToday: ZERO_MONEY,
    farmerHouseholdsToday: 0,
    trainingThisYear: newYear ? { sessions: 0, trainees: 0, personTimes: 0, hours: 0 } : f.trainingThisYear,
    parcelSavingsThisYear: newYear ? ZERO_MONEY : f.parcelSavingsThisYear,
    parcelsThisYear: newYear ? 0 : f.parcelsThisYear,
    newestSaleAt: null,
  };
}

/** The Shanghai date at `ms`. */
export const dayAt = (ms: number): string => shanghaiDate(ms);

/** Not live for this long (a normal reconnect takes a quarter of a second) and the page says it is offline. */
export const OFFLINE_AFTER_MS = 1000;

/**
 * How old a tile's data is: how far the projections lagged when the figures were pushed, plus
 * local time since. `undefined` before the first push.
 */
export function dataAgeMs(last: { receivedAt: number; lagSeconds: number } | undefined, localNow: number): number | undefined {
  return last ? Math.max(0, last.lagSeconds * 1000 + (localNow - last.receivedAt)) : undefined;
}

/** "数据已 3 分钟未更新" once `ageMs` passes the tile's threshold, else undefined. */
export function staleNote(ageMs: number | undefined, thresholdMs: number): string | undefined {
  if (ageMs === undefined || ageMs <= thresholdMs) return undefined;
  const s = Math.floor(ageMs / 1000);
  const age = s < 120 ? `${s} 秒` : s < 7200 ? `${Math.floor(s / 60)} 分钟` : s < 172_800 ? `${Math.floor(s / 3600)} 小时` : `${Math.floor(s / 86_400)} 天`;
  return `数据已 ${age}未更新`;
}

/** Every character the offline badge and the stale notes may show. */
export const OFFLINE_GLYPHS = '离线·数据截至尚无已秒分钟小时天未更新重连中0123456789:';
