import type { Reader } from './reader.ts';
import { sql } from './sql.ts';

/**
 * Projection lag: how far the read models trail the event log. The projector (in this process or
 * another) reports its status; the GraphQL API only reads it.
 */
export interface ProjectorStatus {
  /** Global position of the newest event applied to ClickHouse. */
  position: bigint;
  /** Global position of the newest event in the store. */
  head: bigint;
  /** When the projector last applied a batch (or checked and found nothing), if known. */
  updatedAt?: Date | undefined;
  /** True once the projector reached the head at least once since it started. */
  caughtUp?: boolean | undefined;
  /** Per projection, when the projector tracks them separately. */
  projections?: readonly { name: string; position: bigint }[] | undefined;
}

export type ProjectorStatusSource = () => Promise<ProjectorStatus> | ProjectorStatus;

export interface ProjectionLag {
  position: bigint;
  head: bigint;
  /** Events not yet applied (embedded store: exact; KurrentDB: positions are not contiguous, so 0 or "behind"). */
  eventsBehind: bigint;
  caughtUp: boolean;
  updatedAt: Date | undefined;
  secondsSinceUpdate: number | undefined;
  projections: readonly { name: string; position: bigint }[];
}

export async function projectionLag(source: ProjectorStatusSource, now: () => number = Date.now): Promise<ProjectionLag> {
  const status = await source();
  const behind = status.head > status.position ? status.head - status.position : 0n;
  return {
    position: status.position,
    head: status.head,
    eventsBehind: behind,
    caughtUp: behind === 0n && (status.caughtUp ?? true),
    updatedAt: status.updatedAt,
    secondsSinceUpdate: status.updatedAt ? Math.max(0, (now() - status.updatedAt.getTime()) / 1000) : undefined,
    projections: status.projections ?? [],
  };
}

/** The live projection's checkpoint name (rebuilds write under their own names until they swap). */
export const LIVE_PROJECTION = 'main';

export interface CommittedCheckpoint {
  /** Log position every read model includes (the projector's last commit). */
  position: bigint;
  /** When the projector wrote that commit (or, after a merge left only a newer intent row, that intent: the position was still the committed one then). */
  committedAt: Date;
}

/**
 * The live projection's committed checkpoint, read from ClickHouse (`projector_checkpoints`): what
 * any process that reads the read models can rely on, whichever process projects. One row by the
 * table's key, cheap enough to poll every 100 ms. An intent row (`pending_to` > 0) keeps the
 * position of the last commit, so the newest row's position is always the committed one.
 * Undefined before the first commit.
 */
export async function readCommittedCheckpoint(reader: Reader, projection: string = LIVE_PROJECTION): Promise<CommittedCheckpoint | undefined> {
  const [row] = await reader.rows<{ position: string; committed_ms: string; rows: string }>(
    'committed_checkpoint',
    sql`SELECT toString(argMax(position, seq)) AS position,
               toString(if(countIf(pending_to = 0) > 0, argMaxIf(toUnixTimestamp64Milli(updated_at), seq, pending_to = 0), toUnixTimestamp64Milli(argMax(updated_at, seq)))) AS committed_ms,
               toString(count()) AS rows
        FROM projector_checkpoints WHERE projection_name = ${projection}`,
  );
  if (!row || row.rows === '0') return undefined;
  return { position: BigInt(row.position), committedAt: new Date(Number(row.committed_ms)) };
}

/**
 * Projection lag as any process that reads ClickHouse sees it: the committed checkpoint from
 * `projector_checkpoints`, the head from the event store when the process has one (without one,
 * the head is taken to be the checkpoint: nothing known to be behind).
 */
export function checkpointStatus(reader: Reader, head?: () => Promise<bigint>): ProjectorStatusSource {
  return async () => {
    const [checkpoint, newest] = await Promise.all([readCommittedCheckpoint(reader), head?.()]);
    const position = checkpoint?.position ?? 0n;
    return { position, head: newest ?? position, updatedAt: checkpoint?.committedAt, caughtUp: newest === undefined || newest <= position };
  };
}
