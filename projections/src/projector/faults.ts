import type { ClickHouseClient } from '@clickhouse/client';
import { skippedEventFromRow, type ProjectionFault, type SkippedEvent, type SkippedEventRow } from '@redstream/schema';

export type { ProjectionFault, SkippedEvent } from '@redstream/schema';

/**
 * The fate of an event a projection cannot apply (a bug in a mapping, an upcast that throws): the
 * projector applies every event before it, stops there and records the fault; nothing after it is
 * applied until an operator decides — retry (after a fix), or skip it with a reason. Both the fault
 * and the decision live in ClickHouse (migration 0005), so any process that reads ClickHouse shows
 * them and `redstream projections …` works from anywhere, without reaching the projector's process.
 */
export class EventFailure extends Error {
  constructor(
    readonly position: bigint,
    readonly eventId: string,
    readonly eventType: string,
    cause: unknown,
  ) {
    super(`event ${position} (${eventType} ${eventId}) cannot be projected: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'EventFailure';
  }

  get reason(): string {
    return this.cause instanceof Error ? this.cause.message : String(this.cause);
  }
}

/** Runs `step` for one event; any error names the event. */
export function forEvent<T>(event: { position: bigint | string; eventId: string; type: string }, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof EventFailure) throw error;
    throw new EventFailure(BigInt(event.position), event.eventId, event.type, error);
  }
}

const ms = (d: Date) => d.getTime();
const toDate = (s: string) => new Date(Number(s));

export async function recordFault(client: ClickHouseClient, fault: ProjectionFault): Promise<void> {
  await client.insert({
    table: 'projection_faults',
    values: [{ projection_name: fault.projection, position: fault.position.toString(), event_id: fault.eventId, event_type: fault.eventType, error: fault.error, failed_at: fault.failedAt.toISOString() }],
    format: 'JSONEachRow',
    clickhouse_settings: { insert_deduplicate: 0 },
  });
}

/** The newest fault recorded for `projection` (current while the projection's checkpoint is before it). */
export async function readLastFault(client: ClickHouseClient, projection: string): Promise<ProjectionFault | undefined> {
  const rs = await client.query({
    query: `SELECT toString(position) AS position, event_id, event_type, error, toString(toUnixTimestamp64Milli(failed_at)) AS failed_ms
            FROM projection_faults WHERE projection_name = {p:String} ORDER BY failed_at DESC LIMIT 1`,
    query_params: { p: projection },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ position: string; event_id: string; event_type: string; error: string; failed_ms: string }>();
  return row && { projection, position: BigInt(row.position), eventId: row.event_id, eventType: row.event_type, error: row.error, failedAt: toDate(row.failed_ms) };
}

async function decide(client: ClickHouseClient, row: { projection: string; action: 'retry' | 'skip'; position: bigint; eventId?: string; eventType?: string; reason?: string; error?: string }): Promise<void> {
  await client.insert({
    table: 'projection_decisions',
    values: [{ projection_name: row.projection, action: row.action, position: row.position.toString(), event_id: row.eventId ?? '', event_type: row.eventType ?? '', reason: row.reason ?? '', error: row.error ?? '', decided_at: new Date().toISOString() }],
    format: 'JSONEachRow',
    clickhouse_settings: { insert_deduplicate: 0 },
  });
}

/** Asks a faulted projection to try its event again (after a fix was deployed, or a transient cause passed). */
export async function requestRetry(client: ClickHouseClient, projection = 'main'): Promise<ProjectionFault | undefined> {
  const fault = await readLastFault(client, projection);
  await decide(client, { projection, action: 'retry', position: fault?.position ?? 0n });
  return fault;
}

/**
 * Records that the event at `position` is skipped by every projection, with the operator's reason.
 * Only the event a projection is stopped at may be skipped: an operator decides about an error
 * they have seen, never about positions in general.
 */
export async function skipEvent(client: ClickHouseClient, options: { position: bigint; reason: string; projection?: string; checkpoint: bigint }): Promise<SkippedEvent> {
  const projection = options.projection ?? 'main';
  if (options.reason.trim() === '') throw new Error('a skip needs a reason (--reason "…"): it is shown forever after');
  const fault = await readLastFault(client, projection);
  if (!fault || fault.position <= options.checkpoint) throw new Error(`projection ${projection} is not stopped at a failed event; nothing to skip`);
  if (fault.position !== options.position) throw new Error(`projection ${projection} is stopped at position ${fault.position} (${fault.eventType} ${fault.eventId}), not ${options.position}`);
  await decide(client, { projection, action: 'skip', position: fault.position, eventId: fault.eventId, eventType: fault.eventType, reason: options.reason, error: fault.error });
  return { projection, position: fault.position, eventId: fault.eventId, eventType: fault.eventType, reason: options.reason, error: fault.error, skippedAt: new Date() };
}

/** Every event ever skipped, oldest first. */
export async function readSkips(client: ClickHouseClient): Promise<SkippedEvent[]> {
  const rs = await client.query({
    query: `SELECT projection_name AS name, toString(position) AS position, event_id, event_type, reason, error, toString(toUnixTimestamp64Milli(decided_at)) AS at
            FROM projection_decisions WHERE action = 'skip' ORDER BY decided_at`,
    format: 'JSONEachRow',
  });
  return (await rs.json<SkippedEventRow>()).map(skippedEventFromRow);
}

/** Whether an operator decided about `fault` since it was recorded (a retry, or a skip of its event). */
export async function decidedSince(client: ClickHouseClient, fault: ProjectionFault): Promise<'retry' | 'skip' | undefined> {
  const rs = await client.query({
    query: `SELECT action FROM projection_decisions
            WHERE projection_name = {p:String} AND decided_at >= fromUnixTimestamp64Milli({since:Int64}) AND (action = 'retry' OR position = {pos:UInt64})
            ORDER BY decided_at DESC LIMIT 1`,
    query_params: { p: fault.projection, since: ms(fault.failedAt), pos: fault.position.toString() },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ action: 'retry' | 'skip' }>();
  return row?.action;
}
