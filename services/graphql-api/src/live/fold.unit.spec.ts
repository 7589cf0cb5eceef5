import { describe, expect, it } from 'vitest';
import type { BatchFact } from '@redstream/projections';
import { divRound, EMPTY_FIGURES, STREAMER_SALES_LIMIT, type LiveFiguresPayload, type SalesFigures } from '@redstream/queries';
import { foldCommit, type FoldScope } from './fold.ts';

// 2026-12-02 in Shanghai; 10:00 there is 02:00 UTC.
const at = (hhmmss: string) => Date.parse(`2026-12-02T${hhmmss}+08:00`);
const T0 = at('10:30:20');
const LANSHAN: FoldScope = { regionPrefix: '371302', parkId: undefined };

const figures = (orders: number, gmv: bigint, refunds = 0n, streamers = 0): SalesFigures => ({
  orders,
  gmv,
  refunds,
  netSales: gmv - refunds,
  averageOrderValue: divRound(gmv, BigInt(orders)),
  streamers,
});

const point = (hour: string, f: SalesFigures, previous: SalesFigures = EMPTY_FIGURES) => ({
  ...f,
  start: at(hour),
  bucket: `2026-12-02T${hour}+08:00`,
  previousPeriod: previous,
  samePeriodLastYear: EMPTY_FIGURES,
});

/** Figures exactly at position 100, read at T0: two streamers sold today, a third only had a refund. */
function given(): LiveFiguresPayload {
  const streamerSales = [
    { streamerId: 'a', displayName: '甲', gmv: 5000n, orders: 2, netSales: 5000n },
    { streamerId: 'b', displayName: '乙', gmv: 3000n, orders: 1, netSales: 2000n },
    { streamerId: 'c', displayName: '丙', gmv: 0n, orders: 0, netSales: -500n },
  ];
  return {
    regionCode: '371302',
    parkId: null,
    day: '2026-12-02',
    today: figures(3, 8000n, 1500n, 2),
    ordersLastMinute: 1,
    ordersPerMinute: 0.4,
    // 10:25 … 10:30 (in progress): one order at 10:27, one at 10:29.
    recentMinutes: { from: at('10:25:00'), orders: [0, 0, 1, 0, 1, 0] },
    todayByHour: [point('09:00:00', figures(1, 3000n, 1000n)), point('10:00:00', figures(2, 5000n, 500n), figures(1, 3000n, 1000n))],
    topStreamers: streamerSales.slice(0, 10),
    streamerSales,
    topStreamerSessions: [],
    streamersLiveToday: { figures: new Map(), onAir: new Map([['b', 40]]) },
    categories: [],
    buyerProvinces: [],
    farmSalesToday: EMPTY_FIGURES,
    farmerIncomeToday: 0n,
    farmerHouseholdsToday: 0,
    branches: 0,
    members: 0,
    applicants: 0,
    trainingThisYear: { sessions: 0, trainees: 0, personTimes: 0, hours: 0 },
    parcelSavingsThisYear: 0n,
    parcelsThisYear: 0,
    newestSaleAt: '2026-12-02T10:29:50+08:00',
    computedAt: '2026-12-02T10:30:20+08:00',
    backgroundComputedAt: '2026-12-02T10:30:20+08:00',
    position: 100n,
  };
}

const sale = (position: bigint, time: string, amountFen: bigint, streamerId: string, regionCode = '371302001001', displayName: string | null = null): BatchFact => ({
  kind: 'sale',
  displayName,
  position,
  occurredAt: at(time),
  amountFen,
  streamerId,
  regionCode,
  parkId: 'p1',
});
const refund = (position: bigint, time: string, amountFen: bigint, streamerId: string): BatchFact => ({ ...sale(position, time, amountFen, streamerId), kind: 'refund' });

describe('a commit folded into the figures shown', () => {
  it('given figures at 100, when a commit brings a sale of c and one of b, then today, the hour, the minutes and the ranking add them', () => {
    const now = T0 + 5_000;
    const folded = foldCommit(given(), T0, [sale(101n, '10:29:30', 4000n, 'c'), sale(102n, '10:30:21', 2500n, 'b')], LANSHAN, now, 102n)!;

    expect(folded.today).toEqual(figures(5, 14_500n, 1500n, 3)); // c sells for the first time today: 3 streamers
    expect(folded.todayByHour.map((p) => [p.bucket, p.orders, p.gmv, p.previousPeriod.orders])).toEqual([
      ['2026-12-02T09:00:00+08:00', 1, 3000n, 0],
      ['2026-12-02T10:00:00+08:00', 4, 11_500n, 1],
    ]);
    // 10:29:30 is in the last full minute (10:29) and the last five; 10:30:21 in neither yet.
    expect([folded.ordersLastMinute, folded.ordersPerMinute]).toEqual([2, 0.6]);
    expect(folded.recentMinutes).toEqual({ from: at('10:25:00'), orders: [0, 0, 1, 0, 2, 1] });
    expect(folded.topStreamers.map((s) => [s.streamerId, s.gmv, s.orders, s.netSales])).toEqual([
      ['b', 5500n, 2, 4500n],
      ['a', 5000n, 2, 5000n],
      ['c', 4000n, 1, 3500n],
    ]);
    expect(folded.topStreamerSessions.map((s) => [s.streamerId, s.onAir, s.onlineNow])).toEqual([
      ['b', true, 40],
      ['a', false, null],
      ['c', false, null],
    ]);
    expect([folded.newestSaleAt, folded.computedAt, folded.position]).toEqual(['2026-12-02T10:30:21+08:00', '2026-12-02T10:30:25+08:00', 102n]);
  });

  it('given a refund, when folded, then refunds and net sales move in the hour it happens, orders and GMV do not', () => {
    const folded = foldCommit(given(), T0, [refund(101n, '09:59:59', 700n, 'a')], LANSHAN, T0, 101n)!;
    expect(folded.today).toEqual(figures(3, 8000n, 2200n, 2));
    expect(folded.todayByHour[0]).toMatchObject({ orders: 1, refunds: 1700n, netSales: 1300n });
    expect(folded.todayByHour[1]!.previousPeriod).toMatchObject({ refunds: 1700n }); // 10:00's hour before
    expect(folded.streamerSales.find((s) => s.streamerId === 'a')).toMatchObject({ gmv: 5000n, orders: 2, netSales: 4300n });
    expect(folded.newestSaleAt).toBe('2026-12-02T10:29:50+08:00');
  });

  it('given a first sale too small for the ranking shown, when folded, then the streamer is counted and kept unnamed below it', () => {
    const many = given();
    many.streamerSales = Array.from({ length: 12 }, (_, i) => ({ streamerId: `s${String(i).padStart(2, '0')}`, displayName: `主播${i}`, gmv: 10_000n - BigInt(i), orders: 1, netSales: 10_000n - BigInt(i) }));
    const folded = foldCommit(many, T0, [sale(101n, '10:30:10', 100n, 'new')], LANSHAN, T0, 101n)!;
    expect(folded.today.streamers).toBe(3);
    expect(folded.streamerSales.at(-1)).toEqual({ streamerId: 'new', displayName: null, gmv: 100n, orders: 1, netSales: 100n });
    expect(folded.topStreamers).toHaveLength(10);
  });

  it('given a list of streamers that may be cut short, when someone unlisted sells, then it cannot say (they may have sold before)', () => {
    const full = given();
    full.streamerSales = Array.from({ length: STREAMER_SALES_LIMIT }, (_, i) => ({ streamerId: `s${i}`, displayName: `主播${i}`, gmv: 100_000n, orders: 1, netSales: 100_000n }));
    expect(foldCommit(full, T0, [sale(101n, '10:30:10', 100n, 'new')], LANSHAN, T0, 101n)).toBeUndefined();
    expect(foldCommit(full, T0, [sale(101n, '10:30:10', 100n, 's5')], LANSHAN, T0, 101n)?.today.orders).toBe(4);
  });

  it('given a first sale by a streamer new to the day, named by the batch, when it lifts them into the ranking, then they rank by that name', () => {
    const folded = foldCommit(given(), T0, [sale(101n, '10:30:10', 9000n, 'new', '371302001001', '新主播')], LANSHAN, T0, 101n)!;
    expect(folded.topStreamers[0]).toEqual({ streamerId: 'new', displayName: '新主播', gmv: 9000n, orders: 1, netSales: 9000n });
    expect(folded.today.streamers).toBe(given().today.streamers + 1);
  });

  it('given the minute turns, when folded, then the windows move on by the orders of each minute, with no query', () => {
    // At 10:31:05: the last full minute is 10:30 (the sale below), the last five 10:26 … 10:30.
    const folded = foldCommit(given(), T0, [sale(101n, '10:30:30', 100n, 'a')], LANSHAN, at('10:31:05'), 101n)!;
    expect([folded.ordersLastMinute, folded.ordersPerMinute]).toEqual([1, 0.6]);
    expect(folded.recentMinutes).toEqual({ from: at('10:26:00'), orders: [0, 1, 0, 1, 1, 0] });
    // Six minutes on, nothing sold since: both windows are empty.
    const later = foldCommit(folded, at('10:31:05'), [], LANSHAN, at('10:37:00'), 102n)!;
    expect([later.ordersLastMinute, later.ordersPerMinute]).toEqual([0, 0]);
  });

  it('given a sale dated past the minute in progress, when folded, then it counts today but in no window, and the next turn of the minute is a query', () => {
    const folded = foldCommit(given(), T0, [sale(101n, '10:32:00', 100n, 'a')], LANSHAN, T0, 101n)!;
    expect([folded.today.orders, folded.ordersLastMinute, folded.ordersPerMinute, folded.recentMinutes]).toEqual([4, 1, 0.4, null]);
    expect(foldCommit(folded, T0, [sale(102n, '10:30:40', 100n, 'a')], LANSHAN, T0 + 1_000, 102n)?.ordersPerMinute).toBe(0.4);
    expect(foldCommit(folded, T0, [], LANSHAN, at('10:31:00'), 102n)).toBeUndefined();
  });

  it('given facts of another region, when folded, then only the position moves', () => {
    const folded = foldCommit(given(), T0, [sale(101n, '10:30:00', 9999n, 'x', '371311000000')], LANSHAN, T0, 101n)!;
    expect(folded.today).toEqual(given().today);
    expect(folded.position).toBe(101n);
  });

  it.each([
    ['the day has turned', [sale(101n, '10:30:30', 100n, 'a')], at('10:30:20') + 14 * 3_600_000],
    ['a sale falls in an hour the figures do not hold', [sale(101n, '11:00:05', 100n, 'a')], T0],
    ['a sale is dated yesterday', [{ ...sale(101n, '00:00:00', 100n, 'a'), occurredAt: at('00:00:00') - 1 }], T0],
    ['a first sale lifts a streamer the batch could not name into the ranking shown', [sale(101n, '10:30:10', 100n, 'new')], T0],
  ])('given %s, when folded, then it cannot say (the hub queries)', (_why, facts, now) => {
    expect(foldCommit(given(), T0, facts, LANSHAN, now, 101n)).toBeUndefined();
  });
});
