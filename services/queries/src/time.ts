import { GraphQLError } from 'graphql';
import type { Granularity } from '@redstream/schema';

/**
 * Time in the query layer: reading it from a GraphQL client, and bucketing in ClickHouse. Instants
 * travel as epoch milliseconds; days, buckets and years are @redstream/schema's Asia/Shanghai ones.
 */
export { bucketStart, formatInstant as formatShanghai, GRANULARITIES, lastYear, shanghaiDate, shanghaiMidnight, shift, type Granularity } from '@redstream/schema';

export class InvalidInputError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 date-time with offset → epoch ms; refuses anything ambiguous. */
export function parseInstant(value: string, field: string): number {
  const ms = ISO_DATETIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidInputError(`${field} must be an ISO 8601 date-time with offset (e.g. 2025-06-18T00:00:00+08:00), got ${JSON.stringify(value)}`);
  return ms;
}

/** A calendar date YYYY-MM-DD, checked to exist. */
export function parseDate(value: string, field: string): string {
  const match = ISO_DATE.exec(value);
  const ok = match && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!ok) throw new InvalidInputError(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** ClickHouse expression of the bucket start of DateTime column `column`, as epoch ms. */
export function bucketSql(granularity: Granularity): string {
  switch (granularity) {
    case 'MINUTE':
      return 'toStartOfMinute';
    case 'HOUR':
      return 'toStartOfHour';
    case 'DAY':
      return 'toStartOfDay';
    case 'WEEK':
      return 'toMonday';
    case 'MONTH':
      return 'toStartOfMonth';
    case 'QUARTER':
      return 'toStartOfQuarter';
    case 'YEAR':
      return 'toStartOfYear';
  }
}
