import { createHash } from 'node:crypto';
import type { Fact } from '@redstream/schema';

/**
 * A small region written by hand: two counties of one city (371302 兰山, 371311 罗庄) over 2024 and
 * 2025, a third county (371312) with exactly two sales either side of the 2024/2025 boundary in
 * Asia/Shanghai, and facts of every kind a summary reads. Expected figures are computed from these
 * facts in expected.ts, never from the stores.
 */
const uuid = (key: string): string => {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const fact = (type: Fact['type'], key: string, data: Record<string, unknown>): Fact => ({ id: uuid(`${type}|${key}`), type, data }) as Fact;

export const LANSHAN = '371302';
export const LUOZHUANG = '371311';
export const HEDONG = '371312';
export const CITY = '371300';
export const VILLAGES = ['371302101201', '371302101202', '371311102203'] as const;

interface StreamerSpec {
  id: string;
  name: string;
  region: string;
  park?: string;
  category: string;
  party: 'none' | 'applicant' | 'activist' | 'probationary' | 'member';
}

export const STREAMERS: StreamerSpec[] = [
  { id: 's1', name: '沂蒙小花', region: LANSHAN, park: 'p-lanshan', category: '农产品', party: 'member' },
  { id: 's2', name: '兰山老王', region: LANSHAN, park: 'p-lanshan', category: '服装', party: 'none' },
  { id: 's3', name: '柳青青', region: LANSHAN, category: '五金', party: 'activist' },
  { id: 's4', name: '陶瓷阿强', region: LUOZHUANG, park: 'p-luozhuang', category: '陶瓷', party: 'applicant' },
  { id: 's5', name: '罗庄二妹', region: LUOZHUANG, category: '农产品', party: 'probationary' },
  { id: 's6', name: '商城小李', region: `${LANSHAN}001`, park: 'p-lanshan', category: '食品', party: 'none' },
  { id: 's9', name: '河东跨年', region: HEDONG, category: '食品', party: 'none' },
];

const CATS = ['农产品', '服装', '五金', '陶瓷', '农产品', '食品'];

export function dataset(): Fact[] {
  const facts: Fact[] = [];
  const push = (type: Fact['type'], key: string, data: Record<string, unknown>) => facts.push(fact(type, key, data));

  push('ParkRegistered', 'p-lanshan', { parkId: 'p-lanshan', name: '兰山直播电商产业园', regionCode: LANSHAN, kind: 'livestream_base' });
  push('ParkRegistered', 'p-luozhuang', { parkId: 'p-luozhuang', name: '罗庄陶瓷直播基地', regionCode: LUOZHUANG, kind: 'industrial_park' });
  push('IndustryCommitteeFounded', 'c-city', { committeeId: 'c-city', name: '临沂市网络直播行业党委', level: 'city', regionCode: CITY, foundedOn: '2024-03-01' });
  push('IndustryCommitteeFounded', 'c-lanshan', { committeeId: 'c-lanshan', name: '兰山区直播行业党委', level: 'district', regionCode: LANSHAN, foundedOn: '2025-02-10' });
  const branches: [string, string, string, string | undefined, string | undefined][] = [
    ['b1', LANSHAN, '2024-05-01', 'c-city', 'p-lanshan'],
    ['b2', LANSHAN, '2025-06-01', 'c-lanshan', undefined],
    ['b3', LUOZHUANG, '2025-07-01', 'c-city', 'p-luozhuang'],
    ['b4', `${LANSHAN}001`, '2025-12-31', 'c-lanshan', 'p-lanshan'],
    ['b5', LANSHAN, '2026-01-01', 'c-lanshan', undefined],
  ];
  for (const [id, region, on, committee, park] of branches) {
    push('BranchFounded', id, { branchId: id, name: `${id} 直播党支部`, regionCode: region, foundedOn: on, ...(committee ? { committeeId: committee } : {}), ...(park ? { parkId: park } : {}) });
  }
  for (const s of STREAMERS) {
    push('StreamerRegistered', s.id, {
      streamerId: s.id,
      displayName: s.name,
      platform: s.id === 's4' ? 'kuaishou' : 'douyin',
      category: s.category,
      regionCode: s.region,
      followers: 10_000,
      partyStatus: s.party,
      registeredOn: '2024-01-15',
      ...(s.park ? { parkId: s.park } : {}),
    });
  }
  push('PartyStatusChanged', 's3-member', { streamerId: 's3', to: 'probationary', changedOn: '2025-07-01' });

  // Sales: streamers s1-s6, months of 2024 and 2025, at varied Shanghai times.
  let n = 0;
  for (const year of [2024, 2025]) {
    for (let month = 1; month <= 12; month++) {
      STREAMERS.slice(0, 6).forEach((s, i) => {
        const count = ((month + i + year) % 3) + (year === 2025 ? 1 : 0);
        for (let k = 0; k < count; k++) {
          n++;
          const day = String(((k * 7 + i * 3 + month) % 27) + 1).padStart(2, '0');
          const hour = String((k * 5 + i * 3 + month) % 24).padStart(2, '0');
          const category = CATS[i]!;
          const farm = category === '农产品';
          push('SaleRecorded', `o${n}`, {
            orderId: `o${n}`,
            streamerId: s.id,
            occurredAt: `${year}-${String(month).padStart(2, '0')}-${day}T${hour}:15:00+08:00`,
            product: `${category}${k}`,
            category,
            quantity: 1 + (k % 3),
            amountFen: 1_000 + ((n * 7919) % 90_000) + (year === 2025 ? 5_000 : 0),
            ...(farm ? { originVillageCode: VILLAGES[(n % 2) + (s.region === LUOZHUANG ? 1 : 0)] } : {}),
          });
        }
      });
    }
  }
  // Across the year boundary (Shanghai): 2024-12-31T23:30+08:00 is 2024; 2025-01-01T00:10+08:00 is 2025.
  push('SaleRecorded', 'edge-2024', { orderId: 'edge-2024', streamerId: 's9', occurredAt: '2024-12-31T15:30:00Z', product: '煎饼', category: '食品', quantity: 1, amountFen: 10_000 });
  push('SaleRecorded', 'edge-2025', { orderId: 'edge-2025', streamerId: 's9', occurredAt: '2025-01-01T00:10:00+08:00', product: '煎饼', category: '食品', quantity: 1, amountFen: 25_000 });
  // A Lanshan pair too, and one at 2026's first instant (not 2025).
  push('SaleRecorded', 'edge-ls-2024', { orderId: 'edge-ls-2024', streamerId: 's1', occurredAt: '2024-12-31T23:59:59+08:00', product: '蜜桔', category: '农产品', quantity: 1, amountFen: 7_700, originVillageCode: VILLAGES[0] });
  push('SaleRecorded', 'edge-ls-2026', { orderId: 'edge-ls-2026', streamerId: 's2', occurredAt: '2026-01-01T00:00:00+08:00', product: '外套', category: '服装', quantity: 1, amountFen: 9_900 });

  // Refunds: of a 2024 order refunded in January 2025 (counts in 2025), and of 2025 orders.
  push('SaleRefunded', 'r1', { orderId: 'edge-ls-2024', amountFen: 7_700, occurredAt: '2025-01-03T10:00:00+08:00' });
  push('SaleRefunded', 'r2', { orderId: 'o200', amountFen: 500, occurredAt: '2025-08-20T10:00:00+08:00' });
  push('SaleRefunded', 'r3', { orderId: 'o30', amountFen: 1_000, occurredAt: '2024-12-31T16:30:00Z' });

  // Farmer income.
  const payments: [string, string, string, number][] = [
    ['h1', VILLAGES[0], '2024-10-10', 120_000],
    ['h1', VILLAGES[0], '2025-03-10', 150_000],
    ['h1', VILLAGES[0], '2025-09-10', 90_000],
    ['h2', VILLAGES[0], '2025-12-31', 60_000],
    ['h3', VILLAGES[1], '2025-01-01', 45_500],
    ['h4', VILLAGES[2], '2025-05-05', 80_000],
    ['h5', VILLAGES[2], '2026-01-01', 99_000],
  ];
  payments.forEach(([household, village, on, amount], i) =>
    push('FarmerPaid', `pay${i}`, { paymentId: `pay${i}`, householdId: household, villageCode: village, amountFen: amount, paidOn: on, cooperativeId: 'coop-1' }),
  );

  // Training.
  push('TrainingSessionHeld', 't0', { sessionId: 't0', title: '直播基础', organizerId: 'c-city', regionCode: LANSHAN, startsOn: '2024-11-01', endsOn: '2024-11-02' });
  push('TrainingSessionHeld', 't1', { sessionId: 't1', title: '助农直播', organizerId: 'c-lanshan', regionCode: LANSHAN, startsOn: '2025-04-10', endsOn: '2025-04-12' });
  push('TrainingSessionHeld', 't2', { sessionId: 't2', title: '陶瓷带货', organizerId: 'c-city', regionCode: LUOZHUANG, startsOn: '2025-09-01', endsOn: '2025-09-01' });
  const trainings: [string, string, number, string][] = [
    ['s4', 't0', 8, '2024-11-02'],
    ['s1', 't1', 16, '2025-04-12'],
    ['s2', 't1', 16, '2025-04-12'],
    ['s6', 't1', 12, '2025-04-12'],
    ['s1', 't2', 6, '2025-09-01'],
    ['s5', 't2', 6, '2025-09-01'],
  ];
  for (const [streamer, session, hours, on] of trainings) push('StreamerTrained', `${streamer}-${session}`, { streamerId: streamer, sessionId: session, hours, completedOn: on });

  // Parcel discounts.
  push('ParcelDiscountGranted', 'a1', { agreementId: 'a1', carrier: '中通', regionCode: LANSHAN, standardFeeFen: 500, discountedFeeFen: 320, validFrom: '2024-06-01', validTo: '2026-12-31', negotiatedBy: 'c-city' });
  push('ParcelDiscountGranted', 'a2', { agreementId: 'a2', carrier: '韵达', regionCode: LUOZHUANG, standardFeeFen: 450, discountedFeeFen: 300, validFrom: '2025-03-01', validTo: '2025-12-31', parkId: 'p-luozhuang' });
  const shipments: [string, string, number][] = [
    ['a1', '2024-07-01', 1_000],
    ['a1', '2025-01-01', 2_000],
    ['a1', '2025-06-18', 5_500],
    ['a2', '2025-03-02', 3_000],
    ['a1', '2026-01-01', 9_999],
  ];
  shipments.forEach(([agreement, on, parcels], i) => push('ParcelsShipped', `ship${i}`, { agreementId: agreement, shippedOn: on, parcels }));

  // Loans.
  push('LoanGranted', 'l1', { loanId: 'l1', streamerId: 's1', lender: '临商银行', amountFen: 20_000_000, rateBp: 345, benchmarkRateBp: 385, termMonths: 12, grantedOn: '2025-03-01' });
  push('LoanGranted', 'l2', { loanId: 'l2', streamerId: 's5', lender: '农商银行', amountFen: 10_000_000, rateBp: 300, benchmarkRateBp: 385, termMonths: 24, grantedOn: '2025-06-01' });
  push('LoanGranted', 'l3', { loanId: 'l3', streamerId: 's2', lender: '临商银行', amountFen: 5_000_000, rateBp: 350, benchmarkRateBp: 385, termMonths: 12, grantedOn: '2024-05-01' });

  // Appeals.
  push('AppealRaised', 'ap1', { appealId: 'ap1', streamerId: 's1', topic: 'logistics', summary: '快递费偏高', raisedAt: '2024-12-20T09:00:00+08:00' });
  push('AppealResolved', 'ap1', { appealId: 'ap1', resolution: '协商降费', resolvedAt: '2025-01-02T09:00:00+08:00' });
  push('AppealRaised', 'ap2', { appealId: 'ap2', streamerId: 's2', topic: 'venue', summary: '直播间不足', raisedAt: '2025-03-01T09:00:00+08:00' });
  push('AppealResolved', 'ap2', { appealId: 'ap2', resolution: '园区调剂', resolvedAt: '2025-03-03T09:00:00+08:00' });
  push('AppealRaised', 'ap3', { appealId: 'ap3', streamerId: 's4', topic: 'finance', summary: '贷款难', raisedAt: '2025-05-01T09:00:00+08:00' });
  push('AppealRaised', 'ap4', { appealId: 'ap4', streamerId: 's3', topic: 'training', summary: '想学剪辑', raisedAt: '2025-10-01T09:00:00+08:00' });

  // Warm stations.
  push('WarmStationOpened', 'w1', { stationId: 'w1', name: '兰山园区暖新驿站', regionCode: LANSHAN, openedOn: '2025-05-01', parkId: 'p-lanshan' });
  push('WarmStationOpened', 'w2', { stationId: 'w2', name: '罗庄暖新驿站', regionCode: LUOZHUANG, openedOn: '2024-03-01' });
  push('WarmStationOpened', 'w3', { stationId: 'w3', name: '兰山街道暖新驿站', regionCode: `${LANSHAN}001`, openedOn: '2025-08-08' });
  return facts;
}
