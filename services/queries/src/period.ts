import { regionPrefixFor, type QueryContext } from './access.ts';
import { param, raw, sql, type SqlFragment } from './sql.ts';
import { InvalidInputError, parseDate } from './time.ts';

/**
 * The filter of every day-grained question (farmer income, party building, training, parcels,
 * loans, appeals, stations): `from`, `to` calendar dates, both inclusive, and a region.
 */
export interface PeriodFilter {
  from?: string | null | undefined;
  to?: string | null | undefined;
  regionCode?: string | null | undefined;
}

export interface ResolvedPeriod {
  from: string | undefined;
  to: string | undefined;
  regionPrefix: string | undefined;
}

export function resolvePeriod(ctx: QueryContext, filter: PeriodFilter | null | undefined): ResolvedPeriod {
  const f = filter ?? {};
  const from = f.from == null ? undefined : parseDate(f.from, 'from');
  const to = f.to == null ? undefined : parseDate(f.to, 'to');
  if (from && to && from > to) throw new InvalidInputError(`from (${from}) is after to (${to})`);
  return { from, to, regionPrefix: regionPrefixFor(ctx, f.regionCode) };
}

/** `column` (a Date) within the period. */
export function dateIn(column: string, p: Pick<ResolvedPeriod, 'from' | 'to'>): SqlFragment[] {
  const c: SqlFragment[] = [];
  if (p.from) c.push(sql`${raw(column)} >= ${param(p.from, 'Date')}`);
  if (p.to) c.push(sql`${raw(column)} <= ${param(p.to, 'Date')}`);
  return c;
}

/** `column` (a DateTime) within the period's Shanghai days. */
export function instantIn(column: string, p: Pick<ResolvedPeriod, 'from' | 'to'>): SqlFragment[] {
  const c: SqlFragment[] = [];
  if (p.from) c.push(sql`toDate(${raw(column)}, 'Asia/Shanghai') >= ${param(p.from, 'Date')}`);
  if (p.to) c.push(sql`toDate(${raw(column)}, 'Asia/Shanghai') <= ${param(p.to, 'Date')}`);
  return c;
}

/** `column` (a Date) on or before the period's end: "in existence by then". */
export function dateUpTo(column: string, p: Pick<ResolvedPeriod, 'to'>): SqlFragment[] {
  return p.to ? [sql`${raw(column)} <= ${param(p.to, 'Date')}`] : [];
}

export function regionIn(column: string, p: Pick<ResolvedPeriod, 'regionPrefix'>): SqlFragment[] {
  return p.regionPrefix === undefined ? [] : [sql`startsWith(${raw(column)}, ${p.regionPrefix})`];
}
