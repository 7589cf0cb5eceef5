import type { Fact } from '@redstream/schema';
import { CATEGORIES } from './model/categories.ts';
import { BUYER_REGIONS } from './model/geography.ts';
import type { RegionState } from './model/state.ts';
import { AliasTable, Rng, uuidFromWords } from './random.ts';
import { dayOf, dayStartMs, ShanghaiClock } from '@redstream/schema';

export interface BenchSalesOptions {
  seed: number | string;
  /** Sales reference only streamers of this region registered before `from`. */
  region: RegionState;
  count: number;
  /** `YYYY-MM-DD`, inclusive … exclusive; times spread evenly and ascend. */
  from: string;
  to: string;
}

/**
 * Many SaleRecorded facts fast, for benchmarks over millions of orders: no zod, no per-order
 * allocation beyond the fact, ids straight from the PRNG. Sales are valid facts of existing
 * streamers in ascending time, but carry no refunds, farm accrual or daily shape.
 */
export function* benchSales(options: BenchSalesOptions): Generator<Fact> {
  const { region, count } = options;
  const fromMs = dayStartMs(dayOf(options.from));
  const span = dayStartMs(dayOf(options.to)) - fromMs;
  if (!(span > 0)) throw new Error('to must be after from');
  const fromDay = dayOf(options.from);
  const sellers = region.streamers.filter((s) => s.registeredDay <= fromDay);
  if (!sellers.length) throw new Error('the region has no streamer registered before from');
  const table = new AliasTable(sellers.map((s) => s.weight));
  const buyers = new AliasTable(BUYER_REGIONS.map((r) => r.weight));
  const rng = Rng.of(`${region.runKey}|bench|${options.seed}|${options.from}|${options.to}`);
  const clock = new ShanghaiClock();
  const tag = (rng.u32() >>> 0).toString(36);
  const step = span / count;
  for (let i = 0; i < count; i++) {
    const s = sellers[table.sample(rng)]!;
    const c = CATEGORIES[s.category]!;
    // Box–Muller once per order; an exact lognormal is not needed for load.
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(6.283185307179586 * rng.next());
    const quantity = rng.next() < 0.75 ? 1 : 2;
    const at = fromMs + Math.floor((i + rng.next()) * step);
    yield {
      id: uuidFromWords(rng.u32(), rng.u32(), rng.u32(), rng.u32()),
      type: 'SaleRecorded',
      data: {
        orderId: `ob-${tag}-${i}`,
        streamerId: s.id,
        occurredAt: clock.format(at),
        product: c.products[i % c.products.length]!,
        category: c.name,
        quantity,
        amountFen: Math.max(100, Math.round(Math.exp(c.priceMu + c.priceSigma * z))) * quantity,
        buyerRegionCode: BUYER_REGIONS[buyers.sample(rng)]!.code,
      },
    };
  }
}
