import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@redstream/event-store';
import type { Fact } from '@redstream/schema';
import { generateRegion, writeToStore } from '@redstream/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlatform, type Platform } from '../src/platform.ts';

/**
 * The bug a newcomer hit: the start-up schedule summarised 2025 before the projector had caught
 * up with the freshly loaded log, and kept "no data" as final. Here, on a fresh data directory, the
 * facts are loaded and the platform started at once, as a restart right after loading the demo
 * does: its schedule makes up 2025 while the projector is still catching up. The stored summary's
 * GMV equals GraphQL's annualSummary and the facts themselves.
 */
const ADMIN = 'fresh-start-admin-key-0123456789';
const facts = [...generateRegion({ seed: 5, from: '2025-01-01', to: '2026-01-05', scale: 0.00003 })];
const sales2025 = facts.filter((f: Fact) => f.type === 'SaleRecorded' && (f.data as { occurredAt: string }).occurredAt.startsWith('2025'));
const gmv2025 = sales2025.reduce((sum, f) => sum + BigInt((f.data as { amountFen: number }).amountFen), 0n);
const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

let platform: Platform | undefined;

afterAll(async () => {
  await platform?.close();
});

describe('a fresh start', () => {
  it('stores the 2025 summary only from caught-up read models: its GMV is GraphQL’s and the facts’', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redstream-fresh-start-'));
    const store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    await writeToStore(store, facts, { sender: 'demo', batchSize: 1000 });
    const head = await store.headPosition();
    await store.close();

    platform = await buildPlatform(new Set(['write', 'projector', 'graphql', 'summaries']), {
      source: { REDSTREAM_DATA_DIR: dir, REDSTREAM_ADMIN_KEY: ADMIN, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' },
    });
    const headers = { authorization: `Bearer ${ADMIN}` };
    const jsonPath = join(dir, 'summaries', '2025', '371302.json');
    const stored = () => {
      try {
        return JSON.parse(readFileSync(jsonPath, 'utf8')) as { asOf: { position: string; head: string; final: boolean }; sales: { current: { gmv: string; orders: number } } };
      } catch {
        return undefined;
      }
    };
    // The schedule's make-up run waits for the projector; nothing may be stored before it caught up.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const json = stored();
      if (json) {
        expect(json.asOf.final, 'stored by the schedule only when caught up').toBe(true);
        break;
      }
      if (Date.now() > deadline) throw new Error('the schedule stored no 2025 summary within 2 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const summary = stored()!;
    expect(BigInt(summary.asOf.position)).toBeGreaterThanOrEqual(head);
    expect(summary.sales.current.gmv).toBe(yuan(gmv2025));
    expect(summary.sales.current.orders).toBe(sales2025.length);

    const graphql = await platform.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ annualSummary(year: 2025, regionCode: "371302") { gmv orders } }' }),
    });
    expect(graphql.json().data.annualSummary).toEqual({ gmv: yuan(gmv2025), orders: sales2025.length });

    const html = await platform.app.inject({ method: 'GET', url: '/summaries/2025/371302.html', headers });
    expect(html.statusCode).toBe(200);
    expect(html.body).not.toContain('data-no-data="true"');
  }, 240_000);
});
