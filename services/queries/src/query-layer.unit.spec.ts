import { describe, expect, it } from 'vitest';
import { effectiveRegion } from './access.ts';
import { divRound, fenToYuan, yuanToFen } from './money.ts';
import { planSales, type RollupSet } from './plan.ts';
import type { Reader } from './reader.ts';
import { resolveSalesFilter, salesPlan } from './sales-rows.ts';
import { raw, sql, where } from './sql.ts';
import { bucketStart, formatShanghai, lastYear, shift } from './time.ts';

const at = (iso: string) => Date.parse(iso);

describe('sql template', () => {
  it('binds every value as a typed parameter, never as text', () => {
    const hostile = "x'); DROP TABLE sales_raw; --";
    const q = sql`SELECT 1 FROM ${raw('sales_raw')} ${where([sql`streamer_id = ${hostile}`, sql`amount_fen > ${5}`, sql`category IN ${['a', 'b']}`])}`.compile();
    expect(q.query).toBe('SELECT 1 FROM sales_raw WHERE streamer_id = {p0:String} AND amount_fen > {p1:Int64} AND category IN {p2:Array(String)}');
    expect(q.params).toEqual({ p0: hostile, p1: 5, p2: ['a', 'b'] });
    expect(q.query).not.toContain('DROP');
  });
  it('refuses raw text that is not an identifier', () => {
    expect(() => raw('sales_raw; DROP')).toThrow(/identifier/);
  });
});

describe('money', () => {
  it('formats fen as yuan exactly', () => {
    expect(fenToYuan(123450n)).toBe('1234.50');
    expect(fenToYuan('-5')).toBe('-0.05');
    expect(fenToYuan(9007199254740993n)).toBe('90071992547409.93');
    expect(yuanToFen('1234.5')).toBe(123450n);
    expect(divRound(100n, 3n)).toBe(33n);
    expect(divRound(5n, 2n)).toBe(3n);
  });
});

describe('Shanghai buckets', () => {
  it('starts days at Shanghai midnight', () => {
    expect(formatShanghai(bucketStart(at('2025-06-18T23:59:59+08:00'), 'DAY'))).toBe('2025-06-18T00:00:00+08:00');
    expect(formatShanghai(bucketStart(at('2025-06-19T00:00:00+08:00'), 'DAY'))).toBe('2025-06-19T00:00:00+08:00');
    expect(formatShanghai(bucketStart(at('2025-06-18T12:00:00Z'), 'WEEK'))).toBe('2025-06-16T00:00:00+08:00');
    expect(formatShanghai(bucketStart(at('2025-05-31T20:00:00Z'), 'QUARTER'))).toBe('2025-04-01T00:00:00+08:00');
    expect(formatShanghai(shift(at('2025-03-31T00:00:00+08:00'), 'MONTH', -1))).toBe('2025-02-28T00:00:00+08:00');
    expect(formatShanghai(lastYear(at('2025-06-16T00:00:00+08:00'), 'WEEK'))).toBe('2024-06-17T00:00:00+08:00');
  });
});

describe('rollup planner', () => {
  it('reads whole days from the daily rollup and the odd edges from finer tables', () => {
    const plan = planSales(at('2025-06-16T10:17:30+08:00'), at('2025-06-20T10:17:39+08:00'));
    expect(plan.map((s) => [s.source, s.from && formatShanghai(s.from), s.to && formatShanghai(s.to)])).toEqual([
      ['raw', '2025-06-16T10:17:30+08:00', '2025-06-16T11:00:00+08:00'],
      ['hourly', '2025-06-16T11:00:00+08:00', '2025-06-17T00:00:00+08:00'],
      ['daily', '2025-06-17T00:00:00+08:00', '2025-06-20T00:00:00+08:00'],
      ['hourly', '2025-06-20T00:00:00+08:00', '2025-06-20T10:00:00+08:00'],
      ['raw', '2025-06-20T10:00:00+08:00', '2025-06-20T10:17:39+08:00'],
    ]);
    expect(planSales(undefined, undefined).map((s) => s.source)).toEqual(['monthly']);
    expect(planSales(undefined, undefined, { granularity: 'WEEK' }).map((s) => s.source)).toEqual(['daily']);
    expect(planSales(at('2025-06-01T00:00:00+08:00'), undefined, { granularity: 'HOUR' }).map((s) => s.source)).toEqual(['hourly']);
    expect(planSales(undefined, undefined, { rawOnly: true }).map((s) => s.source)).toEqual(['raw']);
  });

  it('reads whole months from the monthly rollups, streamer-less unless a streamer is involved', () => {
    const plan = (streamer: boolean) => planSales(at('2025-01-31T23:00:00+08:00'), at('2025-04-02T00:00:00+08:00'), { streamer });
    expect(plan(false).map((s) => [s.source, s.grain, s.from && formatShanghai(s.from)])).toEqual([
      ['hourly', 'region', '2025-01-31T23:00:00+08:00'],
      ['monthly', 'region', '2025-02-01T00:00:00+08:00'],
      ['daily', 'region', '2025-04-01T00:00:00+08:00'],
    ]);
    expect(plan(true).map((s) => s.grain)).toEqual(['streamer', 'streamer', 'streamer']);
    // no minute rollup (migration 0010): less than an hour is read raw, with or without a streamer
    expect(planSales(at('2025-06-16T10:17:00+08:00'), at('2025-06-16T11:00:00+08:00')).map((s) => [s.source, s.grain])).toEqual([['raw', undefined]]);
    expect(planSales(at('2025-06-16T10:17:00+08:00'), at('2025-06-16T11:00:00+08:00'), { streamer: true }).map((s) => [s.source, s.grain])).toEqual([['raw', undefined]]);
    expect(planSales(at('2025-06-16T10:00:00+08:00'), at('2025-06-16T11:00:00+08:00'), { granularity: 'MINUTE' }).map((s) => s.source)).toEqual(['raw']);
  });

  it('reads only what the reader offers: none (the bench’s raw-facts limit) plans every period raw', () => {
    const reader = (rollups?: RollupSet): Reader => ({ rows: async () => [], timeoutMs: 1000, stats: new Map(), rollups });
    const year = { from: '2025-01-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00' };
    expect(salesPlan(resolveSalesFilter({ reader: reader() }, year)).map((s) => s.source)).toEqual(['monthly']);
    expect(salesPlan(resolveSalesFilter({ reader: reader({}) }, year)).map((s) => s.source)).toEqual(['raw']);
    expect(salesPlan(resolveSalesFilter({ reader: reader({ daily: { region: true } }) }, year), { streamer: true }).map((s) => s.source)).toEqual(['raw']);
    expect(salesPlan(resolveSalesFilter({ reader: reader({ daily: { region: true } }) }, year)).map((s) => [s.source, s.grain])).toEqual([['daily', 'region']]);
  });
});

describe('region scope', () => {
  it('intersects the requested region with the key’s scope', () => {
    expect(effectiveRegion(undefined, '371302')).toBe('371302');
    expect(effectiveRegion('370000', '371302')).toBe('371302');
    expect(effectiveRegion('371302001', '371302')).toBe('371302001');
    expect(() => effectiveRegion('371311', '371302')).toThrow(/outside this API key's scope/);
    expect(() => effectiveRegion('37', undefined)).toThrow(/GB\/T 2260/);
  });
});
