import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@redstream/event-store';
import { readCheckpoint } from '@redstream/projections';
import { generateRegion, writeToStore } from '@redstream/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlatform, type Platform } from '../src/platform.ts';

/**
 * A process that serves only summaries (the projector runs in another) still knows what its
 * summaries reflect: it reads the committed checkpoint against the log's head, and records both.
 */
const ADMIN = 'summaries-only-admin-key-0123456789';
const facts = [...generateRegion({ seed: 9, from: '2025-01-01', to: '2025-12-31', scale: 0.00002 })];
const source = (dir: string) => ({ REDSTREAM_DATA_DIR: dir, REDSTREAM_ADMIN_KEY: ADMIN, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' });

let platform: Platform | undefined;

afterAll(async () => {
  await platform?.close();
});

describe('a summaries-only process', () => {
  it('records the log position its summary was read at, and stores it as final once the projections stand at the head', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redstream-summaries-only-'));
    const store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    await writeToStore(store, facts, { sender: 'demo', batchSize: 1000 });
    const head = await store.headPosition();
    await store.close();

    // The projector's process: catches the read models up, then stops.
    const projecting = await buildPlatform(new Set(['projector']), { source: source(dir) });
    const deadline = Date.now() + 120_000;
    while ((await readCheckpoint(projecting.clickhouse!, 'main')).position < head) {
      if (Date.now() > deadline) throw new Error('the projector did not reach the head within 2 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    await projecting.close();

    platform = await buildPlatform(new Set(['summaries']), { source: source(dir) });
    const response = await platform.app.inject({ method: 'GET', url: '/summaries/2025/371302.json', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(response.statusCode).toBe(200);
    const json = response.json();
    expect(json.asOf).toMatchObject({ position: String(head), head: String(head), final: true });
    expect(json.hasData).toBe(true);
  }, 240_000);
});
