import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@redstream/event-store';
import { generateRegion, writeToStore } from '@redstream/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlatform, type Platform } from '../src/platform.ts';

/**
 * Read your own writes, through the platform as it runs: a fact written through the write API
 * answers with its log position; a GraphQL request sent with `X-Redstream-Min-Position` at that
 * position waits for the projector to commit it and then sees the fact — every time. Every answer
 * says in `extensions.freshness` what it was read at.
 */
const ADMIN = 'read-your-writes-admin-key-0123456789';
const facts = [...generateRegion({ seed: 3, from: '2026-01-01', to: '2026-01-20', scale: 0.00002 })];
const streamerId = (facts.find((f) => f.type === 'StreamerRegistered')!.data as { streamerId: string }).streamerId;

let platform: Platform;
const headers = { authorization: `Bearer ${ADMIN}` };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-ryw-'));
  const store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
  await writeToStore(store, facts, { sender: 'test', batchSize: 1000 });
  await store.close();
  platform = await buildPlatform(new Set(['write', 'projector', 'graphql']), {
    source: { REDSTREAM_DATA_DIR: dir, REDSTREAM_ADMIN_KEY: ADMIN, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', REDSTREAM_GRAPHQL_MIN_POSITION_WAIT_MS: '5000' },
  });
});

afterAll(async () => {
  await platform?.close();
});

interface Answer {
  data?: { salesSummary: { orders: number } };
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { freshness?: { position: string | null; head: string | null; eventsBehind: string | null; lagSeconds: number | null; committedAt: string | null; dataAsOf: string | null } };
}

async function orders(minPosition?: string): Promise<Answer> {
  const response = await platform.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { ...headers, 'content-type': 'application/json', ...(minPosition ? { 'x-redstream-min-position': minPosition } : {}) },
    payload: JSON.stringify({ query: `{ salesSummary(filter: { streamerId: "${streamerId}" }) { orders } }` }),
  });
  return response.json() as Answer;
}

describe('read your own writes', () => {
  it('100 writes, each read back at its position: never a miss', async () => {
    const head = (await platform.store!.headPosition()).toString();
    const base = (await orders(head)).data!.salesSummary.orders;
    let waitedMs = 0;
    for (let i = 1; i <= 100; i++) {
      const written = await platform.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify([
          {
            id: randomUUID(),
            type: 'SaleRecorded',
            data: { orderId: `ryw-${i}`, streamerId, occurredAt: new Date().toISOString(), product: '苹果', category: 'fruit', quantity: 1, amountFen: 100 + i },
          },
        ]),
      });
      const [result] = written.json().results as { status: string; position: string }[];
      expect(result!.status).toBe('accepted');
      const started = performance.now();
      const answer = await orders(String(result!.position));
      waitedMs += performance.now() - started;
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.salesSummary.orders, `write ${i} at position ${result!.position}`).toBe(base + i);
      expect(BigInt(answer.extensions!.freshness!.position!)).toBeGreaterThanOrEqual(BigInt(result!.position));
    }
    console.log(`read-your-writes: 100 reads, mean wait+answer ${(waitedMs / 100).toFixed(0)} ms`);
  }, 180_000);

  it('every answer carries the checkpoint it was read at and the lag behind the head', async () => {
    await orders((await platform.store!.headPosition()).toString());
    const { extensions } = await orders();
    const f = extensions!.freshness!;
    expect(f.head).toBe((await platform.store!.headPosition()).toString());
    expect(f.position).toBe(f.head);
    expect(f.eventsBehind).toBe('0');
    expect(f.lagSeconds).toBe(0);
    expect(Date.parse(f.committedAt!)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(f.dataAsOf!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('fails clearly, saying how far behind, when the position is not reached in time', async () => {
    const head = await platform.store!.headPosition();
    const started = Date.now();
    const answer = await orders(String(head + 1000n));
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors![0]!.extensions!.code).toBe('PROJECTIONS_BEHIND');
    expect(answer.errors![0]!.message).toContain(`1000 events short of the requested ${head + 1000n}`);
    expect(answer.extensions!.freshness!.position).toBe(String(head));
    const bad = await orders('soon');
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  }, 30_000);
});
