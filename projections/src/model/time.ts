/**
 * Time helpers for rows. ClickHouse columns are DateTime64(3, 'Asia/Shanghai') and Date (Shanghai
 * calendar). Asia/Shanghai has had a fixed +08:00 offset since 1991, which every fact time here
 * postdates.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** `2025-06-18T01:02:03.5+08:00` → epoch milliseconds. */
export function epochMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a date-time: ${iso}`);
  return ms;
}

/** Epoch ms → `YYYY-MM-DD HH:MM:SS.mmm` in Shanghai local time (how a DateTime64 column in that zone parses text). */
export function shanghaiDateTime(ms: number): string {
  const s = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 23)}`;
}

/**
 * The Shanghai calendar date of an ISO date-time with offset: its first ten characters when it is
 * written in +08:00 (as producers in China send it), else computed. A hot path of the projector.
 */
export function shanghaiDay(iso: string): string {
  return iso.endsWith('+08:00') ? iso.slice(0, 10) : shanghaiDate(epochMs(iso));
}

const dates = new Map<number, string>();

/** Epoch ms → the Shanghai calendar date `YYYY-MM-DD` (memoised by day: facts fall on few days). */
export function shanghaiDate(ms: number): string {
  const day = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size < 100_000) dates.set(day, date);
  }
  return date;
}
