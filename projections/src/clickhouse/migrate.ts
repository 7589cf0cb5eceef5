import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { classify, splitStatements, stripComments } from '../cluster/sql-scan.ts';
import { generateClusterDdl } from '../cluster/cluster-ddl.ts';
import { LEGACY_CHECKSUMS } from './legacy-checksums.ts';
import { acquireSchemaLease, type LeaseOptions } from './schema-lease.ts';

import { MIGRATIONS_DIR } from '@redstream/schema/migrations';

export { MIGRATIONS_DIR };

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * What a migration does, as a checksum: its statements without comments, whitespace outside
 * quotes collapsed. A comment (a sharding directive, a better explanation) or layout may change
 * after a migration was applied; a changed statement may not.
 */
export function statementChecksum(sql: string): string {
  const kinds = classify(sql);
  let code = '';
  let space = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (kinds[i] === 'quoted') {
      if (space && code !== '') code += ' ';
      space = false;
      code += c;
    } else if (kinds[i] === 'comment' || /\s/.test(c)) {
      space = true;
    } else {
      if (space && code !== '') code += ' ';
      space = false;
      code += c;
    }
  }
  return `v2:${sha256(code)}`;
}

/** The `NNNN_name.sql` files of a directory, in order; none when the directory does not exist yet. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: statementChecksum(sql) };
    });
}

export class MigrationChecksumMismatch extends Error {}

/**
 * Whether a recorded checksum stands for the file as it is now. Before checksums left comments
 * out, `schema_migrations` recorded sha256 of the whole file; such a row still matches when it is
 * the whole-file checksum the file had then and the statements are unchanged since
 * (LEGACY_CHECKSUMS), or when the file is byte for byte what was applied.
 */
export function recordedChecksumMatches(file: MigrationFile, recorded: string): boolean {
  if (recorded === file.checksum) return true;
  if (recorded.startsWith('v2:')) return false;
  if (recorded === sha256(file.sql)) return true;
  const legacy = LEGACY_CHECKSUMS[file.name];
  return legacy !== undefined && legacy.wholeFile === recorded && legacy.statements === file.checksum;
}

/**
 * `schema_migrations` itself, as a migration: created before any other, in the same profile (on a
 * cluster a Replicated local table and a Distributed table over it, so every node reads the same
 * record).
 */
export const SCHEMA_MIGRATIONS_TABLE: MigrationFile = (() => {
  const sql = `-- @shard: name
CREATE TABLE IF NOT EXISTS schema_migrations (name String, checksum String, applied_at DateTime64(3, 'UTC'))
ENGINE = ReplacingMergeTree ORDER BY name`;
  return { name: '0000_schema_migrations.sql', sql, checksum: statementChecksum(sql) };
})();

export interface ClusterProfile {
  /** CLICKHOUSE_CLUSTER: the cluster name in remote_servers. */
  cluster: string;
  /** The database the Distributed tables name. */
  database: string;
}

/**
 * The statements each migration runs: as written on one server; on a cluster, their ON CLUSTER
 * form (generateClusterDdl: Replicated local tables, Distributed tables over them, ALTERs on the
 * local tables). infra/clickhouse/cluster/generated.sql prints the same plan for review.
 */
export function migrationPlan(files: readonly MigrationFile[], cluster?: ClusterProfile): { name: string; statements: string[] }[] {
  const all = [SCHEMA_MIGRATIONS_TABLE, ...files];
  if (!cluster) return all.map((file) => ({ name: file.name, statements: splitStatements(file.sql).filter((s) => stripComments(s).trim() !== '') }));
  return generateClusterDdl(all, cluster).migrations;
}

/** name → checksum of every migration `schema_migrations` records; none before the first migrate(). */
export async function recordedMigrations(client: ClickHouseClient): Promise<Map<string, string>> {
  try {
    const rs = await client.query({ query: 'SELECT name, argMax(checksum, applied_at) AS checksum FROM schema_migrations GROUP BY name', format: 'JSONEachRow' });
    return new Map((await rs.json<{ name: string; checksum: string }>()).map((r) => [r.name, r.checksum]));
  } catch (err) {
    if ((err as { code?: unknown }).code === '60') return new Map();
    throw err;
  }
}

export interface MigrateOptions {
  dir?: string;
  /** Set on a ClickHouse cluster (CLICKHOUSE_CLUSTER): apply the ON CLUSTER form of every migration. */
  cluster?: string;
  /**
   * Take the schema lease first (acquireSchemaLease), so two migrators never interleave. Default
   * true; embedded chDB, which one process owns, passes false.
   */
  lease?: boolean | LeaseOptions;
}

/**
 * Applies the ClickHouse migrations in file-name order, under the schema lease, and records each by
 * name and checksum in `schema_migrations`. An applied file whose statements changed is an error
 * (write a new migration); the statements are idempotent (IF NOT EXISTS), so a crash between
 * applying and recording is repaired by applying again. Only the projector (or the one process of
 * an embedded deployment) calls this; every other process waits for the schema (awaitSchema).
 */
export async function migrate(client: ClickHouseClient, dirOrOptions: string | MigrateOptions = {}): Promise<{ applied: string[] }> {
  const options = typeof dirOrOptions === 'string' ? { dir: dirOrOptions } : dirOrOptions;
  const lease = options.lease === false ? undefined : await acquireSchemaLease(client, options.lease === true ? {} : options.lease);
  try {
    const files = readMigrations(options.dir ?? MIGRATIONS_DIR);
    const cluster = options.cluster ? { cluster: options.cluster, database: await currentDatabase(client) } : undefined;
    const plan = migrationPlan(files, cluster);
    const [bootstrap, ...rest] = plan;
    for (const statement of bootstrap!.statements) await client.command({ query: statement });
    const done = await recordedMigrations(client);
    const applied: string[] = [];
    for (const [i, file] of files.entries()) {
      const recorded = done.get(file.name);
      if (recorded !== undefined && recordedChecksumMatches(file, recorded)) continue;
      if (recorded) throw new MigrationChecksumMismatch(`ClickHouse migration ${file.name} changed after it was applied (checksum ${recorded.slice(0, 12)} → ${file.checksum.slice(0, 12)}); add a new migration instead`);
      for (const statement of rest[i]!.statements) {
        await lease?.renew();
        await client.command({ query: statement });
      }
      await client.insert({ table: 'schema_migrations', values: [{ name: file.name, checksum: file.checksum, applied_at: new Date().toISOString() }], format: 'JSONEachRow' });
      applied.push(file.name);
    }
    return { applied };
  } finally {
    await lease?.release();
  }
}

async function currentDatabase(client: ClickHouseClient): Promise<string> {
  const [row] = await (await client.query({ query: 'SELECT currentDatabase() AS db', format: 'JSONEachRow' })).json<{ db: string }>();
  return row!.db;
}
