import type { Principal } from '@redstream/service-kit';
import type { QueryContext } from './queries/access.ts';
import type { LiveFigures } from './live/live-hub.ts';
import type { ProjectorStatusSource } from './queries/lag.ts';

/** What every resolver receives: the caller and the query layer bound to the caller's scope. */
export interface GraphqlContext {
  principal: Principal;
  query: QueryContext;
  live: LiveFigures | undefined;
  projectorStatus: ProjectorStatusSource | undefined;
}
