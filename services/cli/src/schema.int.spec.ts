import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openClickHouse, readMigrations, SchemaNotReady } from '@redstream/projections';
import { readySchema } from './schema.ts';

/**
 * Who migrates. The client is embedded chDB; `CLICKHOUSE_URL` is set in the env given to
 * readySchema so that it plays the server topology, where only the projector migrates.
 */
describe('one schema runner per deployment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-schema-'));
  const clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
  const server = { CLICKHOUSE_URL: 'http://default:secret@clickhouse:8123' };
  const said: string[] = [];
  const say = (m: string) => said.push(m);
  afterAll(async () => {
    await clickhouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a GraphQL or summaries process beside a server does not migrate: it refuses, naming what the projector has not applied', async () => {
    const refused = await readySchema(clickhouse, server, { runner: false, waitMs: 0, say }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SchemaNotReady);
    expect((refused as Error).message).toMatch(/lacks migration\(s\) 0001_read_models\.sql, .*the projector service applies them/);
    expect(await clickhouse.query({ query: 'EXISTS TABLE sales_raw', format: 'JSONEachRow' }).then((r) => r.json())).toEqual([{ result: 0 }]);
  });

  it('the projector migrates, under the lease; then the others go on', async () => {
    expect(await readySchema(clickhouse, server, { runner: true, waitMs: 0, say })).toEqual(readMigrations().map((m) => m.name));
    expect(await readySchema(clickhouse, server, { runner: false, waitMs: 0, say })).toEqual([]);
  });

  it('a cluster without a node to talk to is a configuration error', async () => {
    await expect(readySchema(clickhouse, { CLICKHOUSE_CLUSTER: 'redstream' }, { runner: true, waitMs: 0, say })).rejects.toThrow(/CLICKHOUSE_URL must name one of its nodes/);
  });
});
