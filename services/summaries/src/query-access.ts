import type { PositionLog, QueryContext } from '@redstream/queries';
import type { ReadModelsAt } from './as-of.ts';

/** How the CLI reaches the read models when it reads them itself (read-models.ts opens them). */
export interface QueryAccess {
  query: QueryContext;
  /** The event log, when open: resolves --as-of date-times. */
  log?: PositionLog;
  /** The read models as the log stood at a position (--as-of), when the log is open. */
  readModelsAt?: ReadModelsAt;
  close(): Promise<void>;
}
