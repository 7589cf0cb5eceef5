import { hostname } from 'node:os';
import type { ClickHouseClient } from '@clickhouse/client';

export const LEASE_TABLE = 'schema_migrations_lease';

export interface LeaseOptions {
  /** Who holds it, shown to the others while they wait. Default `<host>:<pid>`. */
  owner?: string;
  /** A lease not renewed this long is taken to belong to a migrator that died. Default 2 minutes. */
  ttlMs?: number;
  /** How often a waiting migrator looks again. Default 1 s. */
  pollMs?: number;
  /** Told, at most every 10 s, who holds the lease while this migrator waits. */
  onWait?: (message: string) => void;
}

export interface Lease {
  /** Pushes the expiry on (before each statement of a long migration). */
  renew(): Promise<void>;
  release(): Promise<void>;
}

const isCode = (err: unknown, code: string): boolean => (err as { code?: unknown } | null)?.code === code;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One migrator at a time per ClickHouse server. ClickHouse has no row locks, but creating a table
 * is atomic: of two `CREATE TABLE schema_migrations_lease` (without IF NOT EXISTS) exactly one
 * succeeds, the other gets TABLE_ALREADY_EXISTS. The holder writes its name and an expiry into the
 * table and drops it when done. A lease past its expiry (its holder died mid-migration) is dropped
 * by the next migrator, which then competes for it like anyone else.
 *
 * On a cluster the lease lives on the server the migrator's CLICKHOUSE_URL names (not ON CLUSTER):
 * only the projector migrates, and it always talks to the same node (infra/DEPLOYMENT.md).
 */
export async function acquireSchemaLease(client: ClickHouseClient, options: LeaseOptions = {}): Promise<Lease> {
  const owner = options.owner ?? `${hostname()}:${process.pid}`;
  const ttlMs = options.ttlMs ?? 120_000;
  const pollMs = options.pollMs ?? 1000;
  let lastSaid = 0;
  // A lease table created but not yet written: its creator writes within moments; give it the ttl.
  let emptySince: number | undefined;
  for (;;) {
    try {
      await client.command({ query: `CREATE TABLE ${LEASE_TABLE} (owner String, expires_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY tuple()` });
      break;
    } catch (err) {
      if (!isCode(err, '57')) throw err;
    }
    const holder = await readHolder(client);
    if (holder === 'released') continue;
    const now = Date.now();
    if (!holder) emptySince ??= now;
    const expiresAt = holder?.expiresAt ?? (emptySince ?? now) + ttlMs;
    if (expiresAt < now) {
      options.onWait?.(`the schema lease of ${holder?.owner ?? 'a migrator that never wrote its name'} expired ${new Date(expiresAt).toISOString()}; taking it over`);
      await client.command({ query: `DROP TABLE IF EXISTS ${LEASE_TABLE} SYNC` });
      emptySince = undefined;
      continue;
    }
    if (now - lastSaid >= 10_000) {
      lastSaid = now;
      options.onWait?.(`waiting for the ClickHouse schema: ${holder?.owner ?? 'another migrator'} is applying migrations (its lease runs until ${new Date(expiresAt).toISOString()})`);
    }
    await sleep(pollMs);
  }
  const renew = async () => {
    await client.insert({ table: LEASE_TABLE, values: [{ owner, expires_at: new Date(Date.now() + ttlMs).toISOString() }], format: 'JSONEachRow', clickhouse_settings: { insert_deduplicate: 0 } });
  };
  await renew();
  return {
    renew,
    release: async () => {
      await client.command({ query: `DROP TABLE IF EXISTS ${LEASE_TABLE} SYNC` });
    },
  };
}

/** The latest expiry written to the lease; undefined while it is still empty; 'released' when it is gone. */
async function readHolder(client: ClickHouseClient): Promise<{ owner: string; expiresAt: number } | undefined | 'released'> {
  try {
    const rs = await client.query({ query: `SELECT owner, toUnixTimestamp64Milli(expires_at) AS expires FROM ${LEASE_TABLE} ORDER BY expires_at DESC LIMIT 1`, format: 'JSONEachRow' });
    const [row] = await rs.json<{ owner: string; expires: string | number }>();
    return row ? { owner: row.owner, expiresAt: Number(row.expires) } : undefined;
  } catch (err) {
    if (isCode(err, '60')) return 'released';
    throw err;
  }
}
