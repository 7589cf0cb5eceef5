import { z } from 'zod';

/**
 * What the projector records about events it could not apply (ClickHouse migration 0005): the
 * fault a projection is stopped at (`projection_faults`) and the events an operator skipped
 * (`projection_decisions`, action 'skip'). The projector writes and reads them
 * (projections/src/projector/faults.ts); the query layer only reads them (GraphQL, /metrics, the CLI).
 * One description here so both sides agree on the row and its meaning.
 */
/**
 * Checkpoint names of projector runs beside the live `main`. A rebuild (`rebuild-<id>:<models>`)
 * is an operation an operator watches; an as-of replay (`asof-<position>_<id>`) is a private copy
 * that serves one request and is dropped after it, so it is no projection to operate — and one
 * left by a process killed mid-replay must not show as a projection lagging forever.
 */
export const REBUILD_RUN_PREFIX = 'rebuild-';
export const AS_OF_RUN_PREFIX = 'asof-';

const FaultedEvent = z.object({
  /** The projection's checkpoint name: 'main', or a rebuild's. */
  projection: z.string(),
  /** The event's global position in the log. */
  position: z.bigint(),
  eventId: z.string(),
  eventType: z.string(),
  /** The error the event failed with. */
  error: z.string(),
});

/** The event a projection is stopped at; current while the projection's checkpoint is before it. */
export const ProjectionFault = FaultedEvent.extend({ failedAt: z.date() });
export type ProjectionFault = z.infer<typeof ProjectionFault>;

/** An event an operator skipped with a reason; every projection and rebuild leaves it out forever. */
export const SkippedEvent = FaultedEvent.extend({ reason: z.string(), skippedAt: z.date() });
export type SkippedEvent = z.infer<typeof SkippedEvent>;

/**
 * A skip as both readers select it from `projection_decisions` (positions and milliseconds as
 * strings, so no 64-bit value passes through a JS number):
 * `projection_name AS name, toString(position) AS position, event_id, event_type, reason, error,
 *  toString(toUnixTimestamp64Milli(decided_at)) AS at`.
 */
export interface SkippedEventRow {
  name: string;
  position: string;
  event_id: string;
  event_type: string;
  reason: string;
  error: string;
  at: string;
}

export function skippedEventFromRow(row: SkippedEventRow): SkippedEvent {
  return { projection: row.name, position: BigInt(row.position), eventId: row.event_id, eventType: row.event_type, reason: row.reason, error: row.error, skippedAt: new Date(Number(row.at)) };
}
