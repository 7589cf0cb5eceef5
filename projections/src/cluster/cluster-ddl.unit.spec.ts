import { queryBind } from 'chdb';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { migrationPlan, readMigrations, SCHEMA_MIGRATIONS_TABLE } from '../clickhouse/migrate.ts';
import { ClusterDdlError, generateClusterDdl, shardDirectives, type Migration } from './cluster-ddl.ts';
import { printClusterDdl } from './print-cluster-ddl.ts';
import { splitStatements, stripComments } from './sql-scan.ts';

const options = { cluster: 'redstream', database: 'redstream' };

/** Every statement must parse in ClickHouse's own parser (chDB's formatQuery parses without executing). */
function parsesInClickHouse(sql: string): string {
  const out = queryBind('SELECT formatQuery({q:String}) AS f', { q: sql }, 'JSONEachRow');
  return (JSON.parse(out) as { f: string }).f;
}

const synthetic: Migration[] = [
  {
    name: '0001_sales.sql',
    sql: `
-- Every accepted order, one row per order and event version.
-- An order lives with its streamer.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sales_raw (
  order_id String,
  streamer_id String,
  occurred_at DateTime64(3, 'Asia/Shanghai'),
  amount_fen Int64 COMMENT 'money; in fen',
  note String DEFAULT 'a; b -- not a comment',
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (streamer_id, order_id)
SETTINGS index_granularity = 8192;

-- Income paid to households, one row per payment.
-- @shard: cityHash64(village_code)
CREATE TABLE farmer_payments_raw (
  payment_id String,
  village_code FixedString(12),
  amount_fen Int64,
  paid_on Date
) ENGINE = MergeTree
ORDER BY (village_code, payment_id)
COMMENT 'Income paid to households';

-- @shard: projection_name
CREATE TABLE projection_checkpoints (
  projection_name LowCardinality(String),
  position UInt64,
  updated_at DateTime
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY projection_name;
`,
  },
  {
    name: '0002_rollups.sql',
    sql: `
/* daily GMV per streamer, derived deterministically so a replay replaces instead of adds */
-- @shard: streamer_id
CREATE TABLE sales_daily (
  day Date,
  streamer_id String,
  orders UInt64,
  gmv_fen Int64
) ENGINE = SummingMergeTree((orders, gmv_fen))
ORDER BY (day, streamer_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_daily_mv TO sales_daily AS
SELECT toDate(occurred_at) AS day, streamer_id, count() AS orders, sum(amount_fen) AS gmv_fen
FROM sales_raw
GROUP BY day, streamer_id;

CREATE VIEW sales_by_streamer AS SELECT streamer_id, sum(amount_fen) AS gmv FROM sales_raw GROUP BY streamer_id;

ALTER TABLE sales_raw ADD COLUMN IF NOT EXISTS category LowCardinality(String) DEFAULT '', ADD INDEX idx_cat category TYPE set(100) GRANULARITY 4;
`,
  },
];

describe('cluster DDL generation on synthetic migrations', () => {
  const ddl = generateClusterDdl(synthetic, options);
  const byName = new Map(ddl.tables.map((t) => [t.name, t]));
  const all = ddl.migrations.flatMap((m) => m.statements);

  it('gives every table a Replicated local table and a Distributed table with the stated sharding key', () => {
    expect([...byName.keys()].sort()).toEqual(['farmer_payments_raw', 'projection_checkpoints', 'sales_daily', 'sales_raw']);
    for (const t of ddl.tables) {
      expect(t.localName).toBe(`${t.name}_local`);
      expect(t.replicatedEngine).toMatch(new RegExp(`^Replicated\\w*MergeTree\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/${t.name}', '\\{replica\\}'`));
      const local = all.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${t.name}_local ON CLUSTER redstream (`));
      const dist = all.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${t.name} ON CLUSTER redstream AS ${t.name}_local`));
      expect(local).toContain(`ENGINE = ${t.replicatedEngine}`);
      expect(dist).toBe(
        `CREATE TABLE IF NOT EXISTS ${t.name} ON CLUSTER redstream AS ${t.name}_local ENGINE = Distributed(redstream, redstream, ${t.name}_local, ${t.shardingExpression})`,
      );
    }
  });

  it('preserves engine arguments and every clause after the engine', () => {
    const sales = byName.get('sales_raw');
    expect(sales?.engine).toBe('ReplacingMergeTree(version)');
    expect(sales?.replicatedEngine).toBe("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/sales_raw', '{replica}', version)");
    expect(byName.get('sales_daily')?.replicatedEngine).toBe(
      "ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/sales_daily', '{replica}', (orders, gmv_fen))",
    );
    expect(byName.get('farmer_payments_raw')?.replicatedEngine).toBe(
      "ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/farmer_payments_raw', '{replica}')",
    );
    const local = all.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS sales_raw_local'));
    expect(local).toContain('PARTITION BY toYYYYMM(occurred_at)');
    expect(local).toContain('ORDER BY (streamer_id, order_id)');
    expect(local).toContain('SETTINGS index_granularity = 8192');
    expect(local).toContain("note String DEFAULT 'a; b -- not a comment'");
    expect(all.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS farmer_payments_raw_local'))).toContain(
      "COMMENT 'Income paid to households'",
    );
  });

  it('takes the sharding key from the -- @shard: directive; hashes non-integer columns', () => {
    expect(byName.get('sales_raw')?.shardingKey).toBe('streamer_id');
    expect(byName.get('sales_raw')?.shardingExpression).toBe('cityHash64(streamer_id)');
    expect(byName.get('farmer_payments_raw')?.shardingExpression).toBe('cityHash64(village_code)');
    expect(byName.get('sales_daily')?.shardingKey).toBe('streamer_id');
    expect(byName.get('projection_checkpoints')?.shardingExpression).toBe('cityHash64(projection_name)');
  });

  it('points materialized views at the shard-local source and target; plain views read the Distributed tables', () => {
    expect(ddl.materializedViews).toEqual([{ name: 'sales_daily_mv', source: 'sales_raw', target: 'sales_daily', migration: '0002_rollups.sql' }]);
    const mv = all.find((s) => s.includes('MATERIALIZED VIEW'));
    expect(mv).toMatch(/^CREATE MATERIALIZED VIEW IF NOT EXISTS sales_daily_mv ON CLUSTER redstream TO sales_daily_local AS\s+SELECT/);
    expect(mv).toContain('FROM sales_raw_local');
    const view = all.find((s) => s.startsWith('CREATE VIEW'));
    expect(view).toContain('FROM sales_raw GROUP BY');
    expect(view).toContain('ON CLUSTER redstream');
  });

  it('applies column ALTERs to both tables and other ALTERs to the local table only', () => {
    const alters = all.filter((s) => s.startsWith('ALTER'));
    expect(alters).toEqual([
      "ALTER TABLE sales_raw_local ON CLUSTER redstream ADD COLUMN IF NOT EXISTS category LowCardinality(String) DEFAULT '', ADD INDEX idx_cat category TYPE set(100) GRANULARITY 4",
      "ALTER TABLE sales_raw ON CLUSTER redstream ADD COLUMN IF NOT EXISTS category LowCardinality(String) DEFAULT ''",
    ]);
  });

  it('emits statements that ClickHouse parses (as the single-node originals do)', () => {
    for (const m of synthetic) for (const s of splitStatements(m.sql)) parsesInClickHouse(s);
    expect(all.length).toBe(12); // 4 tables x 2, 1 materialized view, 1 view, 2 ALTERs
    for (const s of all) expect(parsesInClickHouse(s)).toMatch(/ON CLUSTER redstream/);
    // The rendered script splits back into the same statements.
    const rendered = printClusterDdl(synthetic, options);
    const withRecord = generateClusterDdl([SCHEMA_MIGRATIONS_TABLE, ...synthetic], options).migrations.flatMap((m) => m.statements);
    expect(withRecord.slice(2)).toEqual(all);
    expect(splitStatements(rendered).map((s) => stripComments(s).trim())).toEqual(withRecord);
  });
});

describe('cluster DDL generation fails loudly', () => {
  const table = (comment: string, engine = 'MergeTree', orderBy = 'id') =>
    [{ name: '0001_x.sql', sql: `${comment}\nCREATE TABLE x (id String, n UInt32, at DateTime) ENGINE = ${engine} ORDER BY ${orderBy};` }];
  const failure = (m: Migration[]): string => {
    try {
      generateClusterDdl(m, options);
    } catch (err) {
      expect(err).toBeInstanceOf(ClusterDdlError);
      return (err as Error).message;
    }
    throw new Error('expected a ClusterDdlError');
  };

  it('when a table states no sharding key', () => {
    expect(failure(table('-- just rows'))).toMatch(/0001_x\.sql: table x declares no sharding key: add a line "-- @shard:/);
    // prose is not a directive
    expect(failure(table('-- sharding key: id'))).toMatch(/declares no sharding key/);
    expect(failure(table('-- @shard: id\n-- @shard: n'))).toMatch(/declares 2 sharding keys/);
  });
  it('when the key is not deterministic (a replay would land elsewhere)', () => {
    expect(failure(table('-- @shard: rand()'))).toMatch(/not deterministic/);
  });
  it('when the key names a column the table does not have', () => {
    expect(failure(table('-- @shard: streamer_id'))).toMatch(/unknown column\(s\) streamer_id/);
    // a column named like a keyword is still a column
    const projection = [{ name: '0001_p.sql', sql: "-- @shard: projection\nCREATE TABLE p (`projection` String) ENGINE = MergeTree ORDER BY `projection`" }];
    expect(generateClusterDdl(projection, options).tables[0]?.shardingExpression).toBe('cityHash64(projection)');
  });
  it('(a warning, not a failure) when a Replacing table is sharded by a column outside its sorting key', () => {
    const ddl = generateClusterDdl(table('-- @shard: n', 'ReplacingMergeTree(at)', '(id)'), options);
    expect(ddl.warnings).toEqual([expect.stringMatching(/0001_x\.sql: x: sharding key "n" reads n, which is not in ORDER BY \(\(id\)\)/)]);
    expect(printClusterDdl(table('-- @shard: n', 'ReplacingMergeTree(at)', '(id)'), options)).toMatch(/^-- WARNING 0001_x\.sql: x:/m);
  });
  it('on a materialized view with an inner table, and on engines without a cluster form', () => {
    const inner = [{ name: '0001_mv.sql', sql: 'CREATE MATERIALIZED VIEW v ENGINE = SummingMergeTree ORDER BY a AS SELECT 1 AS a' }];
    expect(failure(inner)).toMatch(/write it as "TO <table>"/);
    expect(failure(table('-- @shard: id', 'Memory'))).toMatch(/engine Memory of x has no cluster form/);
  });
  it('when a migration already says ON CLUSTER, or holds a statement it does not know', () => {
    expect(failure([{ name: '0001_y.sql', sql: 'CREATE TABLE y ON CLUSTER c (a UInt8) ENGINE = MergeTree ORDER BY a' }])).toMatch(/ON CLUSTER is added by the generator/);
    expect(failure([{ name: '0001_z.sql', sql: 'SYSTEM STOP MERGES' }])).toMatch(/not supported/);
    expect(failure([{ name: '0001_w.sql', sql: '-- @shard: a\nALTER TABLE w ADD COLUMN b UInt8' }])).toMatch(/directive belongs to a CREATE TABLE/);
  });
});

describe('the @shard directive', () => {
  it('is the whole rest of its comment line, one per line, and nothing else is', () => {
    expect(shardDirectives('-- @shard: streamer_id\nCREATE TABLE t (a UInt8)')).toEqual(['streamer_id']);
    expect(shardDirectives('-- A refund lives with (its streamer).\n--   @shard:  cityHash64(a, b)  \nCREATE TABLE t (a UInt8)')).toEqual(['cityHash64(a, b)']);
    expect(shardDirectives("-- sharding key: a\nCREATE TABLE t (a UInt8) COMMENT '@shard: a'")).toEqual([]);
  });
});

describe('cluster DDL of the real migrations (schema/clickhouse/migrations)', () => {
  const migrations = readMigrations();
  const created = migrations.flatMap((m) =>
    splitStatements(m.sql)
      .map((s) => /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([A-Za-z_][A-Za-z0-9_]*)/i.exec(stripComments(s).trim())?.[1])
      .filter((n): n is string => n !== undefined),
  );

  if (migrations.length === 0) {
    it.skip('skipped: no migrations in schema/clickhouse/migrations yet (the synthetic suites above cover the generator)', () => {});
    return;
  }

  it('gives every table its Replicated and Distributed forms with a stated sharding key', () => {
    const ddl = generateClusterDdl(migrations, options);
    const all = ddl.migrations.flatMap((m) => m.statements);
    const dropped = new Set(
      migrations.flatMap((m) => [...stripComments(m.sql).matchAll(/DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?`?(\w+)/gi)].map((x) => x[1])),
    );
    expect(created.length).toBeGreaterThan(0);
    for (const name of created.filter((n) => !dropped.has(n))) {
      const t = ddl.tables.find((x) => x.name === name);
      expect(t, `table ${name}`).toBeDefined();
      if (!t) continue;
      expect(t.shardingKey.length).toBeGreaterThan(0);
      // The original engine's arguments appear unchanged after the Keeper path and replica.
      const args = /\((.*)\)$/s.exec(t.engine)?.[1] ?? '';
      if (args !== '' && !t.engine.startsWith('Replicated')) expect(t.replicatedEngine.endsWith(`, ${args})`)).toBe(true);
      expect(all.some((s) => s.includes(`ENGINE = ${t.replicatedEngine}`) && s.includes(`${t.localName} ON CLUSTER`))).toBe(true);
      expect(all).toContain(`CREATE TABLE IF NOT EXISTS ${t.name} ON CLUSTER redstream AS ${t.localName} ENGINE = ${t.distributedEngine}`);
    }
    for (const s of all) parsesInClickHouse(s);
    // An ALTER reaches the shard-local tables; only a column change also reaches the Distributed one.
    const alters = all.filter((s) => /^ALTER\b/.test(s));
    expect(alters.length).toBeGreaterThan(0);
    for (const s of alters) {
      const target = /^ALTER TABLE (\w+) ON CLUSTER/.exec(s)?.[1] ?? '';
      if (!target.endsWith('_local')) expect(s, s).toMatch(/^ALTER TABLE \w+ ON CLUSTER redstream (ADD|DROP|MODIFY|RENAME|COMMENT|CLEAR) COLUMN\b/);
    }
  });


  it('is what migrate({ cluster }) applies, and what infra/clickhouse/cluster/generated.sql prints for review', () => {
    const plan = migrationPlan(migrations, { cluster: 'redstream', database: 'default' });
    expect(plan[0]!.statements[0]).toMatch(/^CREATE TABLE IF NOT EXISTS schema_migrations_local ON CLUSTER redstream \(/);
    expect(plan[0]!.statements[1]).toMatch(/^CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER redstream AS schema_migrations_local ENGINE = Distributed\(redstream, default, schema_migrations_local, cityHash64\(name\)\)$/);
    const committed = readFileSync(new URL('../../../infra/clickhouse/cluster/generated.sql', import.meta.url), 'utf8');
    expect(splitStatements(committed).map((s) => stripComments(s).trim())).toEqual(plan.flatMap((m) => m.statements));
  });
});
