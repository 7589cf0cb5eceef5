import type { Fact } from '@redstream/schema';
import { describe, expect, it } from 'vitest';
import { generateRegion } from './generate-region.ts';
import { LANSHAN_2020 } from './model/profile.ts';

// A demo year at 0.1 % of Lanshan: about 345,000 facts.
const year: Fact[] = [...generateRegion({ seed: 11, from: '2025-01-01', to: '2026-01-01', scale: 0.001 })];
const sales = year.flatMap((f) => (f.type === 'SaleRecorded' ? [f.data] : []));
const refunds = year.flatMap((f) => (f.type === 'SaleRefunded' ? [f.data] : []));
const perDay = new Map<string, number>();
for (const s of sales) perDay.set(s.occurredAt.slice(0, 10), (perDay.get(s.occurredAt.slice(0, 10)) ?? 0) + 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianDay = median([...perDay.values()]);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the shape of a simulated year', () => {
  it('is a laptop-sized demo: a few hundred thousand facts at scale 0.001', () => {
    expect(year.length).toBeGreaterThan(200_000);
    expect(year.length).toBeLessThan(500_000);
  });

  it("adds up to the profile's GMV at the scale (36 billion yuan × 0.001, plus in-year growth)", () => {
    const gmvYuan = sales.reduce((sum, s) => sum + s.amountFen, 0) / 100;
    const target = LANSHAN_2020.gmvYuanPerYear * 0.001;
    expect(gmvYuan).toBeGreaterThan(target * 0.9);
    expect(gmvYuan).toBeLessThan(target * 1.3);
  });

  it('peaks in the evening, 20:00–23:00 Asia/Shanghai', () => {
    const byHour = Array.from({ length: 24 }, (_, h) => sales.filter((s) => Number(s.occurredAt.slice(11, 13)) === h).length);
    const peak = byHour.indexOf(Math.max(...byHour));
    expect(peak).toBeGreaterThanOrEqual(20);
    expect(peak).toBeLessThanOrEqual(22);
    expect(mean(byHour.slice(20, 23))).toBeGreaterThan(2 * mean(byHour.slice(8, 19)));
    expect(sales.every((s) => s.occurredAt.endsWith('+08:00'))).toBe(true);
  });

  it('spikes on 双11 and 618 and rises for the 年货节 before the Spring Festival', () => {
    expect(perDay.get('2025-11-11')!).toBeGreaterThan(4 * medianDay);
    expect(perDay.get('2025-06-18')!).toBeGreaterThan(2.5 * medianDay);
    const nianhuo = [...perDay.entries()].filter(([d]) => d >= '2025-01-05' && d <= '2025-01-20').map(([, n]) => n);
    expect(mean(nianhuo)).toBeGreaterThan(1.4 * medianDay);
  });

  it('refunds a share of orders, after the sale, partially or fully, never above the order amount', () => {
    const orders = new Map(sales.map((s) => [s.orderId, s]));
    const refunded = new Map<string, number>();
    for (const r of refunds) {
      const sale = orders.get(r.orderId)!;
      expect(Date.parse(r.occurredAt)).toBeGreaterThan(Date.parse(sale.occurredAt));
      refunded.set(r.orderId, (refunded.get(r.orderId) ?? 0) + r.amountFen);
    }
    const over = [...refunded].filter(([id, fen]) => fen > orders.get(id)!.amountFen);
    expect(over).toEqual([]);
    const share = refunded.size / sales.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.15);
    const full = [...refunded].filter(([id, fen]) => fen === orders.get(id)!.amountFen).length;
    expect(full).toBeGreaterThan(0.5 * refunded.size);
    expect(full).toBeLessThan(refunded.size);
  });

  it('is heavy-tailed: the top 10 % of streamers sell more than half the GMV', () => {
    const gmv = new Map<string, number>();
    for (const s of sales) gmv.set(s.streamerId, (gmv.get(s.streamerId) ?? 0) + s.amountFen);
    const ranked = [...gmv.values()].sort((a, b) => b - a);
    const top = ranked.slice(0, Math.ceil(ranked.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / ranked.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
  });

  it('sells every category and pays farmers part of the farm sales, monthly', () => {
    expect(new Set(sales.map((s) => s.category))).toEqual(new Set(['服装鞋帽', '日用百货', '食品饮料', '农产品', '美妆']));
    const farmFen = sales.filter((s) => s.category === '农产品').reduce((sum, s) => sum + s.amountFen, 0);
    const paid = year.flatMap((f) => (f.type === 'FarmerPaid' ? [f.data] : []));
    const paidFen = paid.reduce((sum, p) => sum + p.amountFen, 0);
    expect(paidFen).toBeGreaterThan(0.4 * farmFen);
    expect(paidFen).toBeLessThan(0.6 * farmFen);
    expect(new Set(paid.map((p) => p.paidOn.slice(8)))).toEqual(new Set(['05']));
  });

  it('ships parcels every day under an agreement valid that day, at the scaled daily volume', () => {
    const shipped = year.flatMap((f) => (f.type === 'ParcelsShipped' ? [f.data] : []));
    const days = new Set(shipped.map((s) => s.shippedOn));
    expect(days.size).toBe(365);
    const total = shipped.reduce((sum, s) => sum + s.parcels, 0);
    expect(total / 365).toBeGreaterThan(LANSHAN_2020.parcelsPerDay * 0.001 * 0.9);
  });
});

describe('the scale factor', () => {
  const count = (scale: number) => {
    const counts: Record<string, number> = {};
    for (const f of generateRegion({ seed: 3, from: '2025-03-01', to: '2025-04-01', scale })) counts[f.type] = (counts[f.type] ?? 0) + 1;
    return counts;
  };
  const small = count(0.001);
  const large = count(0.003);

  it('scales orders, streamers and shipments volume proportionally', () => {
    expect(large.SaleRecorded! / small.SaleRecorded!).toBeGreaterThan(2.6);
    expect(large.SaleRecorded! / small.SaleRecorded!).toBeLessThan(3.4);
    expect(large.StreamerRegistered! / small.StreamerRegistered!).toBeGreaterThan(2.5);
    expect(large.StreamerRegistered! / small.StreamerRegistered!).toBeLessThan(3.5);
  });

  it('refuses a scale outside (0, 1]', () => {
    expect(() => generateRegion({ seed: 1, from: '2025-01-01', to: '2025-01-02', scale: 0 })).toThrow(/scale/);
    expect(() => generateRegion({ seed: 1, from: '2025-01-01', to: '2025-01-02', scale: 2 })).toThrow(/scale/);
  });
});
