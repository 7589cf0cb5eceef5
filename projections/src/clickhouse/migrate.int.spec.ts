import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { awaitSchema, SchemaNotReady } from './await-schema.ts';
import { LEGACY_CHECKSUMS } from './legacy-checksums.ts';
import { MIGRATIONS_DIR, migrate, MigrationChecksumMismatch, readMigrations, recordedMigrations } from './migrate.ts';
import { openClickHouse } from './open-clickhouse.ts';
import { acquireSchemaLease, LEASE_TABLE } from './schema-lease.ts';

/** One chDB per test file: the schema runner, its lease, and the processes that wait for it. */
describe('the schema runner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-migrate-'));
  let clickhouse: ClickHouseClient;
  const files = readMigrations();
  const all = files.map((f) => f.name);

  beforeAll(() => {
    clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
  });
  afterAll(async () => {
    await clickhouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the migrations with one file's text changed. */
  const migrationsWith = (name: string, change: (sql: string) => string): string => {
    const copy = mkdtempSync(join(dir, 'migrations-'));
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    writeFileSync(join(copy, name), change(readFileSync(join(copy, name), 'utf8')));
    return copy;
  };
  /** schema_migrations as a deployment recorded it, one checksum per file. */
  const record = async (checksums: Record<string, string>) => {
    await clickhouse.command({ query: 'TRUNCATE TABLE schema_migrations' });
    await clickhouse.insert({ table: 'schema_migrations', values: Object.entries(checksums).map(([name, checksum]) => ({ name, checksum, applied_at: new Date().toISOString() })), format: 'JSONEachRow' });
  };

  it('a process that does not migrate refuses at once, naming what is missing, before the first migrate()', async () => {
    const refused = await awaitSchema(clickhouse, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SchemaNotReady);
    expect((refused as SchemaNotReady).missing).toEqual(all);
    expect((refused as Error).message).toMatch(/the projector service applies them at its start/);
  });

  it('waits while the projector migrates, then goes on', async () => {
    const said: string[] = [];
    const waiting = awaitSchema(clickhouse, { timeoutMs: 60_000, pollMs: 50, onWait: (m) => said.push(m) });
    await new Promise((r) => setTimeout(r, 200));
    expect((await migrate(clickhouse)).applied).toEqual(all);
    await waiting;
    expect(said[0]).toMatch(/^waiting for the ClickHouse schema: migration\(s\) 0001_read_models\.sql, .* not applied yet/);
    expect((await migrate(clickhouse)).applied).toEqual([]);
    expect(await clickhouse.query({ query: `EXISTS TABLE ${LEASE_TABLE}`, format: 'JSONEachRow' }).then((r) => r.json())).toEqual([{ result: 0 }]);
  });

  it('accepts a data directory that recorded the whole-file checksums of before the @shard directives', async () => {
    const legacy = Object.fromEntries(files.map((f) => [f.name, LEGACY_CHECKSUMS[f.name]?.wholeFile ?? createHash('sha256').update(f.sql).digest('hex')]));
    expect(Object.keys(LEGACY_CHECKSUMS).length).toBe(4);
    await record(legacy);
    expect((await migrate(clickhouse)).applied).toEqual([]);
    await awaitSchema(clickhouse, { timeoutMs: 0 });
  });

  it('still refuses a changed statement, under either checksum; a changed comment is fine', async () => {
    const comment = migrationsWith('0005_projection_operations.sql', (sql) => `-- a better explanation\n${sql.replace(/^-- @shard: projection_name$/m, '-- @shard:   projection_name')}`);
    expect((await migrate(clickhouse, comment)).applied).toEqual([]);

    const statement = migrationsWith('0005_projection_operations.sql', (sql) => sql.replace('error String,', 'error String,\n    hint String,'));
    await expect(migrate(clickhouse, statement)).rejects.toThrow(/0005_projection_operations\.sql changed after it was applied/);
    await expect(awaitSchema(clickhouse, { dir: statement, timeoutMs: 0 })).rejects.toBeInstanceOf(MigrationChecksumMismatch);

    // A data directory with the old whole-file checksum, and a statement changed since: refused too.
    const legacyChanged = migrationsWith('0001_read_models.sql', (sql) => sql.replace('ORDER BY projection_name;', 'ORDER BY (projection_name, seq);'));
    await record({ ...Object.fromEntries((await recordedMigrations(clickhouse)).entries()), '0001_read_models.sql': LEGACY_CHECKSUMS['0001_read_models.sql']!.wholeFile });
    await expect(migrate(clickhouse, legacyChanged)).rejects.toThrow(/0001_read_models\.sql changed after it was applied/);
    // The lease is given back after a refusal.
    expect((await migrate(clickhouse)).applied).toEqual([]);
  });

  it('lets one migrator at a time in: the second waits, saying who holds the lease, and takes over a lease left expired', async () => {
    const first = await acquireSchemaLease(clickhouse, { owner: 'projector-a' });
    const said: string[] = [];
    let second = false;
    const waiting = migrate(clickhouse, { lease: { owner: 'projector-b', pollMs: 50, onWait: (m) => said.push(m) } }).then(() => (second = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(second).toBe(false);
    expect(said[0]).toMatch(/^waiting for the ClickHouse schema: projector-a is applying migrations/);
    await first.release();
    await waiting;

    // A migrator that died holding the lease: the next takes it over once it expired.
    const dead = await acquireSchemaLease(clickhouse, { owner: 'crashed', ttlMs: 100 });
    void dead;
    const took: string[] = [];
    await new Promise((r) => setTimeout(r, 150));
    await migrate(clickhouse, { lease: { pollMs: 50, onWait: (m) => took.push(m) } });
    expect(took[0]).toMatch(/the schema lease of crashed expired .*; taking it over/);
  });
});
