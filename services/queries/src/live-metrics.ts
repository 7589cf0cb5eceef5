import { divRound } from './money.ts';

/**
 * The live-session metrics computed from their totals, as METRIC_DEFINITIONS (metric-definitions.ts)
 * states them. Money stays integer fen and is rounded half away from zero once, at the end; ratios
 * are basis points. A ratio over a zero denominator is null, not 0: "no viewers reported" is not
 * "nobody bought".
 */
export interface LiveTotals {
  gmvFen: bigint;
  refundedFen: bigint;
  orders: number;
  refundedOrders: number;
  buyers: number;
  pcu: number;
  views: number;
  viewers: number;
  productClickUsers: number;
  watchSeconds: number;
  newFollowers: number;
}

export interface LiveMetrics {
  gmvFen: bigint;
  netSalesFen: bigint;
  orders: number;
  buyers: number;
  pcu: number;
  views: number;
  viewers: number;
  avgWatchSeconds: number | null;
  uvValueFen: bigint | null;
  gpmPvFen: bigint | null;
  gpmUvFen: bigint | null;
  viewConversionBp: number | null;
  clickConversionBp: number | null;
  avgOrderValueFen: bigint | null;
  refundRateBp: number | null;
  followerGain: number;
}

const ratio = (n: bigint, d: number): bigint | null => (d === 0 ? null : divRound(n, BigInt(d)));
const bp = (n: number, d: number): number | null => (d === 0 ? null : Number(divRound(BigInt(n) * 10_000n, BigInt(d))));

export function liveMetrics(t: LiveTotals): LiveMetrics {
  return {
    gmvFen: t.gmvFen,
    netSalesFen: t.gmvFen - t.refundedFen,
    orders: t.orders,
    buyers: t.buyers,
    pcu: t.pcu,
    views: t.views,
    viewers: t.viewers,
    avgWatchSeconds: t.viewers === 0 ? null : Number(divRound(BigInt(t.watchSeconds), BigInt(t.viewers))),
    uvValueFen: ratio(t.gmvFen, t.viewers),
    gpmPvFen: ratio(t.gmvFen * 1000n, t.views),
    gpmUvFen: ratio(t.gmvFen * 1000n, t.viewers),
    viewConversionBp: bp(t.buyers, t.viewers),
    clickConversionBp: bp(t.buyers, t.productClickUsers),
    avgOrderValueFen: ratio(t.gmvFen, t.buyers),
    refundRateBp: bp(t.refundedOrders, t.orders),
    followerGain: t.newFollowers,
  };
}

/** Totals as the live queries select them (ClickHouse integers as strings). */
export interface LiveTotalsRow {
  gmv: string;
  orders: string;
  refunded_fen: string;
  refunded_orders: string;
  buyers: string;
  pcu: string;
  views: string;
  viewers: string;
  clicks: string;
  watch: string;
  followers: string;
}

export const liveMetricsOfRow = (r: LiveTotalsRow): LiveMetrics =>
  liveMetrics({
    gmvFen: BigInt(r.gmv),
    refundedFen: BigInt(r.refunded_fen),
    orders: Number(r.orders),
    refundedOrders: Number(r.refunded_orders),
    buyers: Number(r.buyers),
    pcu: Number(r.pcu),
    views: Number(r.views),
    viewers: Number(r.viewers),
    productClickUsers: Number(r.clicks),
    watchSeconds: Number(r.watch),
    newFollowers: Number(r.followers),
  });

/** A payment that names what it paid for, and the reference price of that product and unit on its day (if any). */
export interface PricedPayment {
  householdId: string;
  paidFen: bigint;
  quantity: number;
  referencePriceFen: bigint | null;
}

/**
 * The farmer's premium: paid − reference × quantity, per payment with a reference price (a
 * payment without one has no premium to tell, and is left out of it rather than counted as all
 * premium). The reference value is rounded to the fen per payment.
 */
export function farmerPremium(payments: readonly PricedPayment[]): { paidFen: bigint; premiumFen: bigint; households: number; pricedPayments: number } {
  let paidFen = 0n;
  let premiumFen = 0n;
  let priced = 0;
  const households = new Set<string>();
  for (const p of payments) {
    paidFen += p.paidFen;
    households.add(p.householdId);
    if (p.referencePriceFen === null) continue;
    priced++;
    premiumFen += p.paidFen - BigInt(Math.round(Number(p.referencePriceFen) * p.quantity));
  }
  return { paidFen, premiumFen, households: households.size, pricedPayments: priced };
}
