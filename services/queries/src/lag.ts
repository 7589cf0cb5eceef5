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
