import type { AnnualFigures } from '../src/index.ts';

const sales = (orders: number, gmv: bigint, refunds: bigint, streamers: number) => ({
  orders,
  gmv,
  refunds,
  netSales: gmv - refunds,
  averageOrderValue: orders === 0 ? 0n : gmv / BigInt(orders),
  streamers,
});

/** Figures as computeAnnualFigures returns them, for rendering tests that need no store. */
export function fixtureFigures(overrides: Partial<AnnualFigures> = {}): AnnualFigures {
  return {
    year: 2025,
    scope: { key: '371302', kind: 'region', regionCode: '371302', name: undefined },
    hasData: true,
    sales: {
      current: sales(1200, 987_654_321n, 12_345_600n, 40),
      previous: sales(900, 765_432_100n, 1_000n, 30),
      gmvYoY: 0.29,
      ordersYoY: 0.33,
      netSalesYoY: 0.27,
      monthly: Array.from({ length: 12 }, (_, i) => ({
        month: `2025-${String(i + 1).padStart(2, '0')}`,
        orders: 100,
        gmv: BigInt(50_000_000 + i * 3_000_000),
        netSales: BigInt(49_000_000 + i * 3_000_000),
        lastYearGmv: BigInt(40_000_000 + i * 2_000_000),
      })),
      topStreamers: [
        { streamerId: 's1', displayName: '沂蒙小花', gmv: 300_000_000n, orders: 300 },
        { streamerId: 's2', displayName: '兰山老王', gmv: 200_000_000n, orders: 200 },
      ],
      topCategories: [
        { category: '农产品', gmv: 400_000_000n, orders: 500, netSales: 390_000_000n },
        { category: '服装', gmv: 300_000_000n, orders: 400, netSales: 299_000_000n },
      ],
      farm: sales(500, 400_000_000n, 10_000_000n, 12),
      byPartyStatus: [{ status: 'member', gmv: 100_000_000n, orders: 90, streamers: 3 }],
    },
    farmerIncome: { income: 123_456_789n, households: 315, payments: 900, topVillages: [{ villageCode: '371302101201', income: 23_456_789n, households: 41 }] },
    partyBuilding: {
      committeesFounded: 1,
      branchesFounded: 6,
      committees: 1,
      branches: 6,
      streamersByPartyStatus: [
        { status: 'none', streamers: 30 },
        { status: 'applicant', streamers: 4 },
        { status: 'activist', streamers: 3 },
        { status: 'probationary', streamers: 1 },
        { status: 'member', streamers: 2 },
      ],
      members: 3,
      applicants: 4,
    },
    training: { sessions: 5, trainees: 80, personTimes: 120, hours: 360, effect: { days: 30, streamers: 20, gmvBefore: 1_000_000n, gmvAfter: 1_500_000n, change: 0.5 } },
    parcels: { agreementsGranted: 2, parcels: 100_000, savings: 50_000_000n, byCarrier: [{ carrier: '中通', parcels: 60_000, savings: 30_000_000n }, { carrier: '韵达', parcels: 40_000, savings: 20_000_000n }] },
    loans: { loans: 3, amount: 90_000_000n, interestSaved: 1_200_000n },
    appeals: { raised: 12, resolved: 10, open: 2, medianHoursToResolve: 30.5 },
    warmStations: { opened: 4, stations: 9 },
    ...overrides,
  };
}
