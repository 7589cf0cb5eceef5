import { describe, expect, it } from 'vitest';
import { change, money, yuan } from './format.ts';
import { nextRun } from './schedule.ts';
import { InvalidScopeError, mayRead, parseScope, parseScopeList, scopeKey } from './scope.ts';
import { parseSummaryArgs } from './cli.ts';
import { shanghaiYear, yearPeriod, yoy } from '@redstream/schema';

describe('scopes', () => {
  it('parse region codes at every level, parks and committees, and write them back', () => {
    for (const text of ['370000', '371300', '371302', '371302001', '371302001002', 'park-p-lanshan', 'committee-c1']) expect(scopeKey(parseScope(text))).toBe(text);
    expect(parseScope('park-p1')).toEqual({ kind: 'park', parkId: 'p1' });
    expect(() => parseScope('37130')).toThrow(InvalidScopeError);
    expect(() => parseScope('park-../x')).toThrow(InvalidScopeError);
    expect(() => parseScope('../etc')).toThrow(InvalidScopeError);
  });

  it('read REDSTREAM_SUMMARY_SCOPES, reporting every bad entry at once', () => {
    expect(parseScopeList('371302, 371300,,park-p1').map(scopeKey)).toEqual(['371302', '371300', 'park-p1']);
    expect(parseScopeList(undefined)).toEqual([]);
    expect(() => parseScopeList('371302,x,y')).toThrow(/"x"[\s\S]*"y"/);
  });

  it('let a key read scopes inside its region only', () => {
    expect(mayRead(undefined, '371300')).toBe(true);
    expect(mayRead('371300', '371302')).toBe(true);
    expect(mayRead('371302', '371302001')).toBe(true);
    expect(mayRead('371302', '371300')).toBe(false);
    expect(mayRead('371302', '371311')).toBe(false);
  });
});

describe('the year', () => {
  it('is the calendar year at UTC+08:00', () => {
    expect(yearPeriod(2025)).toEqual({ year: 2025, from: '2025-01-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00', firstDay: '2025-01-01', lastDay: '2025-12-31' });
    expect(shanghaiYear(new Date('2024-12-31T15:30:00Z'))).toBe(2024);
    expect(shanghaiYear(new Date('2024-12-31T16:00:00Z'))).toBe(2025);
    expect(() => yearPeriod(1999)).toThrow();
    expect(() => yearPeriod(2025.5)).toThrow();
  });

  it('compares with the year before only when it had something', () => {
    expect(yoy(125n, 100n)).toBe(0.25);
    expect(yoy(75n, 100n)).toBe(-0.25);
    expect(yoy(100n, 0n)).toBeNull();
  });

  it('schedules the next 1 January 00:05 in Shanghai', () => {
    expect(nextRun(new Date('2025-12-31T23:59:00+08:00')).toISOString()).toBe('2025-12-31T16:05:00.000Z');
    expect(nextRun(new Date('2026-01-01T00:05:00+08:00')).toISOString()).toBe('2026-12-31T16:05:00.000Z');
    expect(nextRun(new Date('2026-01-01T00:04:59+08:00')).toISOString()).toBe('2025-12-31T16:05:00.000Z');
  });
});

describe('amounts in prose', () => {
  it('are exact in tables and rounded to 万元/亿元 or million/billion in sentences', () => {
    expect(yuan(123456789n)).toBe('1,234,567.89');
    expect(yuan(-5n)).toBe('-0.05');
    expect(money(99_999n, 'zh-CN')).toBe('999.99元');
    expect(money(1_234_567n, 'zh-CN')).toBe('1.23万元');
    expect(money(3_600_000_000_000n, 'zh-CN')).toBe('360.00亿元');
    expect(money(123_456_789n, 'en')).toBe('1.23 million yuan');
    expect(change(0.172, 'zh-CN')).toBe('同比增长17.2%');
    expect(change(-0.05, 'en')).toBe('down 5.0% year on year');
  });
});

describe('CLI options', () => {
  const now = new Date('2026-03-01T00:00:00+08:00');
  it('default to the year just ended, PDF, zh-CN', () => {
    expect(parseSummaryArgs(['--region', '371302'], {}, now)).toMatchObject({ year: 2025, format: 'pdf', lang: 'zh-CN', out: undefined, url: undefined });
    expect(parseSummaryArgs(['--scope', 'park-p1', '--year', '2024', '--format', 'html', '--lang', 'en', '-o', 'x.html'], {}, now)).toMatchObject({
      year: 2024,
      scope: { kind: 'park', parkId: 'p1' },
      format: 'html',
      lang: 'en',
      out: 'x.html',
    });
  });
  it('report every problem at once', () => {
    expect(() => parseSummaryArgs(['--year', 'x', '--format', 'doc', '--lang', 'fr'], {}, now)).toThrow(/--year[\s\S]*--region is required[\s\S]*--format[\s\S]*--lang/);
    expect(() => parseSummaryArgs(['--region', '371302', '--url', 'http://localhost:4000'], {}, now)).toThrow(/needs an API key/);
    expect(() => parseSummaryArgs(['--region', '371302', '--bogus'], {}, now)).toThrow(/bogus/);
  });
});
