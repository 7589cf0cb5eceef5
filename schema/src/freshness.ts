/**
 * What each GraphQL answer says it was read at (`extensions.freshness`): the projections'
 * committed checkpoint (position and time), the log's head, how far behind that is, and when the
 * figures were known complete (`dataAsOf`). The API writes it (graphql-api freshness.ts, which says
 * how each is derived); the screen reads it to show 数据截至. Positions are strings: they are 64-bit.
 */
export interface Freshness {
  position: string | null;
  committedAt: string | null;
  head: string | null;
  eventsBehind: string | null;
  lagSeconds: number | null;
  dataAsOf: string | null;
}
