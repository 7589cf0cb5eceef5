import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { migrate, startProjector, type Projector } from '@redstream/projections';
import type { LiveFiguresPayload } from '@redstream/queries';
import type { Fact } from '@redstream/schema';
import { KeyRing, type Principal } from '@redstream/service-kit';
import { writeToStore } from '@redstream/simulator';
import { buildGraphqlApi, loadGraphqlEnv, type GraphqlApi } from '../src/index.ts';
import { buildDataset, REGIONS } from './dataset.ts';
import { openChdb } from './harness.ts';

const ADMIN: Principal = { keyId: 'admin', roles: new Set(['admin']), families: new Set() };

const shanghaiIso = (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;

/**
 * The deployed topology: a projector service and a GraphQL service that share nothing but
 * ClickHouse (no event store, no commit callback, no status object between them — two instances
 * in one test process). The GraphQL side follows the committed checkpoint in ClickHouse, so a fact
 * reaches a screen only once its projection has committed. How soon is the bench's question
 * (npm run bench: push latency).
 */
describe('a GraphQL service beside a projector in another process', () => {
  let clickhouse: ClickHouseClient;
  let store: EventStore;
  let projector: Projector;
  let api: GraphqlApi;
  const commits: { position: bigint; at: number }[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redstream-split-'));
    clickhouse = openChdb(dir);
    await migrate(clickhouse);
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    await writeToStore(store, buildDataset());
    // The projector service: its own store, ClickHouse, the deployed flush interval.
    projector = startProjector({ store, clickhouse, flushIntervalMs: 250, onPhase: (phase, position) => phase === 'commit' && commits.push({ position, at: Date.now() }) });
    await projector.ready;
    const head = await store.headPosition();
    while (projector.status().checkpoint < head) await new Promise((r) => setTimeout(r, 20));
    // The GraphQL service: ClickHouse only.
    api = buildGraphqlApi({ clickhouse, keys: new KeyRing([]), env: loadGraphqlEnv({ NODE_ENV: 'test' }) });
    await api.start();
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await projector?.stop();
    await store?.close();
    await clickhouse?.close();
  });

  it('pushes a new sale only after its projection committed, with the figures it announces', async () => {
    const pushes: { payload: LiveFiguresPayload; at: number }[] = [];
    const channel = api.live.subscribe({ reader: api.reader }, { regionCode: REGIONS.lanshan });
    const reading = (async () => {
      for await (const payload of channel) pushes.push({ payload, at: Date.now() });
    })();
    const until = async (ok: () => boolean, withinMs: number) => {
      const deadline = Date.now() + withinMs;
      while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return ok();
    };
    try {
      expect(await until(() => pushes.length > 0, 20_000)).toBe(true);
      const before = pushes.at(-1)!.payload;
      expect(before.position).toBe(projector.status().checkpoint);

      const latencies: number[] = [];
      const afterCommit: number[] = [];
      for (let i = 0; i < 6; i++) {
        const amountFen = 12_345 + i;
        const sale = { id: crypto.randomUUID(), type: 'SaleRecorded', data: { orderId: `split-${i}`, streamerId: 's-02', occurredAt: shanghaiIso(Date.now()), product: '苹果', category: '农产品', quantity: 1, amountFen } } as Fact;
        const previous = pushes.at(-1)!.payload;
        const appendedAt = Date.now();
        await writeToStore(store, [sale]);
        const position = await store.headPosition();
        expect(await until(() => pushes.some((p) => p.payload.position! >= position), 20_000)).toBe(true);
        const push = pushes.find((p) => p.payload.position! >= position)!;
        const commit = commits.find((c) => c.position >= position)!;
        // Announced only after the commit that applied it …
        expect(push.at).toBeGreaterThanOrEqual(commit.at);
        // … and every push that announces it has it in the figures (never a state older than announced).
        for (const p of pushes.filter((p) => p.payload.position! >= position)) {
          expect(p.payload.today.gmv - previous.today.gmv).toBe(BigInt(amountFen));
          expect(p.payload.today.orders - previous.today.orders).toBe(1);
        }
        // The first sale warms the hub (its first refreshes read everything cold).
        if (i > 0) latencies.push(push.at - appendedAt);
        if (i > 0) afterCommit.push(push.at - commit.at);
        await until(() => false, 1000); // a sale a second: each is pushed on its own (at higher rates the hub spaces refreshes by their cost)
      }
      latencies.sort((a, b) => a - b);
      afterCommit.sort((a, b) => a - b);
      console.log(`split topology: fact appended → pushed, ms: ${latencies.join(', ')}; of which after the commit: ${afterCommit.join(', ')}`);
      // No bound on time here: the suites share the CPU, and it would fail on a loaded machine, not
      // on a slow hub. The printed figures are for the reader; npm run bench measures them.
    } finally {
      await channel.return?.();
      await reading;
    }
  }, 120_000);

  it('answers projectionLag from ClickHouse alone', async () => {
    const response = await api.yoga.fetch('http://graphql/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ projectionLag { position caughtUp updatedAt } }' }),
    }, { principal: ADMIN });
    const body = (await response.json()) as { data: { projectionLag: { position: string; caughtUp: boolean; updatedAt: string } } };
    expect(body.data.projectionLag.position).toBe(projector.status().checkpoint.toString());
    expect(body.data.projectionLag.caughtUp).toBe(true);
    expect(Date.parse(body.data.projectionLag.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});
