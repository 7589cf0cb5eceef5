import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { liveNow, type QueryContext } from '@redstream/queries';
import { loadManifest } from '../src/persisted-operations.ts';
import { startProjectedHarness, type Harness } from './harness.ts';

/**
 * The screen's "live now" panel on the real projector (PGlite, chDB), at a fixed instant:
 * now = 21:30:05 Shanghai, so the last 10 full minutes are [21:20, 21:30) and the 10 before [21:10, 21:20).
 */
const NOW = Date.parse('2025-06-18T21:30:05+08:00');
const at = (hhmmss: string) => `2025-06-18T${hhmmss}+08:00`;
const streamer = (streamerId: string, regionCode: string): DomainEvent => ({
  type: 'StreamerRegistered',
  data: { streamerId, displayName: `主播${streamerId}`, platform: 'douyin', category: '农产品', regionCode, followers: 10, partyStatus: 'none', registeredOn: '2025-01-01', parkId: 'p-live' },
});
const sale = (orderId: string, streamerId: string, sessionId: string, time: string, amountFen: number): DomainEvent => ({
  type: 'SaleRecorded',
  data: { orderId, streamerId, occurredAt: at(time), product: '苹果', category: '农产品', quantity: 1, amountFen, liveSessionId: sessionId, buyerRef: `buyer-hash-000000-${orderId}` },
});
const start = (sessionId: string, streamerId: string, time: string): DomainEvent => ({
  type: 'LiveSessionStarted',
  data: { sessionId, streamerId, platform: 'douyin', title: `${sessionId}专场`, startedAt: at(time) },
});
const snapshot = (sessionId: string, streamerId: string, time: string, onlineNow: number, viewers: number): DomainEvent => ({
  type: 'LiveAudienceReported',
  data: { sessionId, streamerId, at: at(time), onlineNow, views: viewers * 2, viewers },
});
const EVENTS: DomainEvent[] = [
  streamer('n1', '371302001'),
  streamer('n2', '371302001'),
  streamer('n3', '370102001'),
  // On air: snapshots before, inside both windows, and one after now (not yet seen).
  start('ls-a', 'n1', '21:00:00'),
  snapshot('ls-a', 'n1', '21:05:00', 100, 150),
  sale('a1', 'n1', 'ls-a', '21:05:00', 2_000),
  sale('a2', 'n1', 'ls-a', '21:11:00', 3_000),
  snapshot('ls-a', 'n1', '21:12:00', 200, 400),
  sale('a3', 'n1', 'ls-a', '21:21:00', 5_000),
  snapshot('ls-a', 'n1', '21:25:00', 300, 700),
  sale('a4', 'n1', 'ls-a', '21:29:59', 1_000),
  sale('a5', 'n1', 'ls-a', '21:30:30', 9_999),
  snapshot('ls-a', 'n1', '21:31:00', 999, 999),
  // Ended before now: off air.
  start('ls-b', 'n2', '20:00:00'),
  snapshot('ls-b', 'n2', '20:30:00', 500, 800),
  { type: 'LiveSessionEnded', data: { sessionId: 'ls-b', streamerId: 'n2', endedAt: at('21:15:00') } },
  // On air without a snapshot or a sale yet.
  start('ls-d', 'n2', '21:20:00'),
  // On air outside the screen's region.
  start('ls-c', 'n3', '21:00:00'),
  snapshot('ls-c', 'n3', '21:25:00', 4_000, 9_000),
];

describe('liveNow on the real projector', () => {
  let ctx: QueryContext;
  let h: Harness;
  let close = async () => {};

  beforeAll(async () => {
    ({ ctx, h, close } = await startProjectedHarness('redstream-live-now-', EVENTS, 4));
  }, 120_000);

  afterAll(() => close());

  it('gives the sessions on air, their latest online count, GMV and the last 10 minutes against the 10 before', async () => {
    const now = await liveNow(ctx, { regionCode: '371302' }, NOW);
    const window = (from: string, to: string, orders: number, gmvFen: bigint, viewersGained: number) => ({ from: `2025-06-18T${from}:00+08:00`, to: `2025-06-18T${to}:00+08:00`, orders, gmvFen, viewersGained });
    expect(now).toEqual({
      regionCode: '371302',
      parkId: null,
      sessionsOnAir: 2,
      onlineNow: 300,
      onlineTenMinutesAgo: 200,
      gmvFen: 11_000n,
      orders: 4,
      last10Minutes: window('21:20', '21:30', 2, 6_000n, 300),
      previous10Minutes: window('21:10', '21:20', 1, 3_000n, 250),
      gmvChangeBp: 10_000,
      sessions: [
        {
          sessionId: 'ls-a', streamerId: 'n1', displayName: '主播n1', platform: 'douyin', title: 'ls-a专场', parkId: 'p-live', regionCode: '371302001',
          startedAt: '2025-06-18T21:00:00+08:00', onlineNow: 300, onlineAt: '2025-06-18T21:25:00+08:00', onlineTenMinutesAgo: 200, pcu: 300, viewers: 700,
          gmvFen: 11_000n, orders: 4, last10Minutes: window('21:20', '21:30', 2, 6_000n, 300), previous10Minutes: window('21:10', '21:20', 1, 3_000n, 250),
        },
        {
          sessionId: 'ls-d', streamerId: 'n2', displayName: '主播n2', platform: 'douyin', title: 'ls-d专场', parkId: 'p-live', regionCode: '371302001',
          startedAt: '2025-06-18T21:20:00+08:00', onlineNow: null, onlineAt: null, onlineTenMinutesAgo: null, pcu: 0, viewers: 0,
          gmvFen: 0n, orders: 0, last10Minutes: window('21:20', '21:30', 0, 0n, 0), previous10Minutes: window('21:10', '21:20', 0, 0n, 0),
        },
      ],
      computedAt: '2025-06-18T21:30:05+08:00',
    });
  });

  it('takes the latest snapshot from the minute in progress and from the minute ten minutes back, whole minutes from the rollup', async () => {
    const figures = async (time: string) => {
      const s = (await liveNow(ctx, { regionCode: '371302' }, Date.parse(at(time)))).sessions.find((x) => x.sessionId === 'ls-a')!;
      const w = (x: typeof s.last10Minutes) => [x.orders, x.gmvFen, x.viewersGained];
      return [s.onlineNow, s.onlineAt, s.onlineTenMinutesAgo, s.pcu, s.viewers, s.orders, s.gmvFen, w(s.last10Minutes), w(s.previous10Minutes)];
    };
    // 21:25:30: the 21:25:00 snapshot is in the minute in progress (not in the rollup's whole minutes);
    // ten minutes back (21:15:30) the latest is 21:12's, from a whole minute.
    expect(await figures('21:25:30')).toEqual([300, '2025-06-18T21:25:00+08:00', 200, 300, 700, 3, 10_000n, [1, 5_000n, 0], [2, 5_000n, 400]]);
    // 21:22:30: ten minutes back is 21:12:30, in the minute of the 21:12:00 snapshot; the windows are [21:12, 21:22) and [21:02, 21:12).
    expect(await figures('21:22:30')).toEqual([200, '2025-06-18T21:12:00+08:00', 200, 200, 400, 3, 10_000n, [1, 5_000n, 250], [2, 5_000n, 150]]);
    // 21:12:00 exactly: the 21:12:00 snapshot and nothing after it; ten minutes back (21:02) there was none yet.
    expect(await figures('21:12:00')).toEqual([200, '2025-06-18T21:12:00+08:00', null, 200, 400, 2, 5_000n, [2, 5_000n, 150], [0, 0n, 0]]);
    // 21:34:00: the windows are [21:24, 21:34) and [21:14, 21:24); the minutes before 21:14 (21:05, 21:12) are read as one row
    // per session, and ten minutes back (21:24) the latest snapshot is 21:12's, from that row. Online 999 (21:31); viewers
    // gained 999 − 400 in the last window and 400 − 400 in the one before; orders a1–a5.
    expect(await figures('21:34:00')).toEqual([999, '2025-06-18T21:31:00+08:00', 200, 999, 999, 5, 20_999n, [2, 10_999n, 599], [1, 5_000n, 0]]);
  });

  it('reads the key\'s region only, by park, and nothing once every session ended', async () => {
    const scoped: QueryContext = { ...ctx, scopeRegion: '371302' };
    expect((await liveNow(scoped, {}, NOW)).sessions.map((s) => s.sessionId)).toEqual(['ls-a', 'ls-d']);
    expect((await liveNow(ctx, {}, NOW)).sessions.map((s) => s.sessionId)).toEqual(['ls-c', 'ls-a', 'ls-d']);
    expect((await liveNow(ctx, { parkId: 'p-other' }, NOW)).sessionsOnAir).toBe(0);
    await expect(liveNow(scoped, { regionCode: '370102' }, NOW)).rejects.toThrow(/outside this API key's scope/);
    const earlier = await liveNow(ctx, { regionCode: '371302' }, Date.parse(at('20:40:00')));
    expect(earlier.sessions.map((s) => [s.sessionId, s.onlineNow])).toEqual([['ls-b', 500]]);
    expect(earlier.gmvChangeBp).toBeNull();
    expect((await liveNow(ctx, {}, Date.parse('2025-06-20T12:00:00+08:00'))).sessionsOnAir).toBe(0);
  });

  it('a screen key runs it as the persisted screen-live-now operation, in its own region', async () => {
    const [hash] = [...loadManifest()].find(([, doc]) => doc.includes('query ScreenLiveNow'))!;
    const response = await h.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.screen}` },
      payload: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { scope: { regionCode: '370000' }, limit: 5 } }),
    });
    const body = response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.liveNow).toMatchObject({ regionCode: '370000', sessionsOnAir: 0, sessions: [], gmvChangeBp: null, last10Minutes: { orders: 0, gmv: '0.00' } });
  });
});
