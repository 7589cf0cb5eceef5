import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { migrate } from '@redstream/projections';
import { createReader, readCommittedCheckpoint, type Reader } from '@redstream/queries';
import { createApiKey, createServer, KeyRing } from '@redstream/service-kit';
import { buildGraphqlApi, loadGraphqlEnv } from '../src/index.ts';
import { MIN_POSITION_HEADER } from '../src/freshness.ts';
import { openChdb } from './harness.ts';

/** The checkpoint row as the projector writes it (apply-batch.ts: intent, rows, commit). */
const row = (seq: number, position: number, pendingTo: number, at: string) => ({ projection_name: 'main', seq, position, pending_to: pendingTo, updated_at: at });

describe('the committed checkpoint, read from ClickHouse', () => {
  let clickhouse: ClickHouseClient;
  let reader: Reader;
  beforeAll(async () => {
    clickhouse = openChdb();
    await migrate(clickhouse);
    reader = createReader(clickhouse);
  }, 60_000);
  afterAll(async () => clickhouse?.close());

  const write = (...rows: ReturnType<typeof row>[]) =>
    clickhouse.insert({ table: 'projector_checkpoints', values: rows, format: 'JSONEachRow', clickhouse_settings: { insert_deduplicate: 0 } });

  it('is undefined before the projector committed anything', async () => {
    expect(await readCommittedCheckpoint(reader)).toBeUndefined();
  });

  it('is the last commit: an intent written after it keeps its position and its time', async () => {
    await write(row(1, 0, 10, '2026-12-02 08:00:00.000'), row(2, 10, 0, '2026-12-02 08:00:01.250'));
    expect(await readCommittedCheckpoint(reader)).toEqual({ position: 10n, committedAt: new Date('2026-12-02T08:00:01.250Z') });

    await write(row(3, 10, 25, '2026-12-02 08:00:02.000')); // a batch (10, 25] being written
    expect(await readCommittedCheckpoint(reader)).toEqual({ position: 10n, committedAt: new Date('2026-12-02T08:00:01.250Z') });

    await write(row(4, 25, 0, '2026-12-02 08:00:02.500'));
    expect(await readCommittedCheckpoint(reader)).toEqual({ position: 25n, committedAt: new Date('2026-12-02T08:00:02.500Z') });
  });

  it('reads the live projection only, not a rebuild running under its own name', async () => {
    await write({ ...row(9, 900, 0, '2026-12-02 08:00:03.000'), projection_name: 'rebuild-1' });
    expect((await readCommittedCheckpoint(reader))?.position).toBe(25n);
  });

  it('is read once for answers asked together or within its max age, and again for a position it has not reached', async () => {
    // Ages far from any machine's speed: a minute (everything below is "within" it), and 300 ms.
    const serve = async (maxAgeMs: number) => {
      const api = buildGraphqlApi({ clickhouse, keys: new KeyRing([analyst.entry]), env: loadGraphqlEnv({ NODE_ENV: 'test', REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS: String(maxAgeMs) }) });
      const app = createServer({ logLevel: 'error' });
      await app.register(api.plugin);
      const ask = async (headers: Record<string, string> = {}) => {
        const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst.plaintext}`, ...headers }, payload: '{"query":"{ metricDefinitions { id } }"}' });
        return (response.json() as { extensions: { freshness: { position: string } } }).extensions.freshness.position;
      };
      const reads = () => api.reader.stats.get('committed_checkpoint')?.count ?? 0;
      return { app, ask, reads };
    };
    const analyst = createApiKey({ id: 'analyst', roles: ['analyst'] });
    const minute = await serve(60_000);
    try {
      expect(await Promise.all([minute.ask(), minute.ask(), minute.ask(), minute.ask(), minute.ask()])).toEqual(['25', '25', '25', '25', '25']);
      expect(minute.reads()).toBe(1);
      await write(row(10, 40, 0, '2026-12-02 08:00:04.000'));
      // Within its age the earlier read still serves — a floor of what the answer holds.
      expect(await minute.ask()).toBe('25');
      expect(minute.reads()).toBe(1);
      // A writer asking for its own position is not served the older read.
      expect(await minute.ask({ [MIN_POSITION_HEADER]: '40' })).toBe('40');
      expect(minute.reads()).toBe(2);
    } finally {
      await minute.app.close();
    }
    const short = await serve(300);
    try {
      expect(await short.ask()).toBe('40');
      await new Promise((r) => setTimeout(r, 400));
      await write(row(11, 55, 0, '2026-12-02 08:00:05.000'));
      // Past its age: read again.
      expect(await short.ask()).toBe('55');
      expect(short.reads()).toBe(2);
    } finally {
      await short.app.close();
    }
  });
});
