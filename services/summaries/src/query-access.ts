import type { PositionLog, QueryContext } from '@redstream/queries';

/** How the CLI reaches the read models when it reads them itself (read-models.ts opens them). */
/** How the CLI reaches the read models when it reads them itself. */
export interface QueryAccess {
  query: QueryContext;
  /** The event log, when open: resolves --as-of date-times. */
  log?: PositionLog;
  close(): Promise<void>;
}
