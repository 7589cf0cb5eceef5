/**
 * Cluster DDL from the single-node migrations.
 *
 * The ClickHouse migrations in `schema/clickhouse/migrations` are written for one server (plain
 * MergeTree family engines). A cluster (N shards x M replicas on ClickHouse Keeper) needs, for every
 * table `t` of those migrations:
 *
 *   t_local  ON CLUSTER, Replicated<Engine>('/clickhouse/tables/{shard}/{database}/t', '{replica}', <original args>)
 *   t        ON CLUSTER, Distributed(<cluster>, <database>, t_local, <sharding key>)
 *
 * so that the application keeps querying and inserting into `t` unchanged. The sharding key is the
 * table's directive `-- @shard: streamer_id` (a line in the comments before the statement); a table
 * without one is an error, never a silent `rand()`.
 *
 * Materialized views `CREATE MATERIALIZED VIEW v TO target AS SELECT … FROM source …` become
 * `v ON CLUSTER TO target_local AS SELECT … FROM source_local …`: each shard's view fires on the rows
 * inserted into its own shard and writes to its own shard's rollup, so a replayed fact (same sharding
 * key, so same shard) replaces or re-adds on the same shard it was first counted on, and a query on
 * the Distributed rollup re-aggregates partial rows across shards. Plain views are created
 * ON CLUSTER over the Distributed names. See infra/DEPLOYMENT.md, "ClickHouse cluster DDL".
 */
import { commentsOf, findTopLevel, matchParen, splitStatements, splitTopLevel, stripComments } from './sql-scan.ts';

export interface Migration {
  /** File name, e.g. `0001_sales.sql`. */
  name: string;
  sql: string;
}

export interface ClusterDdlOptions {
  /** The cluster name in `remote_servers` (e.g. `redstream`). */
  cluster: string;
  /** Database the tables live in; the Distributed tables name it explicitly. */
  database: string;
  /** Suffix of the shard-local tables. Default `_local`. */
  localSuffix?: string;
}

export interface ClusterTable {
  /** Name as in the migrations; on the cluster this is the Distributed table. */
  name: string;
  localName: string;
  /** Engine as written in the migration, e.g. `ReplacingMergeTree(version)`. */
  engine: string;
  /** The engine of the local table, e.g. `ReplicatedReplacingMergeTree('/clickhouse/…', '{replica}', version)`. */
  replicatedEngine: string;
  /** The sharding key as the table's `-- @shard:` directive declares it. */
  shardingKey: string;
  /** The expression given to Distributed (hashed when the stated key is not an integer). */
  shardingExpression: string;
  /** The Distributed engine clause. */
  distributedEngine: string;
  /** The clauses after the engine (ORDER BY, PARTITION BY, SETTINGS …), as in the migration. */
  storage: string;
  /** The engine's arguments as written (after which the Replicated form adds nothing). */
  engineArgs: string[];
  /** The migration that created it. */
  migration: string;
}

export interface GeneratedMigration {
  name: string;
  statements: string[];
}

export interface ClusterDdl {
  migrations: GeneratedMigration[];
  tables: ClusterTable[];
  materializedViews: { name: string; source: string; target: string; migration: string }[];
  /** Things the generator cannot check but a reviewer should (rendered as comments). */
  warnings: string[];
}

export class ClusterDdlError extends Error {
  constructor(migration: string, statement: string, message: string) {
    const head = stripComments(statement).trim().replace(/\s+/g, ' ').slice(0, 80);
    super(`${migration}: ${message}\n  in: ${head}…`);
    this.name = 'ClusterDdlError';
  }
}

const IDENT = String.raw`(?:\x60[^\x60]+\x60|"[^"]+"|[A-Za-z_][A-Za-z0-9_]*)`;
const QNAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;

const MERGE_TREE_FAMILY = new Set([
  'MergeTree',
  'ReplacingMergeTree',
  'SummingMergeTree',
  'AggregatingMergeTree',
  'CollapsingMergeTree',
  'VersionedCollapsingMergeTree',
  'GraphiteMergeTree',
  'CoalescingMergeTree',
]);

/** Functions whose value differs between a fact's first delivery and its replay. */
const NON_DETERMINISTIC = /\b(rand\w*|generateUUID\w*|generateULID|generateSnowflakeID|now\w*|today|yesterday|randomString\w*)\s*\(/i;

const INTEGER_TYPE = /^(?:Nullable\()?(?:U?Int(8|16|32|64|128|256)|Date|Date32|DateTime|DateTime64\b.*|Bool|Enum(8|16)\b.*)\)?$/;

/** Column operations an ALTER must also apply to the Distributed table, whose columns mirror the local one. */
const COLUMN_OP = /^(ADD|DROP|MODIFY|RENAME|COMMENT|CLEAR)\s+COLUMN\b/i;

interface Name {
  db?: string;
  name: string;
  raw: string;
}

function unquote(ident: string): string {
  const t = ident.trim();
  if ((t.startsWith('`') && t.endsWith('`')) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1);
  return t;
}

function parseName(raw: string): Name {
  const parts = raw.split(/\s*\.\s*/).map(unquote);
  return parts.length === 2 ? { db: parts[0], name: parts[1] ?? '', raw } : { name: parts[0] ?? '', raw };
}

function quoteIdent(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

function qualified(n: Name, suffix = ''): string {
  const base = quoteIdent(n.name + suffix);
  return n.db ? `${quoteIdent(n.db)}.${base}` : base;
}

function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The sharding keys a statement declares: each comment `-- @shard: <expression>`, the whole rest of
 * the line being the expression (a column, a tuple of columns, or any deterministic expression).
 */
export function shardDirectives(statement: string): string[] {
  return commentsOf(statement)
    .map((text) => /^@shard:[ \t]*([^\n]*)/.exec(text)?.[1]?.trim())
    .filter((expr): expr is string => expr !== undefined);
}

/** Identifiers an expression reads (function names excluded). */
function identifiersOf(expr: string): string[] {
  const code = stripComments(expr).replace(/'(?:[^'\\]|\\.)*'/g, ' ');
  const out: string[] = [];
  for (const m of code.matchAll(/(\x60[^\x60]+\x60|[A-Za-z_][A-Za-z0-9_]*)(\s*\()?/g)) {
    if (m[2]) continue; // a function call
    const id = unquote(m[1] ?? '');
    if (/^(and|or|not|null|true|false|as|tuple)$/i.test(id)) continue;
    out.push(id);
  }
  return out;
}

interface ColumnDef {
  name: string;
  type: string;
}

function parseColumns(block: string): ColumnDef[] {
  const cols: ColumnDef[] = [];
  for (const part of splitTopLevel(block)) {
    // Skip index, projection and constraint definitions (a column may itself be named "projection").
    if (/^INDEX\s+\S+\s+[\s\S]*\bTYPE\b/i.test(part) || /^PROJECTION\s+[\w\x60]+\s*\(\s*SELECT\b/i.test(part)) continue;
    if (/^CONSTRAINT\s+\S+\s+(CHECK|ASSUME)\b/i.test(part) || /^PRIMARY\s+KEY\b/i.test(part)) continue;
    const m = new RegExp(`^(${IDENT})\\s+([\\s\\S]*)$`).exec(part);
    if (!m) continue;
    const rest = m[2] ?? '';
    // The type runs until a column modifier keyword at depth 0.
    const mod = findTopLevel(rest, /(DEFAULT|MATERIALIZED|ALIAS|EPHEMERAL|CODEC|TTL|COMMENT|NOT\s+NULL|NULL)\b/i);
    cols.push({ name: unquote(m[1] ?? ''), type: (mod ? rest.slice(0, mod.index) : rest).trim() });
  }
  return cols;
}

/** The integer expression Distributed needs from the stated key. */
function shardingExpression(key: string, columns: ColumnDef[]): string {
  const bare = key.replace(/^\(\s*|\s*\)$/g, '');
  const parts = splitTopLevel(bare);
  const isColumn = (p: string): ColumnDef | undefined => columns.find((c) => c.name === unquote(p));
  if (parts.length === 1) {
    const col = isColumn(parts[0] ?? '');
    if (!col) return key; // already an expression, e.g. cityHash64(streamer_id) or toYYYYMM(day)
    return INTEGER_TYPE.test(col.type) ? quoteIdent(col.name) : `cityHash64(${quoteIdent(col.name)})`;
  }
  return `cityHash64(${parts.join(', ')})`;
}

function clauseExpression(rest: string, keyword: RegExp): string | undefined {
  const found = findTopLevel(rest, keyword);
  if (!found) return undefined;
  const from = found.index + found.match[0].length;
  const next = findTopLevel(rest, /(ORDER\s+BY|PARTITION\s+BY|PRIMARY\s+KEY|SAMPLE\s+BY|TTL|SETTINGS|COMMENT)\b/i, from);
  return rest.slice(from, next ? next.index : undefined).trim();
}

/** Where a shard's replicas of table `t` meet in Keeper: one path per table and shard. */
export function keeperPath(table: string): string {
  return `/clickhouse/tables/{shard}/{database}/${table}`;
}

/** `Replicated<Engine>('<path>', '{replica}', <args>)`. */
export function replicatedEngineAt(engineName: string, path: string, args: readonly string[]): string {
  return `Replicated${engineName}(${[sqlString(path), sqlString('{replica}'), ...args].join(', ')})`;
}

interface Context {
  options: Required<ClusterDdlOptions>;
  tables: Map<string, ClusterTable>;
  views: Map<string, 'view' | 'materialized'>;
  out: ClusterDdl;
  migration: string;
}

export function generateClusterDdl(migrations: Migration[], options: ClusterDdlOptions): ClusterDdl {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(options.cluster)) throw new Error(`invalid cluster name ${JSON.stringify(options.cluster)}`);
  const ctx: Context = {
    options: { localSuffix: '_local', ...options },
    tables: new Map(),
    views: new Map(),
    out: { migrations: [], tables: [], materializedViews: [], warnings: [] },
    migration: '',
  };
  const sorted = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
  for (const m of sorted) {
    ctx.migration = m.name;
    const statements: string[] = [];
    for (const stmt of splitStatements(m.sql)) statements.push(...translate(stmt, ctx));
    ctx.out.migrations.push({ name: m.name, statements });
  }
  ctx.out.tables = [...ctx.tables.values()];
  return ctx.out;
}

/** The whole cluster DDL as one SQL script, each statement ending in `;`. */
export function renderClusterDdl(ddl: ClusterDdl, header: string[] = []): string {
  const lines = header.map((h) => `-- ${h}`);
  for (const w of ddl.warnings) lines.push(`-- WARNING ${w}`);
  for (const m of ddl.migrations) {
    lines.push('', `-- migration ${m.name}`);
    for (const s of m.statements) lines.push(`${s};`);
  }
  return `${lines.join('\n').trimStart()}\n`;
}

function translate(stmt: string, ctx: Context): string[] {
  const code = stripComments(stmt).trim();
  const onCluster = `ON CLUSTER ${quoteIdent(ctx.options.cluster)}`;
  const fail = (msg: string): never => {
    throw new ClusterDdlError(ctx.migration, stmt, msg);
  };
  if (/\bON\s+CLUSTER\b/i.test(code)) fail('migrations are single-node DDL; ON CLUSTER is added by the generator');
  if (shardDirectives(stmt).length > 0 && !/^CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\b/i.test(code)) fail('a "-- @shard:" directive belongs to a CREATE TABLE');

  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(${QNAME})\\s*`, 'i').exec(code))) {
    return createTable(stmt, code, m, ctx, fail);
  }
  if ((m = new RegExp(`^CREATE\\s+MATERIALIZED\\s+VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(${QNAME})\\s*`, 'i').exec(code))) {
    return createMaterializedView(code, m, ctx, fail);
  }
  if ((m = new RegExp(`^CREATE\\s+(OR\\s+REPLACE\\s+)?VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${QNAME})\\s*`, 'i').exec(code))) {
    const name = parseName(m[3] ?? '');
    ctx.views.set(name.name, 'view');
    const head = m[1] ? 'CREATE OR REPLACE VIEW' : 'CREATE VIEW IF NOT EXISTS';
    // A plain view reads the Distributed tables, so every node's view sees the whole cluster.
    return [`${head} ${qualified(name)} ${onCluster} ${code.slice(m[0].length)}`];
  }
  if ((m = new RegExp(`^ALTER\\s+TABLE\\s+(${QNAME})\\s+([\\s\\S]*)$`, 'i').exec(code))) {
    const name = parseName(m[1] ?? '');
    const ops = splitTopLevel(m[2] ?? '');
    const table = ctx.tables.get(name.name);
    if (!table) {
      if (ctx.views.has(name.name)) return [`ALTER TABLE ${qualified(name)} ${onCluster} ${m[2]}`];
      return fail(`ALTER TABLE of ${name.name}, which no earlier migration created`);
    }
    const out = [`ALTER TABLE ${qualified(name, ctx.options.localSuffix)} ${onCluster} ${ops.join(', ')}`];
    const columnOps = ops.filter((op) => COLUMN_OP.test(op));
    if (columnOps.length > 0) out.push(`ALTER TABLE ${qualified(name)} ${onCluster} ${columnOps.join(', ')}`);
    return out;
  }
  if ((m = new RegExp(`^DROP\\s+(TABLE|VIEW|DICTIONARY)\\s+(IF\\s+EXISTS\\s+)?(${QNAME})\\s*(SYNC)?\\s*$`, 'i').exec(code))) {
    const name = parseName(m[3] ?? '');
    const ifExists = m[2] ? 'IF EXISTS ' : '';
    if (ctx.tables.has(name.name)) {
      ctx.tables.delete(name.name);
      // SYNC: the Keeper path of the replicated table is freed at once, so a later migration may
      // create a table of the same name.
      return [
        `DROP TABLE ${ifExists}${qualified(name)} ${onCluster} SYNC`,
        `DROP TABLE ${ifExists}${qualified(name, ctx.options.localSuffix)} ${onCluster} SYNC`,
      ];
    }
    ctx.views.delete(name.name);
    return [`DROP ${m[1]?.toUpperCase()} ${ifExists}${qualified(name)} ${onCluster} SYNC`];
  }
  if ((m = new RegExp(`^(TRUNCATE\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?|OPTIMIZE\\s+TABLE\\s+)(${QNAME})([\\s\\S]*)$`, 'i').exec(code))) {
    const name = parseName(m[2] ?? '');
    if (!ctx.tables.has(name.name)) return fail(`${m[1]?.trim()} of unknown table ${name.name}`);
    return [`${m[1]}${qualified(name, ctx.options.localSuffix)} ${onCluster}${m[3]}`];
  }
  if ((m = /^CREATE\s+(DATABASE|FUNCTION)\s+(IF\s+NOT\s+EXISTS\s+)?(\S+)\s*([\s\S]*)$/i.exec(code))) {
    return [`CREATE ${m[1]?.toUpperCase()} ${m[2] ?? ''}${m[3]} ${onCluster} ${m[4]}`.replace(/\s+$/, '')];
  }
  if (/^INSERT\s+INTO\b/i.test(code)) {
    // Seed rows go through the Distributed table, which routes them by the sharding key.
    return [code];
  }
  if (/^(RENAME|EXCHANGE)\b/i.test(code)) {
    return fail('RENAME/EXCHANGE in a migration is not supported on the cluster (a Distributed table names its local table); swap projections at run time, see infra/DEPLOYMENT.md');
  }
  return fail('statement not supported by the cluster DDL generator');
}

function createTable(
  stmt: string,
  code: string,
  head: RegExpExecArray,
  ctx: Context,
  fail: (msg: string) => never,
): string[] {
  const name = parseName(head[1] ?? '');
  const { cluster, database, localSuffix } = ctx.options;
  const onCluster = `ON CLUSTER ${quoteIdent(cluster)}`;
  let at = head[0].length;
  if (code[at] !== '(') return fail(`CREATE TABLE ${name.name} without a column list (AS/EMPTY AS) is not supported`);
  const close = matchParen(code, at);
  const columnsBlock = code.slice(at + 1, close);
  const columns = parseColumns(columnsBlock);
  at = close + 1;
  const rest = code.slice(at);
  const engineAt = findTopLevel(rest, /ENGINE\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\s*/i);
  if (!engineAt) return fail(`table ${name.name} has no ENGINE clause`);
  const engineName = engineAt.match[1] ?? '';
  let afterEngine = engineAt.index + engineAt.match[0].length;
  let args: string[] = [];
  let argsText = '';
  if (rest[afterEngine] === '(') {
    const end = matchParen(rest, afterEngine);
    argsText = rest.slice(afterEngine + 1, end);
    args = splitTopLevel(argsText);
    afterEngine = end + 1;
  }
  const before = rest.slice(0, engineAt.index).trim();
  const tail = rest.slice(afterEngine).trim();
  const engine = `${engineName}(${argsText})`;

  let replicatedEngine: string;
  if (MERGE_TREE_FAMILY.has(engineName)) {
    replicatedEngine = replicatedEngineAt(engineName, keeperPath(name.name), args);
  } else if (engineName.startsWith('Replicated') && MERGE_TREE_FAMILY.has(engineName.slice('Replicated'.length))) {
    replicatedEngine = engine;
  } else if (engineName === 'Null') {
    replicatedEngine = 'Null';
  } else {
    return fail(`engine ${engineName} of ${name.name} has no cluster form; use a MergeTree family engine`);
  }

  const keys = shardDirectives(stmt);
  if (keys.length > 1) return fail(`table ${name.name} declares ${keys.length} sharding keys (${keys.join('; ')}); keep one "-- @shard:" line`);
  const shardingKey = keys[0];
  if (!shardingKey) {
    return fail(`table ${name.name} declares no sharding key: add a line "-- @shard: <column or expression>" before it, so its Distributed table can route rows`);
  }
  if (NON_DETERMINISTIC.test(shardingKey)) {
    return fail(`sharding key "${shardingKey}" of ${name.name} is not deterministic: a replayed fact would land on another shard and be counted twice`);
  }
  const known = new Set(columns.map((c) => c.name));
  const unknown = identifiersOf(shardingKey).filter((id) => !known.has(id));
  if (unknown.length > 0) return fail(`sharding key "${shardingKey}" of ${name.name} names unknown column(s) ${unknown.join(', ')}`);
  if (/Replacing|Collapsing|Coalescing/.test(engineName)) {
    // Rows that replace each other must meet on one shard: the key may only read sorting-key columns.
    const orderBy = clauseExpression(tail, /ORDER\s+BY\s+/i) ?? '';
    const primary = new Set(identifiersOf(orderBy));
    const outside = identifiersOf(shardingKey).filter((id) => !primary.has(id));
    if (outside.length > 0) {
      // Not an error: the key may depend on the sorting key in the domain (an order's streamer never
      // changes), which only the migration's author can know. Said in the output and the result.
      ctx.out.warnings.push(
        `${ctx.migration}: ${name.name}: sharding key "${shardingKey}" reads ${outside.join(', ')}, which is not in ORDER BY (${orderBy}); ` +
          `rows replacing each other meet on one shard only if ${outside.join(', ')} never changes for a given ORDER BY key`,
      );
    }
  }
  const expr = shardingExpression(shardingKey, columns);
  const localName = name.name + localSuffix;
  const distributedEngine = `Distributed(${quoteIdent(cluster)}, ${quoteIdent(name.db ?? database)}, ${quoteIdent(localName)}, ${expr})`;
  const table: ClusterTable = {
    name: name.name,
    localName,
    engine,
    replicatedEngine,
    shardingKey,
    shardingExpression: expr,
    distributedEngine,
    storage: tail,
    engineArgs: args,
    migration: ctx.migration,
  };
  if (ctx.tables.has(name.name)) return fail(`table ${name.name} is created twice`);
  ctx.tables.set(name.name, table);

  const beforeSql = before === '' ? '' : ` ${before}`;
  const tailSql = tail === '' ? '' : ` ${tail}`;
  return [
    `CREATE TABLE IF NOT EXISTS ${qualified(name, localSuffix)} ${onCluster} (${columnsBlock})${beforeSql} ENGINE = ${replicatedEngine}${tailSql}`,
    `CREATE TABLE IF NOT EXISTS ${qualified(name)} ${onCluster} AS ${qualified(name, localSuffix)} ENGINE = ${distributedEngine}`,
  ];
}

function createMaterializedView(code: string, head: RegExpExecArray, ctx: Context, fail: (msg: string) => never): string[] {
  const name = parseName(head[1] ?? '');
  const onCluster = `ON CLUSTER ${quoteIdent(ctx.options.cluster)}`;
  const rest = code.slice(head[0].length);
  const asAt = findTopLevel(rest, /AS\s+(?=SELECT\b|WITH\b|\()/i);
  if (!asAt) return fail(`materialized view ${name.name} has no AS SELECT`);
  const middle = rest.slice(0, asAt.index).trim();
  let select = rest.slice(asAt.index + asAt.match[0].length);
  const to = new RegExp(`^TO\\s+(${QNAME})\\s*([\\s\\S]*)$`, 'i').exec(middle);
  if (!to) {
    return fail(
      `materialized view ${name.name} keeps its rows in an inner table; write it as "TO <table>" with the ` +
        `target table (and its sharding key) created in a migration, so the target gets its Replicated and Distributed forms`,
    );
  }
  const target = parseName(to[1] ?? '');
  if (!ctx.tables.has(target.name)) return fail(`materialized view ${name.name} writes to ${target.name}, which no earlier migration created`);
  // The view fires on inserts into the shard-local source and writes to the shard-local target.
  const from = /\bFROM\s+(\x60[^\x60]+\x60|[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*(?:\x60[^\x60]+\x60|[A-Za-z_][A-Za-z0-9_]*))?)/i.exec(select);
  if (!from) return fail(`materialized view ${name.name}: no FROM table found`);
  const source = parseName(from[1] ?? '');
  if (!ctx.tables.has(source.name)) return fail(`materialized view ${name.name} reads ${source.name}, which no earlier migration created as a table`);
  select = `${select.slice(0, from.index)}FROM ${qualified(source, ctx.options.localSuffix)}${select.slice(from.index + from[0].length)}`;
  ctx.views.set(name.name, 'materialized');
  ctx.out.materializedViews.push({ name: name.name, source: source.name, target: target.name, migration: ctx.migration });
  const columns = (to[2] ?? '').trim();
  return [
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualified(name)} ${onCluster} TO ${qualified(target, ctx.options.localSuffix)}${columns ? ` ${columns}` : ''} AS ${select}`,
  ];
}
