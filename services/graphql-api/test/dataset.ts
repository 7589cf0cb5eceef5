import { SHANGHAI_OFFSET_MS, type Fact } from '@redstream/schema';
import { Rng } from '@redstream/simulator/random';

/**
 * A handcrafted, deterministic dataset over two provinces, with sales in June 2024 and June 2025
 * (for last-year comparisons), sales on both sides of Shanghai midnight, refunds, farm sales,
 * farmer income, Party organisations, training, parcel discounts, loans, appeals and stations.
 */
export const REGIONS = {
  shandong: '370000',
  linyi: '371300',
  lanshan: '371302',
  luozhuang: '371311',
  henan: '410000',
  zhengzhou: '410100',
  erqi: '410103',
} as const;

export const VILLAGES = ['371302001001', '371302001002', '371302002001', '371311001001', '410103001001'] as const;
export const BOUNDARY = { before: '2025-06-18T23:59:59+08:00', after: '2025-06-19T00:00:00+08:00' } as const;

const iso = (ms: number) => `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;

export function buildDataset(): Fact[] {
  const random = new Rng(20250618);
  const r = () => random.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const facts: Fact[] = [];
  let n = 0;
  const f = (type: Fact['type'], data: Record<string, unknown>) => facts.push({ id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, type, data } as Fact);

  const parks = [
    { parkId: 'p-lanshan-1', regionCode: '371302001', name: '兰山直播产业园' },
    { parkId: 'p-lanshan-2', regionCode: REGIONS.lanshan, name: '兰山孵化基地' },
    { parkId: 'p-luozhuang', regionCode: REGIONS.luozhuang, name: '罗庄电商园' },
    { parkId: 'p-erqi', regionCode: REGIONS.erqi, name: '二七网红大厦' },
  ];
  for (const p of parks) f('ParkRegistered', { ...p, kind: 'industrial_park' });
  f('IndustryCommitteeFounded', { committeeId: 'c-linyi', name: '临沂直播行业党委', level: 'city', regionCode: REGIONS.linyi, foundedOn: '2024-03-01' });
  f('IndustryCommitteeFounded', { committeeId: 'c-erqi', name: '二七区直播行业党委', level: 'district', regionCode: REGIONS.erqi, foundedOn: '2025-02-01' });
  f('BranchFounded', { branchId: 'b-lanshan-1', name: '兰山园区党支部', regionCode: REGIONS.lanshan, foundedOn: '2024-04-01', committeeId: 'c-linyi', parkId: 'p-lanshan-1' });
  f('BranchFounded', { branchId: 'b-luozhuang', name: '罗庄园区党支部', regionCode: REGIONS.luozhuang, foundedOn: '2025-03-10', committeeId: 'c-linyi', parkId: 'p-luozhuang' });
  f('BranchFounded', { branchId: 'b-erqi', name: '二七大厦党支部', regionCode: REGIONS.erqi, foundedOn: '2025-05-20', committeeId: 'c-erqi', parkId: 'p-erqi' });
  f('BranchFounded', { branchId: 'b-village', name: '村党支部', regionCode: VILLAGES[0], foundedOn: '2025-01-05' });
  f('WarmStationOpened', { stationId: 'w-1', name: '暖新驿站一', regionCode: REGIONS.lanshan, openedOn: '2024-09-01', parkId: 'p-lanshan-1' });
  f('WarmStationOpened', { stationId: 'w-2', name: '暖新驿站二', regionCode: REGIONS.luozhuang, openedOn: '2025-04-01' });
  f('WarmStationOpened', { stationId: 'w-3', name: '暖新驿站三', regionCode: REGIONS.erqi, openedOn: '2025-06-01' });

  const platforms = ['douyin', 'kuaishou', 'taobao', 'wechat_channels'] as const;
  const statuses = ['none', 'applicant', 'activist', 'probationary', 'member'] as const;
  const streamers = Array.from({ length: 14 }, (_, i) => {
    const park = parks[i % parks.length]!;
    return {
      streamerId: `s-${String(i + 1).padStart(2, '0')}`,
      displayName: `主播${i + 1}`,
      platform: platforms[i % platforms.length]!,
      category: i % 3 === 0 ? '农产品' : i % 3 === 1 ? '服装' : '日用品',
      regionCode: park.regionCode,
      followers: 1000 * (i + 1),
      partyStatus: statuses[i % statuses.length]!,
      registeredOn: i < 12 ? '2024-01-10' : '2025-06-01',
      ...(i % 5 === 4 ? {} : { parkId: park.parkId }),
    };
  });
  for (const s of streamers) f('StreamerRegistered', s);
  f('PartyStatusChanged', { streamerId: 's-02', to: 'activist', changedOn: '2025-05-01' });
  f('PartyStatusChanged', { streamerId: 's-06', to: 'member', changedOn: '2025-05-02' });

  const categories = ['农产品', '服装', '日用品'];
  const buyers = ['110105', '310104', '440305', '371302', '410103', '330106'];
  const saleDays = ['2024-06-15', '2024-06-17', '2024-06-18', '2024-06-19', '2024-06-24', '2025-06-09', '2025-06-15', '2025-06-16', '2025-06-17', '2025-06-18', '2025-06-19', '2025-06-20', '2025-06-23'];
  let order = 0;
  const sold: { orderId: string; at: number }[] = [];
  const sale = (streamerId: string, at: number, amountFen: number, extra: Record<string, unknown> = {}) => {
    const orderId = `o-${++order}`;
    const category = pick(categories);
    f('SaleRecorded', {
      orderId, streamerId, occurredAt: iso(at), product: `商品${order % 17}`, category, quantity: 1 + (order % 3), amountFen,
      buyerRegionCode: pick(buyers),
      ...(category === '农产品' ? { originVillageCode: pick(VILLAGES.slice(0, 3)), cooperativeId: 'coop-1' } : {}),
      ...extra,
    });
    sold.push({ orderId, at });
  };
  for (const day of saleDays) {
    const midnight = Date.parse(`${day}T00:00:00+08:00`);
    for (let k = 0; k < 28; k++) sale(pick(streamers).streamerId, midnight + Math.floor(r() * 86_400_000), 100 + Math.floor(r() * 50_000));
  }
  sale('s-01', Date.parse(BOUNDARY.before), 12_345);
  sale('s-01', Date.parse(BOUNDARY.after), 67_890);
  // An odd-boundary cluster for the raw/rollup split: minutes and seconds inside one hour.
  for (let k = 0; k < 10; k++) sale('s-05', Date.parse('2025-06-20T10:17:00+08:00') + k * 13_000, 1_000 + k);
  // Refunds: some the same day, some days later (they count when they happen).
  for (const { orderId, at } of sold.filter((_, i) => i % 9 === 0)) {
    const later = at + (orderId.length % 2 === 0 ? 3_600_000 : 2 * 86_400_000);
    f('SaleRefunded', { orderId, amountFen: 100, occurredAt: iso(later) });
  }

  for (let k = 0; k < 40; k++) {
    f('FarmerPaid', { paymentId: `fp-${k}`, householdId: `h-${k % 13}`, villageCode: VILLAGES[k % 13 % VILLAGES.length]!, amountFen: 10_000 + k * 137, paidOn: k % 4 === 0 ? '2024-12-31' : `2025-06-${String(10 + (k % 15)).padStart(2, '0')}` });
  }

  f('TrainingSessionHeld', { sessionId: 't-1', title: '直播技能培训', organizerId: 'c-linyi', regionCode: REGIONS.lanshan, startsOn: '2025-06-17', endsOn: '2025-06-17' });
  f('TrainingSessionHeld', { sessionId: 't-2', title: '电商培训', organizerId: 'c-erqi', regionCode: REGIONS.erqi, startsOn: '2025-06-17', endsOn: '2025-06-18' });
  f('TrainingSessionHeld', { sessionId: 't-3', title: '2024 培训', organizerId: 'c-linyi', regionCode: REGIONS.luozhuang, startsOn: '2024-06-01', endsOn: '2024-06-01' });
  for (const [streamerId, sessionId, hours] of [['s-01', 't-1', 8], ['s-05', 't-1', 6.5], ['s-09', 't-1', 8], ['s-04', 't-2', 12], ['s-08', 't-2', 12], ['s-01', 't-3', 3], ['villager-1', 't-1', 4]] as const) {
    f('StreamerTrained', { streamerId, sessionId, hours, completedOn: sessionId === 't-3' ? '2024-06-01' : sessionId === 't-2' ? '2025-06-18' : '2025-06-17' });
  }

  f('ParcelDiscountGranted', { agreementId: 'a-1', carrier: '中通', regionCode: REGIONS.lanshan, standardFeeFen: 450, discountedFeeFen: 280, validFrom: '2025-01-01', validTo: '2025-12-31', parkId: 'p-lanshan-1', negotiatedBy: 'c-linyi' });
  f('ParcelDiscountGranted', { agreementId: 'a-2', carrier: '圆通', regionCode: REGIONS.luozhuang, standardFeeFen: 400, discountedFeeFen: 300, validFrom: '2024-06-01', validTo: '2025-05-31' });
  f('ParcelDiscountGranted', { agreementId: 'a-3', carrier: '中通', regionCode: REGIONS.erqi, standardFeeFen: 500, discountedFeeFen: 320, validFrom: '2025-03-01', validTo: '2026-02-28' });
  for (let k = 0; k < 18; k++) {
    const agreementId = ['a-1', 'a-2', 'a-3'][k % 3]!;
    f('ParcelsShipped', { agreementId, shippedOn: agreementId === 'a-2' ? `2025-0${1 + (k % 5)}-15` : `2025-06-${String(1 + k).padStart(2, '0')}`, parcels: 100 + k * 31 });
  }

  f('LoanGranted', { loanId: 'l-1', streamerId: 's-01', lender: '临沂银行', amountFen: 10_000_000, rateBp: 385, benchmarkRateBp: 435, termMonths: 12, grantedOn: '2025-03-01' });
  f('LoanGranted', { loanId: 'l-2', streamerId: 's-02', lender: '临沂银行', amountFen: 3_333_333, rateBp: 300, benchmarkRateBp: 435, termMonths: 7, grantedOn: '2025-06-01' });
  f('LoanGranted', { loanId: 'l-3', streamerId: 's-04', lender: '郑州银行', amountFen: 5_000_000, rateBp: 350, benchmarkRateBp: 435, termMonths: 24, grantedOn: '2025-05-01' });

  f('AppealRaised', { appealId: 'ap-1', streamerId: 's-01', topic: 'logistics', summary: '快递慢', raisedAt: '2025-06-01T09:00:00+08:00' });
  f('AppealResolved', { appealId: 'ap-1', resolution: '已协调', resolvedAt: '2025-06-01T15:00:00+08:00' });
  f('AppealRaised', { appealId: 'ap-2', streamerId: 's-05', topic: 'finance', summary: '贷款', raisedAt: '2025-06-02T09:00:00+08:00' });
  f('AppealResolved', { appealId: 'ap-2', resolution: '已办', resolvedAt: '2025-06-04T09:00:00+08:00' });
  f('AppealRaised', { appealId: 'ap-3', streamerId: 's-09', topic: 'venue', summary: '场地', raisedAt: '2025-06-10T09:00:00+08:00' });
  f('AppealRaised', { appealId: 'ap-4', streamerId: 's-04', topic: 'platform', summary: '封号', raisedAt: '2025-06-03T09:00:00+08:00' });
  f('AppealResolved', { appealId: 'ap-4', resolution: '已申诉', resolvedAt: '2025-06-03T10:30:00+08:00' });
  f('AppealRaised', { appealId: 'ap-5', streamerId: 's-13', topic: 'logistics', summary: '退货', raisedAt: '2025-06-05T09:00:00+08:00' });
  f('AppealResolved', { appealId: 'ap-5', resolution: '已办', resolvedAt: '2025-06-05T21:00:00+08:00' });
  return facts;
}
