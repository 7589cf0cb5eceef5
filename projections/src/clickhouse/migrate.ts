import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { splitStatements, stripComments } from '../cluster/sql-scan.ts';

import { MIGRATIONS_DIR } from '@redstream/schema/migrations';

export { MIGRATIONS_DIR };

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationChecksumMismatch extends Error {}

/**
 * Applies the ClickHouse migrations in file-name order and records each by name and checksum in
 * `schema_migrations`. An applied file whose content changed is an error (write a new migration);
 * the statements are idempotent (IF NOT EXISTS), so a crash between applying and recording is
 * repaired by applying again.
 */
export async function migrate(client: ClickHouseClient, dir = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (name String, checksum String, applied_at DateTime64(3, 'UTC'))
            ENGINE = ReplacingMergeTree ORDER BY name`,
  });
  const rs = await client.query({ query: 'SELECT name, checksum FROM schema_migrations FINAL', format: 'JSONEachRow' });
  const done = new Map((await rs.json<{ name: string; checksum: string }>()).map((r) => [r.name, r.checksum]));
  const applied: string[] = [];
  for (const file of readMigrations(dir)) {
    const recorded = done.get(file.name);
    if (recorded === file.checksum) continue;
    if (recorded) throw new MigrationChecksumMismatch(`ClickHouse migration ${file.name} changed after it was applied (checksum ${recorded.slice(0, 12)} → ${file.checksum.slice(0, 12)}); add a new migration instead`);
    for (const statement of splitStatements(file.sql)) {
      if (stripComments(statement).trim() === '') continue;
      await client.command({ query: statement });
    }
    await client.insert({ table: 'schema_migrations', values: [{ name: file.name, checksum: file.checksum, applied_at: new Date().toISOString() }], format: 'JSONEachRow' });
    applied.push(file.name);
  }
  return { applied };
}
