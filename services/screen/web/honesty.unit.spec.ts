import { describe, expect, it } from 'vitest';
import type { LiveFigures } from './figures.ts';
import { dataAgeMs, dayAt, rollOver, serverNow, staleNote } from './honesty.ts';

/** A push for 2026-12-31 at 23:59:30 Shanghai, with sales, farm income and the year's training. */
const lastPush = (): LiveFigures => ({
  regionCode: '371302',
  parkId: null,
  day: '2026-12-31',
  today: { orders: 12, gmv: '3456.00', refunds: '10.00', netSales: '3446.00', averageOrderValue: '288.00', streamers: 4 },
  ordersLastMinute: 2,
  ordersPerMinute: 1.4,
  todayByHour: [{ bucket: '2026-12-31T23:00:00+08:00', orders: 12, gmv: '3456.00' }],
  topStreamers: [{ streamerId: 's1', displayName: '小李', gmv: '3000.00', orders: 9 }],
  topStreamerSessions: [{ streamerId: 's1', onAir: true, onlineNow: 120, sessions: 1, pcu: 300, viewers: 900, uvValue: '3.33', gpmOverViews: '1500.00' }],
  categories: [{ key: '农产品', orders: 12, gmv: '3456.00' }],
  buyerProvinces: [{ key: '370000', orders: 12, gmv: '3456.00' }],
  farmSalesToday: { orders: 3, gmv: '400.00' },
  farmerIncomeToday: '120.00',
  farmerHouseholdsToday: 2,
  branches: 5,
  members: 40,
  applicants: 7,
  trainingThisYear: { sessions: 3, trainees: 50, personTimes: 60, hours: 120 },
  parcelSavingsThisYear: '999.00',
  parcelsThisYear: 1000,
  newestSaleAt: '2026-12-31T23:59:20+08:00',
  computedAt: '2026-12-31T23:59:30+08:00',
  position: '99',
});

describe('今日 rolls over at Asia/Shanghai midnight without a reload', () => {
  it('zeroes today’s figures (and at New Year the year’s) once the server’s clock passes midnight', () => {
    const f = lastPush();
    // The hall PC's clock is 7 minutes fast: only the time elapsed on it since the push counts.
    const receivedAt = Date.parse('2026-12-31T16:06:30Z');
    expect(dayAt(serverNow(f.computedAt, receivedAt, receivedAt + 29_000))).toBe('2026-12-31');
    const after = serverNow(f.computedAt, receivedAt, receivedAt + 31_000);
    expect(dayAt(after)).toBe('2027-01-01');

    const rolled = rollOver(f, dayAt(after));
    expect(rolled.day).toBe('2027-01-01');
    expect(rolled.today).toMatchObject({ orders: 0, gmv: '0.00', streamers: 0 });
    expect([rolled.todayByHour, rolled.topStreamers, rolled.topStreamerSessions, rolled.categories, rolled.buyerProvinces]).toEqual([[], [], [], [], []]);
    expect([rolled.farmSalesToday.gmv, rolled.farmerIncomeToday, rolled.farmerHouseholdsToday]).toEqual(['0.00', '0.00', 0]);
    expect([rolled.trainingThisYear.personTimes, rolled.parcelSavingsThisYear, rolled.parcelsThisYear]).toEqual([0, '0.00', 0]);
    // Totals are not periods: the Party counts stay.
    expect([rolled.branches, rolled.members, rolled.applicants]).toEqual([5, 40, 7]);
    expect(rolled.newestSaleAt).toBeNull();
  });

  it('keeps the year’s figures on an ordinary midnight, and leaves the day’s own figures alone', () => {
    const f = { ...lastPush(), day: '2026-06-18', computedAt: '2026-06-18T23:59:59+08:00' };
    const rolled = rollOver(f, '2026-06-19');
    expect(rolled.today.gmv).toBe('0.00');
    expect(rolled.trainingThisYear.personTimes).toBe(60);
    expect(rolled.parcelSavingsThisYear).toBe('999.00');
    expect(rollOver(f, '2026-06-18')).toBe(f);
  });
});

describe('a tile whose data is older than its threshold says so', () => {
  it('counts the projections’ lag at the push plus local time since', () => {
    expect(dataAgeMs(undefined, 5)).toBeUndefined();
    expect(dataAgeMs({ receivedAt: 1000, lagSeconds: 2 }, 4000)).toBe(5000);
  });

  it('is silent within the threshold and names the age past it', () => {
    expect(staleNote(undefined, 90_000)).toBeUndefined();
    expect(staleNote(90_000, 90_000)).toBeUndefined();
    expect(staleNote(95_000, 90_000)).toBe('数据已 95 秒未更新');
    expect(staleNote(185_000, 90_000)).toBe('数据已 3 分钟未更新');
    expect(staleNote(3 * 3_600_000, 1_800_000)).toBe('数据已 3 小时未更新');
    expect(staleNote(4 * 86_400_000, 1_800_000)).toBe('数据已 4 天未更新');
  });
});
