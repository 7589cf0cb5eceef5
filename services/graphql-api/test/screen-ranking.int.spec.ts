import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { createReader, liveFigures, NO_LIVE_FIGURES, type QueryContext } from '@redstream/queries';
import { openProjected, type ProjectedStores } from './projected.ts';
import { loadManifest } from '../src/persisted-operations.ts';
import { schema } from '../src/schema/index.ts';

/**
 * The screen's ranking with its session figures, on the real projector (PGlite → chDB) at a fixed
 * instant, 2025-06-18 21:30:05 Shanghai. Hand-computed: r2 sells 800.00 outside any session, r1
 * 500.00 in session s1 (on air, 500 viewers, 1,000 views, peak 250), r3 160.00 in two sessions that
 * ended (peaks 40 and 60, 120 + 80 viewers).
 */
const NOW = Date.parse('2025-06-18T21:30:05+08:00');
const at = (hhmmss: string) => `2025-06-18T${hhmmss}+08:00`;
const streamer = (streamerId: string): DomainEvent => ({
  type: 'StreamerRegistered',
  data: { streamerId, displayName: `主播${streamerId}`, platform: 'douyin', category: '农产品', regionCode: '371302001', followers: 10, partyStatus: 'none', registeredOn: '2025-01-01', parkId: 'p-rank' },
});
const sale = (orderId: string, streamerId: string, time: string, amountFen: number, sessionId?: string): DomainEvent => ({
  type: 'SaleRecorded',
  data: { orderId, streamerId, occurredAt: at(time), product: '苹果', category: '农产品', quantity: 1, amountFen, buyerRegionCode: '440100', buyerRef: `buyer-hash-000000-${orderId}`, ...(sessionId ? { liveSessionId: sessionId } : {}) },
});
const start = (sessionId: string, streamerId: string, time: string): DomainEvent => ({ type: 'LiveSessionStarted', data: { sessionId, streamerId, platform: 'douyin', title: `${sessionId}专场`, startedAt: at(time) } });
const end = (sessionId: string, streamerId: string, time: string): DomainEvent => ({ type: 'LiveSessionEnded', data: { sessionId, streamerId, endedAt: at(time) } });
const snapshot = (sessionId: string, streamerId: string, time: string, onlineNow: number, views: number, viewers: number): DomainEvent => ({
  type: 'LiveAudienceReported',
  data: { sessionId, streamerId, at: at(time), onlineNow, views, viewers },
});

const EVENTS: DomainEvent[] = [
  streamer('r1'),
  streamer('r2'),
  streamer('r3'),
  start('s3', 'r3', '09:00:00'),
  snapshot('s3', 'r3', '10:00:00', 40, 300, 120),
  sale('c1', 'r3', '10:10:00', 10_000, 's3'),
  end('s3', 'r3', '11:00:00'),
  start('s4', 'r3', '12:00:00'),
  snapshot('s4', 'r3', '12:30:00', 60, 100, 80),
  sale('c2', 'r3', '12:40:00', 6_000, 's4'),
  end('s4', 'r3', '13:00:00'),
  sale('b1', 'r2', '15:00:00', 80_000),
  start('s1', 'r1', '20:00:00'),
  snapshot('s1', 'r1', '20:30:00', 100, 400, 200),
  sale('a1', 'r1', '20:40:00', 30_000, 's1'),
  snapshot('s1', 'r1', '21:20:00', 250, 1_000, 500),
  sale('a2', 'r1', '21:25:00', 20_000, 's1'),
];

describe('the screen ranking’s session figures (liveFigures.topStreamerSessions)', () => {
  let stores: ProjectedStores;
  /** A reader with room for a loaded machine: a screen refresh is a dozen questions in one statement. */
  let ctx: QueryContext;

  beforeAll(async () => {
    stores = await openProjected('redstream-screen-ranking-', EVENTS, 20);
    ctx = { reader: createReader(stores.clickhouse, { timeoutMs: 120_000 }) };
    // Migrations and a projector run: minutes when the machine's two cores are shared.
  }, 600_000);

  afterAll(async () => {
    await stores?.close({ closeClickHouse: true });
  });

  it('gives each ranked streamer today’s sessions, PCU, UV, UV value and GPM, and who is on air, in the ranking’s order', async () => {
    const f = await liveFigures(ctx, { regionCode: '371302' }, NOW);
    expect(f.topStreamers.map((s) => [s.streamerId, s.gmv])).toEqual([
      ['r2', 80_000n],
      ['r1', 50_000n],
      ['r3', 16_000n],
    ]);
    expect(f.topStreamerSessions.map((s) => ({ id: s.streamerId, onAir: s.onAir, onlineNow: s.onlineNow, sessions: s.sessions, pcu: s.pcu, viewers: s.viewers, uv: s.uvValueFen, gpm: s.gpmPvFen, gmv: s.gmvFen }))).toEqual([
      // Sales outside a session: in the ranking, with no session figures.
      { id: 'r2', onAir: false, onlineNow: null, sessions: 0, pcu: 0, viewers: 0, uv: null, gpm: null, gmv: 0n },
      // 500.00 over 500 viewers = 1.00 per viewer; × 1000 over 1,000 views = 500.00.
      { id: 'r1', onAir: true, onlineNow: 250, sessions: 1, pcu: 250, viewers: 500, uv: 100n, gpm: 50_000n, gmv: 50_000n },
      // Two sessions: the higher peak, viewers added, 160.00 over 200 = 0.80.
      { id: 'r3', onAir: false, onlineNow: null, sessions: 2, pcu: 60, viewers: 200, uv: 80n, gpm: 40_000n, gmv: 16_000n },
    ]);
    expect({ ...f.topStreamerSessions[0], streamerId: '', onAir: false, onlineNow: null }).toEqual({ ...NO_LIVE_FIGURES, streamerId: '', onAir: false, onlineNow: null });
  });

  it('reuses the slow part within SLOW_FIGURES_MS and picks the ranked streamers again at every push', async () => {
    const first = await liveFigures(ctx, { parkId: 'p-rank' }, NOW);
    const again = await liveFigures(ctx, { parkId: 'p-rank' }, NOW + 1000, null, first);
    expect(again.streamersLiveToday).toBe(first.streamersLiveToday);
    expect(again.topStreamerSessions.map((s) => s.streamerId)).toEqual(['r2', 'r1', 'r3']);
    // Another park: no sessions, no ranking.
    expect((await liveFigures(ctx, { parkId: 'p-none' }, NOW)).topStreamerSessions).toEqual([]);
  });

  it('the persisted screen-live subscription asks for them, and is valid against the schema', () => {
    const [, document] = [...loadManifest()].find(([, doc]) => doc.includes('subscription ScreenLive'))!;
    expect(document).toMatch(/topStreamerSessions \{ streamerId onAir onlineNow sessions pcu viewers uvValue gpmOverViews \}/);
    expect(validate(schema(), parse(document))).toEqual([]);
  });
});
