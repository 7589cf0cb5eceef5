import type { Principal } from '@redstream/service-kit';
import type { QueryContext } from '@redstream/queries';
import type { LiveHub } from './live/live-hub.ts';
import type { PositionLog, ProjectorStatusSource } from '@redstream/queries';

/** What every resolver receives: the caller and the query layer bound to the caller's scope. */
export interface GraphqlContext {
  principal: Principal;
  query: QueryContext;
  live: LiveHub | undefined;
  projectorStatus: ProjectorStatusSource | undefined;
  /** The clock: which year is still running. */
  now: () => Date;
  /** The event log, when this process reads it: `asOf` given as a date-time is resolved on it. */
  log: PositionLog | undefined;
  /** Pothos's complexity limit (REDSTREAM_GRAPHQL_MAX_COST). */
  maxComplexity: number;
}
