import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { migrate, openClickHouse, startProjector, type Projector } from '@redstream/projections';
import { createReader, liveFigures, type LiveFiguresPayload, type Reader } from '@redstream/queries';
import { formatInstant, shanghaiDate, type Fact } from '@redstream/schema';
import { writeToStore } from '@redstream/simulator';
import { LiveHub, type ProjectorBatchListener } from '../src/live/live-hub.ts';

/**
 * The live hub beside the real projector and chDB: after the first query, commits are pushed by
 * adding their sales and refunds to the figures shown (fold.ts), with no query — and what it pushes
 * equals what the queries answer at the same position and time. The clock is frozen so the per-minute
 * windows stand still (a turning minute is a query by design).
 */
describe('live figures folded from the projector’s commits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-live-fold-'));
  let store: EventStore;
  let clickhouse: ClickHouseClient;
  let projector: Projector;
  let reader: Reader;
  let statements = 0;
  const listeners = new Set<ProjectorBatchListener>();

  const T = Date.now();
  const minuteEnd = T - (T % 60_000);
  // Two instants every fact below uses: in the last full minute, and just now (their hours get a sale first).
  const lastMinute = minuteEnd - 30_000;
  const justNow = T - 1_000;
  let n = 0;
  const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const sale = (orderId: string, streamerId: string, at: number, amountFen: number): Fact =>
    ({ id: id(), type: 'SaleRecorded', data: { orderId, streamerId, occurredAt: formatInstant(at), product: '苹果', category: '农产品', quantity: 1, amountFen } }) as Fact;
  const refund = (orderId: string, at: number, amountFen: number): Fact => ({ id: id(), type: 'SaleRefunded', data: { orderId, occurredAt: formatInstant(at), amountFen } }) as Fact;
  const streamer = (streamerId: string, regionCode: string): Fact =>
    ({
      id: id(),
      type: 'StreamerRegistered',
      data: { streamerId, displayName: `主播${streamerId}`, platform: 'douyin', category: '农产品', regionCode, followers: 10, partyStatus: 'none', registeredOn: '2024-01-10', parkId: 'p-1' },
    }) as Fact;

  beforeAll(async () => {
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
    await migrate(clickhouse);
    await writeToStore(
      store,
      [
        { id: id(), type: 'ParkRegistered', data: { parkId: 'p-1', name: '兰山直播产业园', regionCode: '371302001', kind: 'industrial_park' } } as Fact,
        streamer('s-a', '371302001001'),
        streamer('s-b', '371302001002'),
        streamer('s-new', '371302002001'),
        streamer('s-far', '371311001001'),
        sale('o-1', 's-a', lastMinute, 5_000),
        sale('o-2', 's-b', justNow, 3_000),
        sale('o-3', 's-far', justNow, 9_000),
      ],
      { sender: 'test' },
    );
    projector = startProjector({
      store,
      clickhouse,
      flushIntervalMs: 20,
      onPrepared: (from, to, facts) => listeners.forEach((l) => l.prepared(from, to, facts)),
      onCommit: (position) => listeners.forEach((l) => l.committed(position)),
    });
    await projector.ready;
    while (projector.status().state !== 'live' || projector.status().checkpoint < (await store.headPosition())) await new Promise((r) => setTimeout(r, 20));
    const real = createReader(clickhouse);
    reader = { ...real, rows: (queryId, fragment) => (statements++, real.rows(queryId, fragment)), timeoutMs: real.timeoutMs, stats: real.stats };
  }, 120_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await clickhouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A session of `streamerId` started a minute before the last full minute, with one audience snapshot in it. */
  const sessionWithAudience = (sessionId: string, streamerId: string, title: string, audience: { onlineNow: number; views: number; viewers: number }): Fact[] => [
    { id: id(), type: 'LiveSessionStarted', data: { sessionId, streamerId, platform: 'douyin', title, startedAt: formatInstant(lastMinute - 60_000) } } as Fact,
    { id: id(), type: 'LiveAudienceReported', data: { sessionId, streamerId, at: formatInstant(lastMinute), ...audience } } as Fact,
  ];

  /** A hub beside the projector (its batches and reads between them), watching the county's figures: what it pushes, and a wait for a push. */
  async function watchCounty(options: { now: () => number; slowMs: number }) {
    const hub = new LiveHub({
      reader,
      projectorBatches: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
      projectorBetween: (read) => projector.between(read),
      ...options,
      heartbeatMs: 600_000,
      pollMs: 600_000, // the checkpoint poll is a statement too; commits are what these tests follow
    });
    await hub.start();
    const pushes: LiveFiguresPayload[] = [];
    const channel = hub.subscribe({ reader }, { regionCode: '371302' });
    const reading = (async () => {
      for await (const payload of channel) pushes.push(payload);
    })();
    /** The last push once it satisfies `ok` (or the last one after `ms`). */
    const until = async (ok: (p: LiveFiguresPayload) => boolean, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (!(pushes.at(-1) && ok(pushes.at(-1)!)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return pushes.at(-1)!;
    };
    const close = async () => {
      await channel.return?.();
      await reading;
      await hub.close();
    };
    return { pushes, until, close };
  }

  it('pushes commits without a query, and a folded push equals the queried figures at its position', async () => {
    let clock = T;
    const { until, close } = await watchCounty({ now: () => clock, slowMs: 600_000 });
    const pushedAt = (position: bigint) => until((p) => (p.position ?? -1n) >= position);
    const sameAsQueried = async (pushed: LiveFiguresPayload) => {
      // A push may come before its batch is committed: query once it is.
      while (projector.status().checkpoint < pushed.position!) await new Promise((r) => setTimeout(r, 10));
      const queried = await projector.between(async (position) => ({ position, figures: await liveFigures({ reader }, { regionCode: '371302' }, clock, position, undefined, { everyStreamer: true }) }));
      expect(queried.position).toBe(pushed.position);
      const moving = (p: LiveFiguresPayload) => ({
        today: p.today,
        ordersLastMinute: p.ordersLastMinute,
        ordersPerMinute: p.ordersPerMinute,
        recentMinutes: p.recentMinutes,
        todayByHour: p.todayByHour,
        topStreamers: p.topStreamers,
        streamerSales: p.streamerSales,
        topStreamerSessions: p.topStreamerSessions,
        newestSaleAt: p.newestSaleAt,
        computedAt: p.computedAt,
      });
      expect(moving(pushed)).toEqual(moving(queried.figures));
    };
    try {
      const first = await pushedAt(0n);
      expect(first.today.orders).toBe(2); // s-far sells in another district
      // Every hour of the day up to the next one, sold in or not: a push adds to its hour.
      const midnight = Date.parse(`${first.day}T00:00:00+08:00`);
      expect(first.todayByHour.map((p) => p.start)).toEqual(Array.from({ length: Math.min(24, Math.floor((T - midnight) / 3_600_000) + 2) }, (_, h) => midnight + h * 3_600_000));

      // Sales of ranked streamers, a refund, a sale outside the scope: folded, no statement at all —
      // and pushed as soon as the batch is mapped, before its rows are written: a read held between
      // batches keeps the projector from writing it, and the push comes all the same.
      const before = statements;
      let release!: () => void;
      const held = projector.between(() => new Promise<void>((r) => (release = r)));
      await writeToStore(store, [sale('o-4', 's-b', lastMinute, 4_500), sale('o-5', 's-a', justNow, 700), refund('o-1', justNow, 1_200), sale('o-6', 's-far', justNow, 100)], { sender: 'test' });
      const head = await store.headPosition();
      const folded = await pushedAt(head);
      expect(folded.position).toBe(head);
      expect(projector.status().checkpoint).toBeLessThan(head);
      release();
      await held;
      expect(statements).toBe(before);
      expect(folded.today).toMatchObject({ orders: 4, gmv: 13_200n, refunds: 1_200n, streamers: 2 });
      expect(folded.topStreamers.map((s) => s.streamerId)).toEqual(['s-b', 's-a']);
      await sameAsQueried(folded);

      // A streamer new to the day tops the ranking: the batch names them, so still no statement — and still equal.
      const beforeNew = statements;
      await writeToStore(store, [sale('o-7', 's-new', justNow, 20_000)], { sender: 'test' });
      const named = await pushedAt(await store.headPosition());
      expect(statements).toBe(beforeNew);
      expect(named.topStreamers[0]).toMatchObject({ streamerId: 's-new', displayName: '主播s-new' });
      await sameAsQueried(named);

      // A sale in an hour the figures do not hold (a late fact, dated yesterday): the sums cannot
      // say, so the scope is read between batches — and still equal.
      const beforeLate = statements;
      await writeToStore(store, [sale('o-8', 's-a', T - 86_400_000, 300)], { sender: 'test' });
      const queried = await pushedAt(await store.headPosition());
      expect(statements).toBeGreaterThan(beforeLate);
      await sameAsQueried(queried);

      // The minute turns (unless the day does too): the windows move on with no statement — still equal.
      clock = T + 60_000;
      if (shanghaiDate(clock) === shanghaiDate(T)) {
        const beforeTurn = statements;
        await writeToStore(store, [sale('o-9', 's-b', justNow, 800)], { sender: 'test' });
        const turned = await pushedAt(await store.headPosition());
        expect(statements).toBe(beforeTurn);
        await sameAsQueried(turned);
      }
    } finally {
      await close();
    }
  }, 120_000);

  it('re-reads the sessions’ figures once they are due after a commit of audience alone, with no commit after it', async () => {
    // The clock is frozen: only the slow figures' own timer can bring the audience in.
    const { pushes, until, close } = await watchCounty({ now: () => T, slowMs: 500 });
    const sessionsOf = (p: LiveFiguresPayload) => p.topStreamerSessions.find((s) => s.streamerId === 's-b');
    try {
      await until((p) => (p.position ?? -1n) >= 0n);
      expect(sessionsOf(pushes.at(-1)!)).toMatchObject({ onAir: false, sessions: 0 });
      // The session starts and reports its audience: no sale to fold, and nothing comes after.
      await writeToStore(store, sessionWithAudience('ls-fold-1', 's-b', '晚间专场', { onlineNow: 321, views: 900, viewers: 400 }), { sender: 'test' });
      const head = await store.headPosition();
      const shown = await until((p) => (p.position ?? -1n) >= head && sessionsOf(p)?.pcu === 321);
      expect(sessionsOf(shown)).toMatchObject({ onAir: true, onlineNow: 321, sessions: 1, pcu: 321 });
    } finally {
      await close();
    }
  }, 120_000);

  it('re-reads the sessions’ figures after the commit of the batch that brought them, not when it is mapped (its rows are not written yet)', async () => {
    // slowMs 0: every fold finds the slow figures due at once.
    const { until, close } = await watchCounty({ now: () => T, slowMs: 0 });
    const sessionsOf = (p: LiveFiguresPayload | undefined) => p?.topStreamerSessions.find((s) => s.streamerId === 's-a');
    try {
      await until((p) => (p.position ?? -1n) >= 0n);
      // The projector is held from writing: the batch is mapped and folded, its rows wait.
      let release!: () => void;
      const held = projector.between(() => new Promise<void>((r) => (release = r)));
      await writeToStore(store, sessionWithAudience('ls-fold-2', 's-a', '午间专场', { onlineNow: 654, views: 1_200, viewers: 500 }), { sender: 'test' });
      const head = await store.headPosition();
      await until((p) => (p.position ?? -1n) >= head);
      // Time for a read at mapping to have come back (it would find no session).
      await new Promise((r) => setTimeout(r, 300));
      expect(projector.status().checkpoint).toBeLessThan(head);
      release();
      await held;
      const shown = await until((p) => sessionsOf(p)?.pcu === 654, 20_000);
      expect(sessionsOf(shown)).toMatchObject({ onAir: true, onlineNow: 654, sessions: 1, pcu: 654 });
    } finally {
      await close();
    }
  }, 120_000);
});
