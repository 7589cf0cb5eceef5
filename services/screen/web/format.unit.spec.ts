import { describe, expect, it } from 'vitest';
import { formatAge, formatChange, formatFen, shortYuan, toFen } from './format.ts';

describe('money on the screen', () => {
  it('reads GraphQL Money strings as exact fen', () => {
    expect(toFen('1234.50')).toBe(123_450);
    expect(toFen('0.07')).toBe(7);
    expect(toFen('-3.2')).toBe(-320);
    expect(toFen('98765432101.99')).toBe(9_876_543_210_199);
    expect(toFen('12')).toBe(1200);
    expect(toFen(null)).toBe(0);
    expect(toFen('not money')).toBe(0);
  });

  it('shows fen as yuan with separators and two places', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(123_456_789)).toBe('1,234,567.89');
    expect(formatFen(-123_450)).toBe('-1,234.50');
  });

  it('shortens axis values to 万 and 亿', () => {
    expect(shortYuan(950)).toBe('950');
    expect(shortYuan(12_300)).toBe('1.2万');
    expect(shortYuan(3_400_000)).toBe('340万');
    expect(shortYuan(150_000_000)).toBe('1.50亿');
  });

  it('says how old the newest figure is', () => {
    expect(formatAge(3_400)).toBe('3 秒前');
    expect(formatAge(125_000)).toBe('2 分钟前');
    expect(formatAge(7_300_000)).toBe('2 小时前');
    expect(formatAge(-50)).toBe('0 秒前');
  });
});

describe('the live panel\'s change against the 10 minutes before', () => {
  it('prints basis points as a percentage with an arrow, and a dash when there is nothing to compare with', () => {
    expect(formatChange(1_250)).toEqual({ text: '↑12.5%', trend: 'up' });
    expect(formatChange(-300)).toEqual({ text: '↓3.0%', trend: 'down' });
    expect(formatChange(0)).toEqual({ text: '0.0%', trend: 'none' });
    expect(formatChange(10_000)).toEqual({ text: '↑100.0%', trend: 'up' });
    expect(formatChange(null)).toEqual({ text: '—', trend: 'none' });
  });
});
