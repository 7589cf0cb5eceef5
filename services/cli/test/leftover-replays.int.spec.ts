import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlatform, type Platform } from '../src/platform.ts';

/**
 * An as-of replay killed mid-way leaves its copy behind: `<table>__asof_<position>_<id>` tables and
 * an `asof-<position>_<id>` checkpoint (projections/src/projector/replay-to.ts). The embedded
 * process owns its chDB alone, so at its next start it drops them before serving.
 */
const source = (dir: string) => ({ REDSTREAM_DATA_DIR: dir, REDSTREAM_ADMIN_KEY: 'leftover-replays-admin-key-0123', NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' });
const dir = mkdtempSync(join(tmpdir(), 'redstream-leftover-replays-'));
let platform: Platform | undefined;

afterAll(async () => {
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = async (clickhouse: ClickHouseClient, query: string) => (await (await clickhouse.query({ query, format: 'JSONEachRow' })).json<{ name: string }>()).map((r) => r.name);
const tables = (clickhouse: ClickHouseClient) => names(clickhouse, "SELECT name FROM system.tables WHERE database = currentDatabase() AND (name LIKE '%asof%' OR name IN ('sales_raw', 'streamers')) ORDER BY name");
const checkpoints = (clickhouse: ClickHouseClient) => names(clickhouse, 'SELECT DISTINCT projection_name AS name FROM projector_checkpoints ORDER BY name');

describe('the embedded platform at start-up', () => {
  it('drops the tables and checkpoint an as-of replay killed mid-way left, and nothing else', async () => {
    const killed = await buildPlatform(new Set(['projector']), { source: source(dir) });
    const ch = killed.clickhouse!;
    for (const t of ['sales_raw', 'streamers']) await ch.command({ query: `CREATE TABLE ${t}__asof_7_0badf00d AS ${t}` });
    const checkpoint = (projection_name: string, position: number, pending_to: number) => ({ projection_name, seq: 1, position, pending_to, updated_at: Date.now() });
    await ch.insert({ table: 'projector_checkpoints', values: [checkpoint('main', 0, 0), checkpoint('asof-7_0badf00d', 5, 7)], format: 'JSONEachRow' });
    expect(await tables(ch)).toEqual(['sales_raw', 'sales_raw__asof_7_0badf00d', 'streamers', 'streamers__asof_7_0badf00d']);
    expect(await checkpoints(ch)).toEqual(['asof-7_0badf00d', 'main']);
    await killed.close();

    platform = await buildPlatform(new Set(['projector']), { source: source(dir) });
    expect(await tables(platform.clickhouse!)).toEqual(['sales_raw', 'streamers']);
    expect(await checkpoints(platform.clickhouse!)).toEqual(['main']);
  }, 120_000);
});
