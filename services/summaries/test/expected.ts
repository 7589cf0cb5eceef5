import type { Fact } from '@redstream/schema';

/**
 * Figures computed straight from the facts, in plain JS, to hold the summaries (read through
 * ClickHouse) against. The year of an instant is its calendar year at UTC+08:00 — written out here,
 * not taken from schema's time module, so the oracle stays apart from the code it checks.
 */
// Fact payloads are read loosely here, field by field, as a reviewer would from the JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type D = Record<string, any>;

const shanghai = (iso: string): Date => new Date(Date.parse(iso) + 8 * 3_600_000);
const yearOfInstant = (iso: string): number => shanghai(iso).getUTCFullYear();
const monthOfInstant = (iso: string): number => shanghai(iso).getUTCMonth() + 1;
const yearOfDate = (date: string): number => Number(date.slice(0, 4));
const prefixOf = (code: string): string => (code.endsWith('0000') && code.length === 6 ? code.slice(0, 2) : code.endsWith('00') && code.length === 6 ? code.slice(0, 4) : code);

export function expectedFigures(facts: readonly Fact[], year: number, regionCode: string) {
  const prefix = prefixOf(regionCode);
  const inRegion = (code: string) => code.startsWith(prefix);
  const of = (type: string): D[] => facts.filter((f) => f.type === type).map((f) => f.data as D);
  const streamerRegion = new Map(of('StreamerRegistered').map((s) => [s.streamerId, s.regionCode as string]));
  const sales = of('SaleRecorded').filter((s) => inRegion(streamerRegion.get(s.streamerId)!));
  const orderById = new Map(of('SaleRecorded').map((s) => [s.orderId, s]));
  const refunds = of('SaleRefunded').filter((r) => inRegion(streamerRegion.get(orderById.get(r.orderId)!.streamerId)!));

  const salesOf = (y: number) => {
    const sold = sales.filter((s) => yearOfInstant(s.occurredAt) === y);
    const refunded = refunds.filter((r) => yearOfInstant(r.occurredAt) === y);
    const gmv = sold.reduce((a, s) => a + BigInt(s.amountFen), 0n);
    const refundSum = refunded.reduce((a, r) => a + BigInt(r.amountFen), 0n);
    return { orders: sold.length, gmv, refunds: refundSum, netSales: gmv - refundSum, sold };
  };
  const current = salesOf(year);
  const previous = salesOf(year - 1);
  const gmvYoY = previous.orders === 0 || previous.gmv === 0n ? null : Number(current.gmv - previous.gmv) / Number(previous.gmv);

  const monthly = Array.from({ length: 12 }, (_, i) => current.sold.filter((s) => monthOfInstant(s.occurredAt) === i + 1).reduce((a, s) => a + BigInt(s.amountFen), 0n));
  const byStreamer = new Map<string, bigint>();
  for (const s of current.sold) byStreamer.set(s.streamerId, (byStreamer.get(s.streamerId) ?? 0n) + BigInt(s.amountFen));
  const topStreamers = [...byStreamer.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0] < b[0] ? -1 : 1)).map(([id, gmv]) => ({ id, gmv }));
  const byCategory = new Map<string, bigint>();
  for (const s of current.sold) byCategory.set(s.category, (byCategory.get(s.category) ?? 0n) + BigInt(s.amountFen));
  const farmSold = current.sold.filter((s) => s.originVillageCode);

  const payments = of('FarmerPaid').filter((p) => yearOfDate(p.paidOn) === year && inRegion(p.villageCode));
  const sessionRegion = new Map(of('TrainingSessionHeld').map((s) => [s.sessionId, s.regionCode as string]));
  const trainings = of('StreamerTrained').filter((t) => yearOfDate(t.completedOn) === year && inRegion(sessionRegion.get(t.sessionId)!));
  const agreements = new Map(of('ParcelDiscountGranted').map((a) => [a.agreementId, a]));
  const shipments = of('ParcelsShipped').filter((s) => yearOfDate(s.shippedOn) === year && inRegion(agreements.get(s.agreementId)!.regionCode));
  const loans = of('LoanGranted').filter((l) => yearOfDate(l.grantedOn) === year && inRegion(streamerRegion.get(l.streamerId)!));
  const raised = new Map(of('AppealRaised').map((a) => [a.appealId, a]));
  const resolved = of('AppealResolved').filter((a) => yearOfInstant(a.resolvedAt) === year && inRegion(streamerRegion.get(raised.get(a.appealId)!.streamerId)!));

  return {
    orders: current.orders,
    gmv: current.gmv,
    refunds: current.refunds,
    netSales: current.netSales,
    previousOrders: previous.orders,
    previousGmv: previous.gmv,
    gmvYoY,
    monthly,
    topStreamers,
    categories: byCategory,
    farm: { orders: farmSold.length, gmv: farmSold.reduce((a, s) => a + BigInt(s.amountFen), 0n) },
    farmerIncome: payments.reduce((a, p) => a + BigInt(p.amountFen), 0n),
    households: new Set(payments.map((p) => p.householdId)).size,
    committeesFounded: of('IndustryCommitteeFounded').filter((c) => yearOfDate(c.foundedOn) === year && inRegion(c.regionCode)).length,
    branchesFounded: of('BranchFounded').filter((b) => yearOfDate(b.foundedOn) === year && inRegion(b.regionCode)).length,
    sessions: of('TrainingSessionHeld').filter((s) => yearOfDate(s.startsOn) === year && inRegion(s.regionCode)).length,
    streamersTrained: new Set(trainings.map((t) => t.streamerId)).size,
    personTimes: trainings.length,
    parcels: shipments.reduce((a, s) => a + s.parcels, 0),
    parcelSavings: shipments.reduce((a, s) => {
      const ag = agreements.get(s.agreementId)!;
      return a + BigInt(s.parcels) * BigInt(ag.standardFeeFen - ag.discountedFeeFen);
    }, 0n),
    loans: loans.length,
    loanAmount: loans.reduce((a, l) => a + BigInt(l.amountFen), 0n),
    appealsRaised: [...raised.values()].filter((a) => yearOfInstant(a.raisedAt) === year && inRegion(streamerRegion.get(a.streamerId)!)).length,
    appealsResolved: resolved.length,
    stationsOpened: of('WarmStationOpened').filter((w) => yearOfDate(w.openedOn) === year && inRegion(w.regionCode)).length,
  };
}

/** GraphQL Money: yuan with two places. */
export const money = (fen: bigint): string => `${fen < 0n ? '-' : ''}${(fen < 0n ? -fen : fen) / 100n}.${((fen < 0n ? -fen : fen) % 100n).toString().padStart(2, '0')}`;
