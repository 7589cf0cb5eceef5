import type { ClickHouseClient } from '@clickhouse/client';

/**
 * The projector's checkpoint lives in ClickHouse beside the read models, in
 * `projector_checkpoints` (one logical row per projection, latest `seq` wins). Besides the
 * committed `position` it holds `pending_to`: the end of the batch being written, recorded before
 * any of that batch's rows (a write-ahead intent; see apply-batch.ts).
 */
export interface CheckpointRow {
  position: bigint;
  pendingTo: bigint;
  seq: bigint;
}

export async function readCheckpoint(client: ClickHouseClient, projection: string): Promise<CheckpointRow> {
  const rs = await client.query({
    query: 'SELECT toString(position) AS position, toString(pending_to) AS pending_to, toString(seq) AS seq FROM projector_checkpoints WHERE projection_name = {p:String} ORDER BY seq DESC LIMIT 1',
    query_params: { p: projection },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ position: string; pending_to: string; seq: string }>();
  if (!row) return { position: 0n, pendingTo: 0n, seq: 0n };
  return { position: BigInt(row.position), pendingTo: BigInt(row.pending_to), seq: BigInt(row.seq) };
}

export async function writeCheckpoint(client: ClickHouseClient, projection: string, row: CheckpointRow): Promise<void> {
  await client.insert({
    table: 'projector_checkpoints',
    values: [{ projection_name: projection, seq: row.seq.toString(), position: row.position.toString(), pending_to: row.pendingTo.toString(), updated_at: new Date().toISOString() }],
    format: 'JSONEachRow',
    // Checkpoint rows are never deduplicated: a repeated intent must be recorded again.
    clickhouse_settings: { insert_deduplicate: 0 },
  });
}
