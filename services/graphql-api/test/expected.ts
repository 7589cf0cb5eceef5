import { regionCovers, type Fact } from '@redstream/schema';

/** The test's own arithmetic over the facts it sent: the numbers every field must equal. */
export interface SaleRow {
  orderId: string;
  streamerId: string;
  at: number;
  amount: bigint;
  category: string;
  platform: string;
  region: string;
  park: string;
  buyer: string;
  village: string;
}

export interface Model {
  facts: readonly Fact[];
  streamers: Map<string, { displayName: string; platform: string; region: string; park: string; status: string; registeredOn: string }>;
  sales: SaleRow[];
  refunds: (SaleRow & { refundAt: number; refund: bigint })[];
}

export function model(facts: readonly Fact[]): Model {
  const m: Model = { facts, streamers: new Map(), sales: [], refunds: [] };
  const byOrder = new Map<string, SaleRow>();
  for (const fact of facts) {
    const d = fact.data as Record<string, any>;
    if (fact.type === 'StreamerRegistered') {
      m.streamers.set(d.streamerId, { displayName: d.displayName, platform: d.platform, region: d.regionCode, park: d.parkId ?? '', status: d.partyStatus, registeredOn: d.registeredOn });
    } else if (fact.type === 'PartyStatusChanged') m.streamers.get(d.streamerId)!.status = d.to;
    else if (fact.type === 'SaleRecorded') {
      const s = m.streamers.get(d.streamerId)!;
      const row: SaleRow = { orderId: d.orderId, streamerId: d.streamerId, at: Date.parse(d.occurredAt), amount: BigInt(d.amountFen), category: d.category, platform: s.platform, region: s.region, park: s.park, buyer: d.buyerRegionCode ?? '', village: d.originVillageCode ?? '' };
      byOrder.set(d.orderId, row);
      m.sales.push(row);
    } else if (fact.type === 'SaleRefunded') m.refunds.push({ ...byOrder.get(d.orderId)!, refundAt: Date.parse(d.occurredAt), refund: BigInt(d.amountFen) });
  }
  return m;
}

export interface Filter {
  from?: string;
  to?: string;
  regionCode?: string;
  parkId?: string;
  streamerId?: string;
  platform?: string;
  category?: string;
}

export interface Figures {
  orders: number;
  gmv: bigint;
  refunds: bigint;
  streamers: Set<string>;
}

const matches = (row: SaleRow, at: number, f: Filter) =>
  (f.from === undefined || at >= Date.parse(f.from)) &&
  (f.to === undefined || at < Date.parse(f.to)) &&
  (f.regionCode === undefined || regionCovers(f.regionCode, row.region)) &&
  (f.parkId === undefined || row.park === f.parkId) &&
  (f.streamerId === undefined || row.streamerId === f.streamerId) &&
  (f.platform === undefined || row.platform === f.platform) &&
  (f.category === undefined || row.category === f.category);

/** Figures grouped by `key` (one group "" by default); refunds count at refund time. */
export function salesBy(m: Model, f: Filter, key: (row: SaleRow, at: number) => string = () => ''): Map<string, Figures> {
  const out = new Map<string, Figures>();
  const get = (k: string) => {
    let g = out.get(k);
    if (!g) out.set(k, (g = { orders: 0, gmv: 0n, refunds: 0n, streamers: new Set() }));
    return g;
  };
  for (const s of m.sales) {
    if (!matches(s, s.at, f)) continue;
    const g = get(key(s, s.at));
    g.orders++;
    g.gmv += s.amount;
    g.streamers.add(s.streamerId);
  }
  for (const r of m.refunds) {
    if (!matches(r, r.refundAt, f)) continue;
    get(key(r, r.refundAt)).refunds += r.refund;
  }
  return out;
}

export const yuan = (fen: bigint): string => {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};

/** What salesSummary must answer for `f`. */
export function summaryOf(m: Model, f: Filter) {
  const g = salesBy(m, f).get('') ?? { orders: 0, gmv: 0n, refunds: 0n, streamers: new Set<string>() };
  const avg = g.orders === 0 ? 0n : (g.gmv * 2n + BigInt(g.orders)) / (2n * BigInt(g.orders));
  return { orders: g.orders, gmv: yuan(g.gmv), refunds: yuan(g.refunds), netSales: yuan(g.gmv - g.refunds), averageOrderValue: yuan(avg), streamers: g.streamers.size };
}

/** Shanghai day of an instant (the offset written out, not schema's time module: the oracle stays apart from the code it checks). */
export const dayOf = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

export const factsOf = <T extends Fact['type']>(m: Model, type: T): Record<string, any>[] =>
  m.facts.filter((x) => x.type === type).map((x) => x.data as Record<string, any>);
