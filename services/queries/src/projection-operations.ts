import { AS_OF_RUN_PREFIX, REBUILD_RUN_PREFIX, skippedEventFromRow, type ProjectionFault, type SkippedEvent, type SkippedEventRow } from '@redstream/schema';
import type { Reader } from './reader.ts';
import { sql } from './sql.ts';

/**
 * Projection operations as any process that reads ClickHouse sees them: each projection's committed
 * checkpoint (`projector_checkpoints`), the event it is stopped at (`projection_faults`, current
 * while the checkpoint is before it) and every event an operator skipped (`projection_decisions`).
 * The projector writes them (projections/src/projector/faults.ts); here they are only read.
 */
export type ProjectionState = 'CATCHING_UP' | 'LIVE' | 'REBUILDING' | 'FAULTED';

/** A projection's fault as shown beside it (the projection is the one it belongs to). */
export type ProjectionFaultView = Omit<ProjectionFault, 'projection'>;

export interface ProjectionView {
  name: string;
  state: ProjectionState;
  position: bigint;
  committedAt: Date | undefined;
  /** Events behind the head (when the head is known). */
  eventsBehind: bigint | undefined;
  /** Seconds since the last commit while behind (0 at the head). */
  secondsBehind: number | undefined;
  fault: ProjectionFaultView | undefined;
}

export interface ProjectionOperations {
  projections: ProjectionView[];
  skipped: SkippedEvent[];
}

const isRebuild = (name: string) => name.startsWith(REBUILD_RUN_PREFIX);

export async function projectionOperations(reader: Reader, head?: bigint, now: number = Date.now()): Promise<ProjectionOperations> {
  const [checkpoints, faults, skips] = await Promise.all([
    reader.rows<{ name: string; position: string; pending: string; at: string }>(
      'projection_checkpoints',
      sql`SELECT projection_name AS name, toString(argMax(position, seq)) AS position, toString(argMax(pending_to, seq)) AS pending,
                 toString(toUnixTimestamp64Milli(argMax(updated_at, seq))) AS at
          FROM projector_checkpoints GROUP BY projection_name ORDER BY projection_name`,
    ),
    reader.rows<{ name: string; position: string; event_id: string; event_type: string; error: string; at: string }>(
      'projection_faults',
      sql`SELECT projection_name AS name, toString(argMax(position, failed_at)) AS position, argMax(event_id, failed_at) AS event_id,
                 argMax(event_type, failed_at) AS event_type, argMax(error, failed_at) AS error, toString(toUnixTimestamp64Milli(max(failed_at))) AS at
          FROM projection_faults GROUP BY projection_name`,
    ),
    reader.rows<SkippedEventRow>(
      'projection_skips',
      sql`SELECT projection_name AS name, toString(position) AS position, event_id, event_type, reason, error, toString(toUnixTimestamp64Milli(decided_at)) AS at
          FROM projection_decisions WHERE action = 'skip' ORDER BY decided_at`,
    ),
  ]);
  const faultOf = new Map(faults.map((f) => [f.name, f]));
  // A finished rebuild's checkpoint stays behind; a run that wrote nothing for a minute is not shown.
  const current = checkpoints.filter((c) => !c.name.startsWith(AS_OF_RUN_PREFIX) && (!isRebuild(c.name) || now - Number(c.at) < 60_000));
  const projections = current.map((c): ProjectionView => {
    const position = BigInt(c.position);
    const f = faultOf.get(c.name);
    const fault = f && BigInt(f.position) > position ? { position: BigInt(f.position), eventId: f.event_id, eventType: f.event_type, error: f.error, failedAt: new Date(Number(f.at)) } : undefined;
    const behind = head === undefined || isRebuild(c.name) ? undefined : head > position ? head - position : 0n;
    const committedAt = new Date(Number(c.at));
    const state: ProjectionState = fault ? 'FAULTED' : isRebuild(c.name) ? 'REBUILDING' : behind !== undefined && behind > 0n ? 'CATCHING_UP' : 'LIVE';
    return { name: c.name, state, position, committedAt, eventsBehind: behind, secondsBehind: behind === undefined ? undefined : behind > 0n ? Math.max(0, (now - committedAt.getTime()) / 1000) : 0, fault };
  });
  const skipped = skips.map(skippedEventFromRow);
  return { projections, skipped };
}
