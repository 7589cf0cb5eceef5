import { parseFact, type Fact } from '@redstream/schema';
import { describe, expect, it } from 'vitest';
import { benchSales } from './bench-sales.ts';
import { buildRegion } from './generate-region.ts';
import { dayOf } from '@redstream/schema';

const region = buildRegion({ seed: 9, from: '2025-01-01', to: '2025-01-15', scale: 0.001 });
const take = (n: number, from = '2025-01-01', seed = 1): Fact[] => [...benchSales({ seed, region, count: n, from, to: '2026-01-01' })];

describe('benchSales', () => {
  const sales = take(20_000);

  it('yields exactly the requested number of valid SaleRecorded facts', () => {
    expect(sales).toHaveLength(20_000);
    expect(sales.every((f) => f.type === 'SaleRecorded' && parseFact(JSON.parse(JSON.stringify(f))).ok)).toBe(true);
  });

  it('sells only for streamers registered before the period, in ascending time, with unique ids', () => {
    const known = new Set(region.streamers.filter((s) => s.registeredDay <= dayOf('2025-01-01')).map((s) => s.id));
    const data = sales.map((f) => f.data as { streamerId: string; occurredAt: string; orderId: string });
    expect(data.every((d) => known.has(d.streamerId))).toBe(true);
    const times = data.map((d) => Date.parse(d.occurredAt));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(new Set(sales.map((f) => f.id)).size).toBe(sales.length);
    expect(new Set(data.map((d) => d.orderId)).size).toBe(sales.length);
  });

  it('is deterministic by seed and differs between seeds', () => {
    expect(JSON.stringify(take(1000))).toBe(JSON.stringify(take(1000)));
    expect(take(10, '2025-01-01', 2)[0]!.id).not.toBe(take(10)[0]!.id);
  });
});
